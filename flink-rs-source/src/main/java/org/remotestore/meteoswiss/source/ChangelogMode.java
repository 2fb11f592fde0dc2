package org.remotestore.meteoswiss.source;

import java.util.Locale;

/**
 * How a corrected row (a revision: same station and timestamp, different values) is emitted.
 *
 * <p>MeteoSwiss plausibility-checks values over about five days and fills the newest row later, so
 * the same (station, {@code reference_timestamp}) can come back with other values. The source
 * notices this inside its revision window and emits the row again.
 */
public enum ChangelogMode {
  /** Emit the corrected row as a new record flagged {@link RowChange#REVISION}. */
  APPEND,
  /**
   * Emit the corrected row as {@link RowChange#UPDATE}, an upsert keyed on (station, timestamp).
   */
  UPSERT;

  /** The lower-case name used in options. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an option value case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static ChangelogMode parse(String value) {
    for (ChangelogMode m : values()) {
      if (m.code().equalsIgnoreCase(value.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown changelog mode '" + value + "', expected append or upsert");
  }
}
