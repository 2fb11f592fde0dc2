package org.remotestore.meteoswiss.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;

/**
 * The published window of one file: timestamps in [first, last], and the calendar rules that place
 * the windows of the {@code now}, {@code recent} and {@code historical} files.
 */
record ReplayWindow(Instant first, Instant last) {
  boolean overlaps(Instant from, Instant to) {
    return !first.isAfter(to) && !last.isBefore(from);
  }

  static Instant startOfDay(Instant now) {
    return now.truncatedTo(ChronoUnit.DAYS);
  }

  static int yearOfYesterday(Instant now) {
    return ZonedDateTime.ofInstant(startOfDay(now).minus(1, ChronoUnit.DAYS), ZoneOffset.UTC)
        .getYear();
  }

  static Instant january1(int year) {
    return LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /**
   * The window of a file at {@code now}, or {@code null} when the file does not exist. The single
   * {@code m} and {@code y} files hold every complete month (year) from the history start on.
   */
  static ReplayWindow window(FeedFile f, Instant now, Instant historyStart) {
    Granularity g = f.granularity();
    Instant today = startOfDay(now);
    Instant recentStart = january1(yearOfYesterday(now));
    Instant first;
    Instant endExclusive;
    if (!g.hasPeriods()) {
      // the single m / y file: every complete month (year) since the history start
      return bounded(g, historyStart, g.floor(today), historyStart);
    }
    switch (f.period()) {
      case NOW -> {
        first = today.minus(12, ChronoUnit.HOURS);
        endExclusive = g.next(g.floor(now));
      }
      case RECENT -> {
        first = recentStart;
        endExclusive = today;
      }
      case HISTORICAL -> {
        if (f.decadeStart() != null) {
          first = january1(f.decadeStart());
          Instant decadeEnd = january1(f.decadeStart() + 10);
          endExclusive = decadeEnd.isBefore(recentStart) ? decadeEnd : recentStart;
        } else {
          first = historyStart;
          endExclusive = recentStart;
        }
      }
      default -> throw new IllegalStateException();
    }
    return bounded(g, first, endExclusive, historyStart);
  }

  private static ReplayWindow bounded(
      Granularity g, Instant first, Instant endExclusive, Instant historyStart) {
    if (first.isBefore(historyStart)) {
      first = historyStart;
    }
    first = alignUp(g, first);
    Instant last = g.previous(alignUp(g, endExclusive));
    if (last.isBefore(first)) {
      return null;
    }
    return new ReplayWindow(first, last);
  }

  static Instant alignUp(Granularity g, Instant t) {
    Instant f = g.floor(t);
    return f.equals(t) ? t : g.next(f);
  }
}
