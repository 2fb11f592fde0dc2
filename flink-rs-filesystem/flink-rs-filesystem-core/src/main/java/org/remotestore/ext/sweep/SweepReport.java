package org.remotestore.ext.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.remotestore.spi.Leftover;

/**
 * What one {@link OrphanSweeper#sweep()} found and did.
 *
 * @param store the name of the swept store
 * @param prefix the folder swept, relative to the store ({@code ""} for all of it)
 * @param olderThan the age a leftover had to reach to be removed
 * @param deleting whether leftovers were removed ({@code false}: a dry run)
 * @param checkpoints the completed checkpoints whose files were read, as {@code <store>:<path>}
 * @param entries one entry per leftover found, sorted by key
 * @param at when the sweep started
 */
public record SweepReport(
    String store,
    String prefix,
    Duration olderThan,
    boolean deleting,
    List<String> checkpoints,
    List<Entry> entries,
    Instant at) {

  /** Copies the lists. */
  public SweepReport {
    Objects.requireNonNull(store, "store");
    checkpoints = List.copyOf(checkpoints);
    entries = List.copyOf(entries);
  }

  /** What happened to one leftover. */
  public enum Decision {
    /** Removed. */
    REMOVED,
    /** Would be removed; this was a dry run. */
    WOULD_REMOVE,
    /** Was already gone when it was to be removed. */
    GONE,
    /** Kept: the latest completed checkpoint still refers to it. */
    KEPT_REFERENCED,
    /** Kept: younger than the age threshold, or of unknown age. */
    KEPT_RECENT,
    /** Removing it failed; see the entry's detail. */
    FAILED
  }

  /**
   * One leftover and what happened to it.
   *
   * @param leftover the leftover, its key relative to the store
   * @param decision what happened
   * @param detail the referencing checkpoint, the failure, or {@code ""}
   */
  public record Entry(Leftover leftover, Decision decision, String detail) {}

  /** How many leftovers got {@code decision}. */
  public long count(Decision decision) {
    return entries.stream().filter(e -> e.decision() == decision).count();
  }

  /** Whether removing any leftover failed. */
  public boolean hasFailures() {
    return count(Decision.FAILED) > 0;
  }

  /** One line: what was swept and how many leftovers got which decision. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(deleting ? "Swept" : "Dry run of")
        .append(" store '")
        .append(store)
        .append("'")
        .append(prefix.isEmpty() ? "" : " below '" + prefix + "'")
        .append(", older than ")
        .append(format(olderThan))
        .append(", ")
        .append(checkpoints.size())
        .append(" live checkpoint(s) read: ")
        .append(entries.size())
        .append(" leftover(s)");
    for (Decision d : Decision.values()) {
      long n = count(d);
      if (n > 0) {
        s.append(", ").append(n).append(' ').append(d.name().toLowerCase(Locale.ROOT));
      }
    }
    return s.toString();
  }

  /** The entries as a fixed-width table with a header line, then the summary line. */
  public String toTable() {
    String[] header = {"DECISION", "KIND", "AGE", "BYTES", "KEY", "ID", "DETAIL"};
    String[][] rows = new String[entries.size()][];
    for (int i = 0; i < rows.length; i++) {
      Entry e = entries.get(i);
      Leftover l = e.leftover();
      rows[i] =
          new String[] {
            e.decision().name().toLowerCase(Locale.ROOT),
            l.kind(),
            l.startedAt() == null ? "?" : format(Duration.between(l.startedAt(), at)),
            l.bytes() < 0 ? "?" : Long.toString(l.bytes()),
            l.key(),
            l.id(),
            e.detail()
          };
    }
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
      for (String[] row : rows) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, header, width);
    for (String[] row : rows) {
      appendRow(out, row, width);
    }
    return out.append(summary()).append('\n').toString();
  }

  private static void appendRow(StringBuilder out, String[] row, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < row.length; c++) {
      line.append(row[c]);
      if (c < row.length - 1) {
        line.append(" ".repeat(width[c] - row[c].length() + 2));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** A duration as {@code 2d3h}, {@code 5m}, {@code 12s}, {@code 0s}. */
  static String format(Duration d) {
    if (d.isNegative()) {
      return "0s";
    }
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    StringBuilder s = new StringBuilder();
    if (days > 0) {
      s.append(days).append('d');
    }
    if (hours > 0) {
      s.append(hours).append('h');
    }
    if (minutes > 0 && days == 0) {
      s.append(minutes).append('m');
    }
    if (seconds > 0 && days == 0 && hours == 0) {
      s.append(seconds).append('s');
    }
    return s.length() == 0 ? "0s" : s.toString();
  }
}
