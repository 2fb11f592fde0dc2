package org.remotestore.medallion.gold;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.remotestore.medallion.silver.SilverRecord;

/**
 * The daily values {@code monthly_summary} aggregates, for one station and UTC day: either a whole
 * day (from a {@link DailySummary} of 10-minute data, replacing what the day held) or one value of
 * the feed's daily ({@code d}) data (merged into the day). Absent values are {@code null}.
 *
 * @param stationAbbr station code
 * @param date the UTC day
 * @param whole true when this replaces the day's values, false when its non-null values are merged
 * @param tempMean mean air temperature, °C ({@code tre200s0} mean or {@code tre200d0})
 * @param tempMin lowest air temperature, °C ({@code tre200s0} min or {@code tre200dn})
 * @param tempMax highest air temperature, °C ({@code tre200s0} max or {@code tre200dx})
 * @param precipitation precipitation, mm ({@code rre150z0} sum or {@code rre150d0})
 * @param sunshine sunshine, minutes ({@code sre000z0} sum or {@code sre000d0})
 * @param gustMax highest gust peak, km/h ({@code fu3010z1} max or {@code fu3010d1})
 */
@TypeInfo(GoldTypes.DayValuesType.class)
public record DayValues(
    String stationAbbr,
    LocalDate date,
    boolean whole,
    Double tempMean,
    Double tempMin,
    Double tempMax,
    Double precipitation,
    Double sunshine,
    Double gustMax)
    implements Serializable {

  /** Daily mean air temperature in {@code d} files. */
  public static final String DAILY_TEMPERATURE_MEAN = "tre200d0";

  /** Daily minimum air temperature in {@code d} files. */
  public static final String DAILY_TEMPERATURE_MIN = "tre200dn";

  /** Daily maximum air temperature in {@code d} files. */
  public static final String DAILY_TEMPERATURE_MAX = "tre200dx";

  /** Daily precipitation (06 to 06 UTC) in {@code d} files. */
  public static final String DAILY_PRECIPITATION = "rre150d0";

  /** Daily sunshine in {@code d} files. */
  public static final String DAILY_SUNSHINE = "sre000d0";

  /** Daily gust peak in {@code d} files. */
  public static final String DAILY_GUST = "fu3010d1";

  /** Validates the identifying fields. */
  public DayValues {
    Objects.requireNonNull(stationAbbr, "stationAbbr");
    Objects.requireNonNull(date, "date");
  }

  /** The whole day of a daily summary of 10-minute data. */
  public static DayValues of(DailySummary s) {
    return new DayValues(
        s.stationAbbr(),
        s.date(),
        true,
        s.tre200s0Mean(),
        s.tre200s0Min(),
        s.tre200s0Max(),
        s.rre150z0Sum(),
        s.sre000z0Sum(),
        s.fu3010z1Max());
  }

  /** Whether a silver row is one of the daily ({@code d}) values {@link #ofDaily} takes. */
  public static boolean isDailyInput(SilverRecord r) {
    return r != null
        && Double.isFinite(r.value())
        && r.granularity() != null
        && "d".equalsIgnoreCase(r.granularity())
        && slot(r.parameter().toLowerCase(Locale.ROOT)) >= 0;
  }

  /** One value of a daily ({@code d}) silver row, to be merged into its day. */
  public static DayValues ofDaily(SilverRecord r) {
    Double[] v = new Double[6];
    int i = slot(r.parameter().toLowerCase(Locale.ROOT));
    if (i < 0) {
      throw new IllegalArgumentException("not a daily input: " + r.parameter());
    }
    v[i] = r.value();
    LocalDate day = LocalDate.ofEpochDay(GoldTime.epochDay(r.referenceTimestamp().toEpochMilli()));
    return new DayValues(r.stationAbbr(), day, false, v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  private static int slot(String code) {
    return switch (code) {
      case DAILY_TEMPERATURE_MEAN -> 0;
      case DAILY_TEMPERATURE_MIN -> 1;
      case DAILY_TEMPERATURE_MAX -> 2;
      case DAILY_PRECIPITATION -> 3;
      case DAILY_SUNSHINE -> 4;
      case DAILY_GUST -> 5;
      default -> -1;
    };
  }

  /**
   * This day after {@code update}: the update itself when it is whole, otherwise these values with
   * the update's non-null values replacing theirs.
   */
  public DayValues apply(DayValues update) {
    if (update.whole) {
      return update;
    }
    return new DayValues(
        stationAbbr,
        date,
        whole,
        pick(update.tempMean, tempMean),
        pick(update.tempMin, tempMin),
        pick(update.tempMax, tempMax),
        pick(update.precipitation, precipitation),
        pick(update.sunshine, sunshine),
        pick(update.gustMax, gustMax));
  }

  private static Double pick(Double preferred, Double fallback) {
    return preferred != null ? preferred : fallback;
  }
}
