package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A range of {@code reference_timestamp}s, {@code start} inclusive and {@code end} exclusive; a
 * {@code null} bound is open. The source reads only the rows inside it: historical decade files
 * wholly outside are not fetched, rows outside are dropped, and a station's split ends once its
 * feed has passed {@code end} (the files of a station ascend in time).
 *
 * @param start the first timestamp read, or {@code null} for no lower bound
 * @param end the first timestamp no longer read, or {@code null} for no upper bound
 */
public record TimeRange(Instant start, Instant end) implements Serializable {
  /** No bound at all. */
  public static final TimeRange ALL = new TimeRange(null, null);

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException when {@code start} is after {@code end}
   */
  public TimeRange {
    if (start != null && end != null && start.isAfter(end)) {
      throw new IllegalArgumentException("time range start " + start + " is after its end " + end);
    }
  }

  /** Whether both bounds are open. */
  public boolean isAll() {
    return start == null && end == null;
  }

  /** Whether no timestamp at all lies inside. */
  public boolean isEmpty() {
    return start != null && end != null && !start.isBefore(end);
  }

  /** Whether {@code epochMillis} lies inside. */
  public boolean contains(long epochMillis) {
    Instant t = Instant.ofEpochMilli(epochMillis);
    return (start == null || !t.isBefore(start)) && (end == null || t.isBefore(end));
  }

  /** Whether a timestamp at {@code epochMillis} or later can no longer lie inside. */
  public boolean isPastEnd(long epochMillis) {
    return end != null && !Instant.ofEpochMilli(epochMillis).isBefore(end);
  }

  /** Whether some timestamp of {@code [from, toExclusive)} lies inside. */
  public boolean overlaps(Instant from, Instant toExclusive) {
    return !isEmpty()
        && (start == null || toExclusive.isAfter(start))
        && (end == null || from.isBefore(end));
  }

  /**
   * Whether a historical decade file starting in {@code firstYear} may hold rows inside. A day of
   * margin on both sides covers interval-end timestamps (10-minute and hourly rows are stamped at
   * the end of their interval, so 1 January 00:00 may close the previous decade).
   */
  public boolean overlapsDecade(int firstYear) {
    Instant from =
        LocalDate.of(firstYear, 1, 1).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to =
        LocalDate.of(firstYear + 10, 1, 1).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return overlaps(from, to);
  }

  /** The timestamps inside both ranges (empty, never an error, when they do not meet). */
  public TimeRange intersect(TimeRange other) {
    Instant s = later(start, other.start);
    Instant e = earlier(end, other.end);
    if (s != null && e != null && s.isAfter(e)) {
      e = s; // empty
    }
    return new TimeRange(s, e);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  @Override
  public String toString() {
    return "[" + (start == null ? "-inf" : start) + ", " + (end == null ? "+inf" : end) + ")";
  }
}
