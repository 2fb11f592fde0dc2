package org.remotestore.meteoswiss;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Time resolution of a MeteoSwiss SwissMetNet file, named by the letter used in the file names
 * ({@code ogd-smn_ber_t_now.csv}).
 *
 * <p>The meaning of {@code reference_timestamp} differs: for {@link #T} and {@link #H} it is the
 * END of the measured interval (16:00 covers 15:50 to 16:00), for {@link #D}, {@link #M} and {@link
 * #Y} it is the START of the interval. All timestamps are UTC.
 */
public enum Granularity {
  /** Ten-minute values; timestamp = interval end. */
  T('t', true, ChronoUnit.MINUTES, 10, EnumSet.allOf(Period.class), true),
  /** Hourly values; timestamp = interval end. */
  H('h', true, ChronoUnit.HOURS, 1, EnumSet.allOf(Period.class), true),
  /** Daily values; timestamp = interval start. No {@code now} file, one historical file. */
  D('d', false, ChronoUnit.DAYS, 1, EnumSet.of(Period.RECENT, Period.HISTORICAL), false),
  /** Monthly values; timestamp = interval start. One file per station, no period. */
  M('m', false, ChronoUnit.MONTHS, 1, EnumSet.noneOf(Period.class), false),
  /** Yearly values; timestamp = interval start. One file per station, no period. */
  Y('y', false, ChronoUnit.YEARS, 1, EnumSet.noneOf(Period.class), false);

  private final char letter;
  private final boolean timestampIsIntervalEnd;
  private final ChronoUnit unit;
  private final int amount;
  private final Set<Period> periods;
  private final boolean historicalByDecade;

  Granularity(
      char letter,
      boolean timestampIsIntervalEnd,
      ChronoUnit unit,
      int amount,
      Set<Period> periods,
      boolean historicalByDecade) {
    this.letter = letter;
    this.timestampIsIntervalEnd = timestampIsIntervalEnd;
    this.unit = unit;
    this.amount = amount;
    this.periods = periods;
    this.historicalByDecade = historicalByDecade;
  }

  /**
   * The lowercase letter used in file names ({@code t}, {@code h}, {@code d}, {@code m}, {@code
   * y}).
   */
  public char letter() {
    return letter;
  }

  /** The letter as a string, as used in file names. */
  public String token() {
    return String.valueOf(letter);
  }

  /**
   * True when {@code reference_timestamp} marks the END of the interval ({@code t}, {@code h}),
   * false when it marks the START ({@code d}, {@code m}, {@code y}).
   */
  public boolean timestampIsIntervalEnd() {
    return timestampIsIntervalEnd;
  }

  /** The calendar unit of one interval (10 minutes are {@code MINUTES} with amount 10). */
  public ChronoUnit unit() {
    return unit;
  }

  /** How many {@link #unit()}s one interval spans. */
  public int amount() {
    return amount;
  }

  /**
   * The nominal length of one interval. Exact for {@code t}, {@code h}, {@code d}; months and years
   * are approximated (30 and 365 days), use {@link #next(Instant)} for calendar arithmetic.
   */
  public Duration nominalInterval() {
    return switch (this) {
      case T -> Duration.ofMinutes(10);
      case H -> Duration.ofHours(1);
      case D -> Duration.ofDays(1);
      case M -> Duration.ofDays(30);
      case Y -> Duration.ofDays(365);
    };
  }

  /**
   * The periods ({@code now}, {@code recent}, {@code historical}) this granularity is published
   * for.
   */
  public Set<Period> periods() {
    return EnumSet.copyOf(periods.isEmpty() ? EnumSet.noneOf(Period.class) : periods);
  }

  /**
   * True when the granularity is published per period; false for the single {@code m}/{@code y}
   * files.
   */
  public boolean hasPeriods() {
    return !periods.isEmpty();
  }

  /**
   * True when the historical data is split into decade files ({@code _t_historical_2000-2009.csv}).
   */
  public boolean historicalByDecade() {
    return historicalByDecade;
  }

  /** The next reference timestamp after {@code timestamp} (calendar arithmetic in UTC). */
  public Instant next(Instant timestamp) {
    return ZonedDateTime.ofInstant(timestamp, ZoneOffset.UTC).plus(amount, unit).toInstant();
  }

  /** The reference timestamp before {@code timestamp} (calendar arithmetic in UTC). */
  public Instant previous(Instant timestamp) {
    return ZonedDateTime.ofInstant(timestamp, ZoneOffset.UTC).minus(amount, unit).toInstant();
  }

  /** The largest aligned reference timestamp that is not after {@code instant}. */
  public Instant floor(Instant instant) {
    ZonedDateTime t = ZonedDateTime.ofInstant(instant, ZoneOffset.UTC);
    ZonedDateTime floored =
        switch (this) {
          case T -> t.truncatedTo(ChronoUnit.HOURS).plusMinutes((t.getMinute() / 10) * 10L);
          case H -> t.truncatedTo(ChronoUnit.HOURS);
          case D -> t.truncatedTo(ChronoUnit.DAYS);
          case M -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
          case Y -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        };
    return floored.toInstant();
  }

  /** True when {@code timestamp} lies on this granularity's grid. */
  public boolean isAligned(Instant timestamp) {
    return floor(timestamp).equals(timestamp);
  }

  /** Start of the interval a row with this reference timestamp covers. */
  public Instant intervalStart(Instant referenceTimestamp) {
    return timestampIsIntervalEnd ? previous(referenceTimestamp) : referenceTimestamp;
  }

  /** End (exclusive) of the interval a row with this reference timestamp covers. */
  public Instant intervalEnd(Instant referenceTimestamp) {
    return timestampIsIntervalEnd ? referenceTimestamp : next(referenceTimestamp);
  }

  /**
   * Parses a granularity from its letter or name, case-insensitively ({@code "t"}, {@code "T"}).
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static Granularity of(String token) {
    if (token != null && token.trim().length() == 1) {
      char c = Character.toLowerCase(token.trim().charAt(0));
      for (Granularity g : values()) {
        if (g.letter == c) {
          return g;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unknown MeteoSwiss granularity '" + token + "'; expected one of t, h, d, m, y");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
