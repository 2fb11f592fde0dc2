package org.remotestore.meteoswiss.source;

import java.util.Locale;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.Period;

/** Which of a station's files the source reads, and in which order. */
public enum PeriodMode {
  /** Only the {@code now} file (yesterday 12:00 UTC to now); {@code t} and {@code h} only. */
  NOW,
  /** Only the {@code recent} file (1 January to yesterday). */
  RECENT,
  /** Only the {@code historical} files (every decade, oldest first). */
  HISTORICAL,
  /** The historical decades, then {@code recent}, then {@code now}: the whole record, no gap. */
  BACKFILL;

  /**
   * Whether the feed publishes the files this mode reads at {@code g}: {@code t} and {@code h}
   * every mode; {@code d} has no {@code now} file; {@code m} and {@code y} are one file each, read
   * by {@code historical} (once) and {@code backfill} (once, then followed).
   */
  public boolean supports(Granularity g) {
    if (!g.hasPeriods()) {
      return this == HISTORICAL || this == BACKFILL;
    }
    return this != NOW || g.periods().contains(Period.NOW);
  }

  /**
   * Throws when {@link #supports} is false, naming the period, the granularity and the modes that
   * work.
   *
   * @throws IllegalArgumentException if the feed does not publish this combination
   */
  public void checkSupports(Granularity g) {
    if (!supports(g)) {
      StringBuilder ok = new StringBuilder();
      for (PeriodMode m : values()) {
        if (m.supports(g)) {
          ok.append(ok.length() == 0 ? "" : ", ").append(m.code());
        }
      }
      throw new IllegalArgumentException(
          "period '" + code() + "' is not published for granularity '" + g + "'; use one of " + ok);
    }
  }

  /**
   * The mode used when none is given: {@code now} for {@code t} and {@code h}, {@code recent} for
   * {@code d}, {@code backfill} for {@code m} and {@code y}.
   */
  public static PeriodMode defaultFor(Granularity g) {
    if (!g.hasPeriods()) {
      return BACKFILL;
    }
    return g.periods().contains(Period.NOW) ? NOW : RECENT;
  }

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
