package org.remotestore.medallion.gold;

import java.util.Objects;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.sink.FileCompaction;
import org.remotestore.sink.ParquetSinks;

/**
 * The gold layer of the medallion job: from silver rows with event-time watermarks to the Parquet
 * tables {@code daily_summary}, {@code station_stats}, {@code alerts} and {@code monthly_summary},
 * one folder each.
 *
 * <pre>{@code
 * DataStream<SilverRecord> silver = ...;   // with watermarks on reference_timestamp
 * GoldTables.attach(silver, new Path("rs://lake/gold"), GoldConfig.defaults());
 * }</pre>
 *
 * <p>Operator uids are stable ({@code gold-daily-summary}, {@code gold-station-stats}, {@code
 * gold-alerts}, {@code gold-monthly-summary}, each sink with the suffix {@code -sink}) so
 * savepoints survive changes elsewhere.
 */
public final class GoldTables {
  /** Uid of the daily summary operator. */
  public static final String DAILY_SUMMARY_UID = "gold-daily-summary";

  /** Uid of the station statistics operator. */
  public static final String STATION_STATS_UID = "gold-station-stats";

  /** Uid of the alerts operator. */
  public static final String ALERTS_UID = "gold-alerts";

  /** Uid of the monthly summary operator. */
  public static final String MONTHLY_SUMMARY_UID = "gold-monthly-summary";

  /**
   * Adds the gold operators and their Parquet sinks ({@code goldBase/daily_summary}, {@code
   * goldBase/station_stats}, {@code goldBase/alerts}) and returns the streams.
   *
   * @param silver silver rows with event-time timestamps and watermarks
   * @param goldBase the gold folder, such as {@code rs://lake/gold}
   */
  public static GoldStreams attach(DataStream<SilverRecord> silver, Path goldBase, GoldConfig cfg) {
    return attach(silver, goldBase, cfg, Granularity.T);
  }

  /**
   * As {@link #attach(DataStream, Path, GoldConfig)}, with each table's small files merged exactly
   * once as {@code compaction} says.
   *
   * @param silver silver rows with event-time timestamps and watermarks
   * @param goldBase the gold folder, such as {@code rs://lake/gold}
   * @param cfg the gold settings
   * @param compaction when the tables' files are merged
   */
  public static GoldStreams attach(
      DataStream<SilverRecord> silver, Path goldBase, GoldConfig cfg, FileCompaction compaction) {
    return attach(silver, goldBase, cfg, Granularity.T, compaction);
  }

  /**
   * Adds the gold operators and their Parquet sinks for a job that ingests {@code ingested} data:
   * as {@link #attach(DataStream, Path, GoldConfig)}, plus {@code goldBase/monthly_summary}, whose
   * days come from the silver {@code d} rows when {@code ingested} is {@link Granularity#D} and
   * from {@code daily_summary} (10-minute data) otherwise.
   */
  public static GoldStreams attach(
      DataStream<SilverRecord> silver, Path goldBase, GoldConfig cfg, Granularity ingested) {
    return attach(silver, goldBase, cfg, ingested, FileCompaction.disabled());
  }

  /**
   * As {@link #attach(DataStream, Path, GoldConfig, Granularity)}, with each table's small files
   * merged exactly once as {@code compaction} says.
   *
   * @param silver silver rows with event-time timestamps and watermarks
   * @param goldBase the gold folder, such as {@code rs://lake/gold}
   * @param cfg the gold settings
   * @param ingested the granularity the job ingests
   * @param compaction when the tables' files are merged
   */
  public static GoldStreams attach(
      DataStream<SilverRecord> silver,
      Path goldBase,
      GoldConfig cfg,
      Granularity ingested,
      FileCompaction compaction) {
    Objects.requireNonNull(goldBase, "goldBase");
    GoldStreams streams = streams(silver, cfg, ingested);
    streams
        .monthlySummaries()
        .sinkTo(
            ParquetSinks.table(
                goldBase,
                MonthlySummary.TABLE,
                MonthlySummary.ROW_TYPE,
                MonthlySummary::toFileRow,
                compaction))
        .name("gold monthly_summary sink")
        .uid(MONTHLY_SUMMARY_UID + "-sink");
    streams
        .dailySummaries()
        .sinkTo(
            ParquetSinks.table(
                goldBase,
                DailySummary.TABLE,
                DailySummary.ROW_TYPE,
                DailySummary::toFileRow,
                compaction))
        .name("gold daily_summary sink")
        .uid(DAILY_SUMMARY_UID + "-sink");
    streams
        .stationStats()
        .sinkTo(
            ParquetSinks.table(
                goldBase,
                StationStats.TABLE,
                StationStats.ROW_TYPE,
                StationStats::toFileRow,
                compaction))
        .name("gold station_stats sink")
        .uid(STATION_STATS_UID + "-sink");
    streams
        .alerts()
        .sinkTo(
            ParquetSinks.table(goldBase, Alert.TABLE, Alert.ROW_TYPE, Alert::toFileRow, compaction))
        .name("gold alerts sink")
        .uid(ALERTS_UID + "-sink");
    return streams;
  }

  /** Adds only the gold operators (no sinks) of a job that ingests 10-minute data. */
  public static GoldStreams streams(DataStream<SilverRecord> silver, GoldConfig cfg) {
    return streams(silver, cfg, Granularity.T);
  }

  /** Adds only the gold operators (no sinks), keyed by station. */
  public static GoldStreams streams(
      DataStream<SilverRecord> silver, GoldConfig cfg, Granularity ingested) {
    Objects.requireNonNull(silver, "silver");
    Objects.requireNonNull(cfg, "cfg");
    KeySelector<SilverRecord, String> station = SilverRecord::stationAbbr;
    DataStream<SilverRecord> tenMinute =
        silver
            .filter(GoldParameters::isGoldInput)
            .name("gold input (10-minute values)")
            .uid("gold-input");
    KeyedStream<SilverRecord, String> byStation = tenMinute.keyBy(station, Types.STRING);
    // only values that cross a threshold travel to the alerts operator
    KeyedStream<SilverRecord, String> alertCandidates =
        tenMinute
            .filter(new AlertCandidates(cfg))
            .name("gold alert candidates")
            .uid("gold-alert-candidates")
            .keyBy(station, Types.STRING);
    SingleOutputStreamOperator<DailySummary> daily =
        byStation
            .process(new DailySummaryFunction(cfg), TypeInformation.of(DailySummary.class))
            .name("gold daily_summary")
            .uid(DAILY_SUMMARY_UID);
    SingleOutputStreamOperator<StationStats> stats =
        byStation
            .process(new StationStatsFunction(cfg), TypeInformation.of(StationStats.class))
            .name("gold station_stats")
            .uid(STATION_STATS_UID);
    SingleOutputStreamOperator<Alert> alerts =
        alertCandidates
            .process(new AlertFunction(cfg), TypeInformation.of(Alert.class))
            .name("gold alerts")
            .uid(ALERTS_UID);
    DataStream<DayValues> days =
        ingested == Granularity.D
            ? silver
                .filter(DayValues::isDailyInput)
                .name("gold monthly input (daily values)")
                .uid(MONTHLY_SUMMARY_UID + "-input")
                .map(DayValues::ofDaily)
                .returns(TypeInformation.of(DayValues.class))
                .name("gold daily values")
                .uid(MONTHLY_SUMMARY_UID + "-days")
            : daily
                .map(DayValues::of)
                .returns(TypeInformation.of(DayValues.class))
                .name("gold daily values")
                .uid(MONTHLY_SUMMARY_UID + "-days");
    SingleOutputStreamOperator<MonthlySummary> monthly =
        days.keyBy(DayValues::stationAbbr, Types.STRING)
            .process(
                new MonthlySummaryFunction(cfg, ingested == Granularity.D ? "d" : "t"),
                TypeInformation.of(MonthlySummary.class))
            .name("gold monthly_summary")
            .uid(MONTHLY_SUMMARY_UID);
    return new GoldStreams(daily, stats, alerts, monthly);
  }

  /** Keeps the silver values that trigger an alert kind under the configured thresholds. */
  private static final class AlertCandidates implements FilterFunction<SilverRecord> {
    private static final long serialVersionUID = 1L;
    private final GoldConfig cfg;

    AlertCandidates(GoldConfig cfg) {
      this.cfg = cfg;
    }

    @Override
    public boolean filter(SilverRecord r) {
      return AlertRules.triggered(cfg, GoldParameters.code(r), r.value()) != null;
    }
  }

  private GoldTables() {}
}
