package org.remotestore.meteoswiss.source;

import java.util.Locale;

/** Which of a station's files the source reads, and in which order. */
public enum PeriodMode {
  /** Only the {@code now} file (yesterday 12:00 UTC to now); daily data falls back to recent. */
  NOW,
  /** Only the {@code recent} file (1 January to yesterday). */
  RECENT,
  /** Only the {@code historical} files (every decade, oldest first). */
  HISTORICAL,
  /** The historical decades, then {@code recent}, then {@code now}: the whole record, no gap. */
  BACKFILL;

  /** The lower-case name used in options. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an option value case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static PeriodMode parse(String value) {
    for (PeriodMode m : values()) {
      if (m.code().equalsIgnoreCase(value.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown period '" + value + "', expected one of now, recent, historical, backfill");
  }
}
