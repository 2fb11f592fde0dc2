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
 * One row of the gold table {@code alerts}: the first value of a station and UTC day that crossed
 * an alert threshold.
 *
 * @param stationAbbr station code
 * @param kind {@code heat}, {@code frost}, {@code storm_gust} or {@code heavy_rain} (see {@link
 *     AlertKind#code()})
 * @param date UTC day of {@code referenceTimestamp}
 * @param referenceTimestamp timestamp of the value that triggered the alert
 * @param parameter the parameter code
 * @param value the value
 * @param threshold the threshold it reached
 * @param emittedAt event time at which the alert was raised (the later of the value's timestamp and
 *     the operator's watermark)
 */
@TypeInfo(GoldTypes.AlertType.class)
public record Alert(
    String stationAbbr,
    String kind,
    LocalDate date,
    Instant referenceTimestamp,
    String parameter,
    double value,
    double threshold,
    Instant emittedAt)
    implements Serializable {

  /** The table's folder name under the gold base path. */
  public static final String TABLE = "alerts";

  /** Validates the identifying fields. */
  public Alert {
    Objects.requireNonNull(stationAbbr, "stationAbbr");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(date, "date");
  }

  /** The Parquet columns, in order. */
  public static final RowType ROW_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station_abbr", DataTypes.STRING()),
                  DataTypes.FIELD("kind", DataTypes.STRING()),
                  DataTypes.FIELD("date", DataTypes.DATE()),
                  DataTypes.FIELD("reference_timestamp", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("parameter", DataTypes.STRING()),
                  DataTypes.FIELD("value", DataTypes.DOUBLE()),
                  DataTypes.FIELD("threshold", DataTypes.DOUBLE()),
                  DataTypes.FIELD("emitted_at", DataTypes.TIMESTAMP(3)))
              .getLogicalType();

  /** This record as a row of {@link #ROW_TYPE}. */
  public RowData toFileRow() {
    return GenericRowData.of(
        GoldRows.str(stationAbbr),
        GoldRows.str(kind),
        GoldRows.date(date),
        GoldRows.ts(referenceTimestamp),
        GoldRows.str(parameter),
        value,
        threshold,
        GoldRows.ts(emittedAt));
  }
}
