package org.remotestore.meteoswiss.replay;

/** The kinds of broken lines the replay can inject into a station file. */
public enum MalformedKind {
  /** A row whose {@code reference_timestamp} is not a valid date (31 February, 25:00). */
  BAD_TIMESTAMP,
  /** A row with text where a number belongs. */
  NON_NUMERIC,
  /** A row with fewer fields than the header. */
  FIELD_COUNT
}
