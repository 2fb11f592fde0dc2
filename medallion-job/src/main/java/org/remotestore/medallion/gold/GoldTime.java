package org.remotestore.medallion.gold;

import java.time.LocalDate;

/**
 * Event-time arithmetic shared by the gold operators. A row belongs to the UTC day of its {@code
 * reference_timestamp} (the same day as its silver partition), so a day holds the 144 timestamps
 * 00:00 to 23:50.
 */
public final class GoldTime {
  /** One UTC day in milliseconds. */
  public static final long DAY_MS = 86_400_000L;

  /** Ten minutes in milliseconds, the spacing of {@code t} data. */
  public static final long TEN_MINUTES_MS = 600_000L;

  /** 10-minute slots in a UTC day. */
  public static final int SLOTS_PER_DAY = 144;

  /** The UTC day (days since 1970-01-01) of an epoch millisecond. */
  public static long epochDay(long epochMillis) {
    return Math.floorDiv(epochMillis, DAY_MS);
  }

  /** The UTC day as a date. */
  public static LocalDate date(long epochDay) {
    return LocalDate.ofEpochDay(epochDay);
  }

  /** The first millisecond after the day. */
  public static long dayEnd(long epochDay) {
    return (epochDay + 1) * DAY_MS;
  }

  /** When the day's summary is first emitted: its end plus the allowed lateness. */
  public static long closeTime(long epochDay, GoldConfig cfg) {
    return saturatedAdd(dayEnd(epochDay), cfg.allowedLateness().toMillis());
  }

  /**
   * When the day stops being correctable: its end plus the correction period. Rows of the day that
   * arrive once the watermark has reached this time are ignored, and its state is dropped.
   */
  public static long horizon(long epochDay, GoldConfig cfg) {
    return saturatedAdd(dayEnd(epochDay), cfg.correctionPeriod().toMillis());
  }

  /** Whether a row with this timestamp is still accepted at this watermark. */
  public static boolean correctable(long epochMillis, long watermark, GoldConfig cfg) {
    return horizon(epochDay(epochMillis), cfg) > watermark;
  }

  /** The smallest multiple of {@code interval} (since the epoch) at or after {@code t}. */
  public static long ceilTo(long t, long interval) {
    long floor = Math.floorDiv(t, interval) * interval;
    return floor == t ? t : saturatedAdd(floor, interval);
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return r < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return r;
  }

  private GoldTime() {}
}
