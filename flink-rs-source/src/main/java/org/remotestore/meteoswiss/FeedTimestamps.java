package org.remotestore.meteoswiss;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The {@code dd.MM.yyyy HH:mm} UTC timestamps of the MeteoSwiss files. Parsing also accepts a bare
 * date ({@code dd.MM.yyyy}, midnight) as used in metadata files.
 */
public final class FeedTimestamps {

  private FeedTimestamps() {}

  /**
   * Parses {@code dd.MM.yyyy HH:mm} (or {@code dd.MM.yyyy}) as UTC.
   *
   * @throws IllegalArgumentException with the offending text when it is not a valid timestamp
   */
  public static Instant parse(String text) {
    String s = text == null ? "" : text.trim();
    if ((s.length() != 16 && s.length() != 10)
        || s.charAt(2) != '.'
        || s.charAt(5) != '.'
        || (s.length() == 16 && (s.charAt(10) != ' ' || s.charAt(13) != ':'))) {
      throw new IllegalArgumentException("'" + text + "' is not a dd.MM.yyyy HH:mm timestamp");
    }
    try {
      int day = digits(s, 0, 2);
      int month = digits(s, 3, 5);
      int year = digits(s, 6, 10);
      int hour = s.length() == 16 ? digits(s, 11, 13) : 0;
      int minute = s.length() == 16 ? digits(s, 14, 16) : 0;
      return LocalDateTime.of(year, month, day, hour, minute).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid dd.MM.yyyy HH:mm timestamp: " + e.getMessage(), e);
    }
  }

  /** Formats an instant as {@code dd.MM.yyyy HH:mm} in UTC (seconds are dropped). */
  public static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    char[] c = new char[16];
    put(c, 0, t.getDayOfMonth(), 2);
    c[2] = '.';
    put(c, 3, t.getMonthValue(), 2);
    c[5] = '.';
    put(c, 6, t.getYear(), 4);
    c[10] = ' ';
    put(c, 11, t.getHour(), 2);
    c[13] = ':';
    put(c, 14, t.getMinute(), 2);
    return new String(c);
  }

  /** Formats the date part only, {@code dd.MM.yyyy}. */
  public static String formatDate(Instant instant) {
    return format(instant).substring(0, 10);
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      c[at + i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        throw new NumberFormatException("non-digit '" + ch + "'");
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }
}
