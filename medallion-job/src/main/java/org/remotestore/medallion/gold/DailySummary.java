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
 * One row of the gold table {@code daily_summary}: the 10-minute data of one station over one UTC
 * day. Aggregates of a parameter without any value that day are {@code null}.
 *
 * @param stationAbbr station code
 * @param date the UTC day (of {@code reference_timestamp})
 * @param version 0 for the first emission, +1 for each re-emission after a correction or late row
 * @param tre200s0Mean mean air temperature, °C
 * @param tre200s0Min minimum air temperature, °C
 * @param tre200s0Max maximum air temperature, °C
 * @param rre150z0Sum precipitation, mm
 * @param sre000z0Sum sunshine, minutes
 * @param fu3010z1Max highest gust peak, km/h
 * @param samples distinct 10-minute timestamps of the day with at least one value
 * @param coverage {@code samples / 144.0}
 * @param emittedAt event time at which this version was emitted
 */
@TypeInfo(GoldTypes.DailySummaryType.class)
public record DailySummary(
    String stationAbbr,
    LocalDate date,
    int version,
    Double tre200s0Mean,
    Double tre200s0Min,
    Double tre200s0Max,
    Double rre150z0Sum,
    Double sre000z0Sum,
    Double fu3010z1Max,
    int samples,
    double coverage,
    Instant emittedAt)
    implements Serializable {

  /** The table's folder name under the gold base path. */
  public static final String TABLE = "daily_summary";

  /** Validates the identifying fields. */
  public DailySummary {
    Objects.requireNonNull(stationAbbr, "stationAbbr");
    Objects.requireNonNull(date, "date");
  }

  /** The Parquet columns, in order. */
  public static final RowType ROW_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station_abbr", DataTypes.STRING()),
                  DataTypes.FIELD("date", DataTypes.DATE()),
                  DataTypes.FIELD("version", DataTypes.INT()),
                  DataTypes.FIELD("tre200s0_mean", DataTypes.DOUBLE()),
                  DataTypes.FIELD("tre200s0_min", DataTypes.DOUBLE()),
                  DataTypes.FIELD("tre200s0_max", DataTypes.DOUBLE()),
                  DataTypes.FIELD("rre150z0_sum", DataTypes.DOUBLE()),
                  DataTypes.FIELD("sre000z0_sum", DataTypes.DOUBLE()),
                  DataTypes.FIELD("fu3010z1_max", DataTypes.DOUBLE()),
                  DataTypes.FIELD("samples", DataTypes.INT()),
                  DataTypes.FIELD("coverage", DataTypes.DOUBLE()),
                  DataTypes.FIELD("emitted_at", DataTypes.TIMESTAMP(3)))
              .getLogicalType();

  /** This record as a row of {@link #ROW_TYPE}. */
  public RowData toFileRow() {
    return GenericRowData.of(
        GoldRows.str(stationAbbr),
        GoldRows.date(date),
        version,
        tre200s0Mean,
        tre200s0Min,
        tre200s0Max,
        rre150z0Sum,
        sre000z0Sum,
        fu3010z1Max,
        samples,
        coverage,
        GoldRows.ts(emittedAt));
  }
}
