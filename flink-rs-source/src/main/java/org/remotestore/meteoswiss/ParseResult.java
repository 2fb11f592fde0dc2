package org.remotestore.meteoswiss;

import java.util.List;

/**
 * Everything {@link MeteoSwissCsvParser#parseAll} read from one file.
 *
 * @param sourceFile the file name given to the parser
 * @param headerLine the raw header line, {@code null} for an empty body
 * @param columns the header's column names in lower case, in file order
 * @param rows the accepted rows in file order
 * @param rejected the rejected lines in file order
 * @param linesRead lines read including the header
 */
public record ParseResult(
    String sourceFile,
    String headerLine,
    List<String> columns,
    List<MeasurementRow> rows,
    List<RejectedRow> rejected,
    long linesRead) {

  /** Copies the lists. */
  public ParseResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    rejected = List.copyOf(rejected);
  }
}
