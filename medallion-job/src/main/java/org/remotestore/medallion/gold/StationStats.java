package org.remotestore.medallion.gold;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * One row of the gold table {@code station_stats}: a station's running statistics over all its
 * 10-minute data so far, as of an event time.
 *
 * @param stationAbbr station code
 * @param stationName station name (from silver)
 * @param elevationM elevation in metres (from silver), {@code null} if unknown
 * @param observations distinct 10-minute timestamps seen
 * @param coverage {@code observations} / 10-minute slots from first to last observation, inclusive
 * @param meanTempC mean of the latest {@code tre200s0} value of every timestamp, {@code null} if
 *     none
 * @param meanTempSeaLevelC {@code meanTempC + 0.0065 * elevationM}, {@code null} if either is
 * @param firstObservation earliest timestamp seen
 * @param lastObservation latest timestamp seen
 * @param asOf event time of the refresh
 */
@TypeInfo(GoldTypes.StationStatsType.class)
public record StationStats(
    String stationAbbr,
    String stationName,
    Double elevationM,
    long observations,
    double coverage,
    Double meanTempC,
    Double meanTempSeaLevelC,
    Instant firstObservation,
    Instant lastObservation,
    Instant asOf)
    implements Serializable {

  /** The table's folder name under the gold base path. */
  public static final String TABLE = "station_stats";

  /** Standard atmosphere lapse rate used for the sea-level adjustment, K per metre. */
  public static final double LAPSE_RATE_K_PER_M = 0.0065;

  /** Validates the identifying fields. */
  public StationStats {
    Objects.requireNonNull(stationAbbr, "stationAbbr");
  }

  /** The Parquet columns, in order. */
  public static final RowType ROW_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station_abbr", DataTypes.STRING()),
                  DataTypes.FIELD("station_name", DataTypes.STRING()),
                  DataTypes.FIELD("elevation_m", DataTypes.DOUBLE()),
                  DataTypes.FIELD("observations", DataTypes.BIGINT()),
                  DataTypes.FIELD("coverage", DataTypes.DOUBLE()),
                  DataTypes.FIELD("mean_temp_c", DataTypes.DOUBLE()),
                  DataTypes.FIELD("mean_temp_sea_level_c", DataTypes.DOUBLE()),
                  DataTypes.FIELD("first_observation", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("last_observation", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("as_of", DataTypes.TIMESTAMP(3)))
              .getLogicalType();

  /** This record as a row of {@link #ROW_TYPE}. */
  public RowData toFileRow() {
    return GenericRowData.of(
        GoldRows.str(stationAbbr),
        GoldRows.str(stationName),
        elevationM,
        observations,
        coverage,
        meanTempC,
        meanTempSeaLevelC,
        GoldRows.ts(firstObservation),
        GoldRows.ts(lastObservation),
        GoldRows.ts(asOf));
  }

  /** The sea-level adjusted temperature, or {@code null} if either input is unknown. */
  public static Double seaLevelAdjusted(Double tempC, Double elevationM) {
    return tempC == null || elevationM == null ? null : tempC + LAPSE_RATE_K_PER_M * elevationM;
  }
}
