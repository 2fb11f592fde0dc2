package org.remotestore.medallion.silver;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.remotestore.medallion.StationDayPartitioner;
import org.remotestore.sink.FileCompaction;
import org.remotestore.sink.ParquetSinks;
import org.remotestore.sink.SuccessMarkingFileSink;

/**
 * One silver row: a single parameter value of one station at one reference timestamp, enriched with
 * station and parameter metadata (long format). Written with the generic {@link
 * ParquetSinks#partitioned} (see {@link #sink}).
 *
 * @param stationAbbr station code, upper case ({@code BER})
 * @param stationName station name ({@code Bern / Zollikofen})
 * @param canton canton code ({@code BE})
 * @param elevationM station elevation in metres above sea level
 * @param lat latitude (WGS84)
 * @param lon longitude (WGS84)
 * @param referenceTimestamp the measurement's reference timestamp, UTC
 * @param parameter parameter code ({@code tre200s0})
 * @param parameterName parameter description in English
 * @param unit unit ({@code °C})
 * @param value the value
 * @param granularity granularity letter ({@code t}, {@code h}, {@code d}, {@code m}, {@code y})
 * @param revision 0 for a first publication, higher for corrections
 * @param ingestedAt when the pipeline ingested the row, UTC
 */
public record SilverRecord(
    String stationAbbr,
    String stationName,
    String canton,
    Double elevationM,
    Double lat,
    Double lon,
    Instant referenceTimestamp,
    String parameter,
    String parameterName,
    String unit,
    double value,
    String granularity,
    int revision,
    Instant ingestedAt)
    implements Serializable {

  /** Validates the identifying fields. */
  public SilverRecord {
    Objects.requireNonNull(stationAbbr, "stationAbbr");
    Objects.requireNonNull(referenceTimestamp, "referenceTimestamp");
    Objects.requireNonNull(parameter, "parameter");
  }

  /**
   * The columns stored in silver Parquet files, in order. {@code station_abbr} and {@code date} are
   * partition columns and live only in folder names, as in Flink's filesystem connector.
   */
  public static final RowType FILE_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station_name", DataTypes.STRING()),
                  DataTypes.FIELD("canton", DataTypes.STRING()),
                  DataTypes.FIELD("elevation_m", DataTypes.DOUBLE()),
                  DataTypes.FIELD("lat", DataTypes.DOUBLE()),
                  DataTypes.FIELD("lon", DataTypes.DOUBLE()),
                  DataTypes.FIELD("reference_timestamp", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("parameter", DataTypes.STRING()),
                  DataTypes.FIELD("parameter_name", DataTypes.STRING()),
                  DataTypes.FIELD("unit", DataTypes.STRING()),
                  DataTypes.FIELD("value", DataTypes.DOUBLE()),
                  DataTypes.FIELD("granularity", DataTypes.STRING()),
                  DataTypes.FIELD("revision", DataTypes.INT()),
                  DataTypes.FIELD("ingested_at", DataTypes.TIMESTAMP(3)))
              .getLogicalType();

  /** This record as a row of {@link #FILE_TYPE}. */
  public RowData toFileRow() {
    return GenericRowData.of(
        str(stationName),
        str(canton),
        elevationM,
        lat,
        lon,
        TimestampData.fromInstant(referenceTimestamp),
        str(parameter),
        str(parameterName),
        str(unit),
        value,
        str(granularity),
        revision,
        ingestedAt == null ? null : TimestampData.fromInstant(ingestedAt));
  }

  /** The partition folder: {@code station_abbr=<ABBR>/date=<yyyy-MM-dd>} (UTC). */
  public String partition() {
    return StationDayPartitioner.partition(stationAbbr, referenceTimestamp);
  }

  /** The silver sink: partitioned Parquet with {@code _SUCCESS} markers, under {@code base}. */
  public static SuccessMarkingFileSink<SilverRecord> sink(Path base) {
    return sink(base, FileCompaction.disabled());
  }

  /**
   * The silver sink with its small files merged exactly once as {@code compaction} says (the sink
   * then needs a uid).
   */
  public static SuccessMarkingFileSink<SilverRecord> sink(Path base, FileCompaction compaction) {
    return ParquetSinks.partitioned(
        base,
        FILE_TYPE,
        SilverRecord::toFileRow,
        SilverRecord::partition,
        StationDayPartitioner::endOf,
        compaction);
  }

  private static StringData str(String s) {
    return s == null ? null : StringData.fromString(s);
  }
}
