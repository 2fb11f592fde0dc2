package org.remotestore.meteoswiss;

/** Why a line of a MeteoSwiss CSV file was rejected. */
public enum RejectReason {
  /** The header lacks {@code station_abbr} or {@code reference_timestamp}; the file is unusable. */
  BAD_HEADER,
  /** The line has a different number of fields than the header. */
  FIELD_COUNT,
  /** {@code reference_timestamp} is not a valid {@code dd.MM.yyyy HH:mm} UTC time. */
  BAD_TIMESTAMP,
  /** {@code station_abbr} is empty or not the station the file belongs to. */
  WRONG_STATION,
  /** A requested parameter holds something that is not a decimal number. */
  NON_NUMERIC,
  /** The last line of the body has no line terminator (body cut short) and was not trusted. */
  TRUNCATED,
  /** The line is longer than the parser's limit. */
  LINE_TOO_LONG,
  /** A required field of a metadata line is empty or invalid. */
  INVALID_VALUE,
  /**
   * A whole downloaded file does not match the STAC {@code file:checksum}: none of its rows were
   * emitted (the raw line is empty, the detail names the expected and the actual checksum).
   */
  CHECKSUM_MISMATCH,
  /**
   * A station code the feed does not know (its STAC item does not exist): nothing is read for it
   * (the source file is the item's URL, the raw line is empty, the detail names the station).
   */
  UNKNOWN_STATION
}
