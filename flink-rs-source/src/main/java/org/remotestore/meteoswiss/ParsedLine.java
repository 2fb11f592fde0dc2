package org.remotestore.meteoswiss;

/**
 * One data line of a MeteoSwiss CSV file after parsing: either a {@link MeasurementRow} or a {@link
 * RejectedRow} explaining why the line could not be used.
 */
public sealed interface ParsedLine permits MeasurementRow, RejectedRow {

  /** The file the line came from (as given to the parser, usually the feed path). */
  String sourceFile();

  /** 1-based line number in the file (the header is line 1). */
  long lineNumber();

  /** True for a {@link RejectedRow}. */
  default boolean isRejected() {
    return this instanceof RejectedRow;
  }
}
