package org.remotestore.medallion.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plain-text table with a header, a rule and aligned columns, for terminals and logs. Numeric
 * columns are right-aligned, the others left-aligned.
 */
public final class TextTable {

  /** A column: its heading and whether its values are right-aligned. */
  public record Column(String heading, boolean rightAligned) {
    /** Validates the heading. */
    public Column {
      Objects.requireNonNull(heading, "heading");
    }
  }

  private final List<Column> columns;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these columns. */
  public TextTable(List<Column> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("A table needs at least one column");
    }
    this.columns = List.copyOf(columns);
  }

  /** Adds a row; {@code null} cells print as {@code -}. */
  public TextTable add(List<String> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(
          "Row has " + cells.size() + " cells, the table " + columns.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.size());
    for (String cell : cells) {
      row.add(cell == null ? "-" : cell);
    }
    rows.add(row);
    return this;
  }

  /** The number of rows added. */
  public int size() {
    return rows.size();
  }

  /** The table, one line per row, each line ending in {@code \n}. */
  public String render() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).heading().length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    List<String> headings = columns.stream().map(Column::heading).toList();
    line(out, headings, widths);
    for (int c = 0; c < widths.length; c++) {
      if (c > 0) {
        out.append("-+-");
      }
      out.append("-".repeat(widths[c]));
    }
    out.append('\n');
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      if (c > 0) {
        line.append(" | ");
      }
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(columns.get(c).rightAligned() ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
