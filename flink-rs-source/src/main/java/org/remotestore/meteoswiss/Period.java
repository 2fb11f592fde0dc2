package org.remotestore.meteoswiss;

import java.util.Locale;

/**
 * The publication period of a MeteoSwiss station file.
 *
 * <ul>
 *   <li>{@link #HISTORICAL}: start of record up to 31 December of last year, updated once a year
 *       ({@code t}/{@code h} split into decades, {@code d} one file);
 *   <li>{@link #RECENT}: 1 January of this year up to yesterday, updated daily;
 *   <li>{@link #NOW}: yesterday 12:00 UTC up to now, {@code t} and {@code h} only, refreshed every
 *       10 to 20 minutes.
 * </ul>
 */
public enum Period {
  NOW,
  RECENT,
  HISTORICAL;

  /** The word used in file names: {@code now}, {@code recent}, {@code historical}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a period from its file-name token, case-insensitively.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static Period of(String token) {
    if (token != null) {
      for (Period p : values()) {
        if (p.token().equalsIgnoreCase(token.trim())) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unknown MeteoSwiss period '" + token + "'; expected one of now, recent, historical");
  }

  @Override
  public String toString() {
    return token();
  }
}
