package org.remotestore.medallion.gold;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * One row of the gold table {@code monthly_summary}: one station over one calendar month (UTC),
 * aggregated from its days. The days come from the daily ({@code d}) feed files when the job
 * ingests {@code d}, and from {@code daily_summary} (10-minute data) otherwise. An aggregate
 * without any daily value is {@code null}.
 *
 * @param stationAbbr station code
 * @param month the first day of the month
 * @param version 0 for the first emission, +1 for each re-emission after a day changed
 * @param tre200Mean mean of the daily mean air temperatures, °C
 * @param tre200Min lowest daily minimum air temperature, °C
 * @param tre200Max highest daily maximum air temperature, °C
 * @param rre150Sum sum of the daily precipitation, mm (daily files sum 06 to 06 UTC)
 * @param sre000Sum sum of the daily sunshine, minutes
 * @param fu3010Max highest daily gust peak, km/h
 * @param days days of the month with at least one value
 * @param sourceGranularity {@code d} or {@code t}: the feed data the days come from
 * @param emittedAt event time at which this version was emitted
 */
@TypeInfo(GoldTypes.MonthlySummaryType.class)
public record MonthlySummary(
    String stationAbbr,
    LocalDate month,
    int version,
    Double tre200Mean,
    Double tre200Min,
    Double tre200Max,
    Double rre150Sum,
    Double sre000Sum,
    Double fu3010Max,
    int days,
    String sourceGranularity,
    Instant emittedAt)
    implements Serializable {

  /** The table's folder name under the gold base path. */
  public static final String TABLE = "monthly_summary";

  /** Validates the identifying fields. */
  public MonthlySummary {
    Objects.requireNonNull(stationAbbr, "stationAbbr");
    Objects.requireNonNull(month, "month");
  }

  /** The Parquet columns, in order. */
  public static final RowType ROW_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station_abbr", DataTypes.STRING()),
                  DataTypes.FIELD("month", DataTypes.DATE()),
                  DataTypes.FIELD("version", DataTypes.INT()),
                  DataTypes.FIELD("tre200_mean", DataTypes.DOUBLE()),
                  DataTypes.FIELD("tre200_min", DataTypes.DOUBLE()),
                  DataTypes.FIELD("tre200_max", DataTypes.DOUBLE()),
                  DataTypes.FIELD("rre150_sum", DataTypes.DOUBLE()),
                  DataTypes.FIELD("sre000_sum", DataTypes.DOUBLE()),
                  DataTypes.FIELD("fu3010_max", DataTypes.DOUBLE()),
                  DataTypes.FIELD("days", DataTypes.INT()),
                  DataTypes.FIELD("source_granularity", DataTypes.STRING()),
                  DataTypes.FIELD("emitted_at", DataTypes.TIMESTAMP(3)))
              .getLogicalType();

  /** This record as a row of {@link #ROW_TYPE}. */
  public RowData toFileRow() {
    return GenericRowData.of(
        GoldRows.str(stationAbbr),
        GoldRows.date(month),
        version,
        tre200Mean,
        tre200Min,
        tre200Max,
        rre150Sum,
        sre000Sum,
        fu3010Max,
        days,
        GoldRows.str(sourceGranularity),
        GoldRows.ts(emittedAt));
  }

  /**
   * The month of {@code days} (all of one station and month): means of the daily means, the lowest
   * minimum, the highest maximum, sums of precipitation and sunshine, the highest gust.
   */
  public static MonthlySummary of(
      String station,
      LocalDate month,
      int version,
      Iterable<DayValues> days,
      String sourceGranularity,
      Instant emittedAt) {
    double meanSum = 0;
    int means = 0;
    Double min = null;
    Double max = null;
    Double rain = null;
    Double sun = null;
    Double gust = null;
    int count = 0;
    for (DayValues d : days) {
      count++;
      if (d.tempMean() != null) {
        meanSum += d.tempMean();
        means++;
      }
      min = combine(min, d.tempMin(), Math::min);
      max = combine(max, d.tempMax(), Math::max);
      rain = combine(rain, d.precipitation(), Double::sum);
      sun = combine(sun, d.sunshine(), Double::sum);
      gust = combine(gust, d.gustMax(), Math::max);
    }
    return new MonthlySummary(
        station,
        month,
        version,
        means == 0 ? null : meanSum / means,
        min,
        max,
        rain,
        sun,
        gust,
        count,
        sourceGranularity,
        emittedAt);
  }

  /**
   * {@code acc} combined with {@code value}, either of which may be missing (null), without
   * unboxing a null (a mixed {@code Double}/{@code double} conditional would).
   */
  private static Double combine(
      Double acc, Double value, java.util.function.DoubleBinaryOperator op) {
    if (value == null) {
      return acc;
    }
    return acc == null ? value : Double.valueOf(op.applyAsDouble(acc, value));
  }
}
