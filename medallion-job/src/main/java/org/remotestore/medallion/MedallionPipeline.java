package org.remotestore.medallion;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.medallion.bronze.BronzeSinks;
import org.remotestore.medallion.bronze.MetaFilesSink;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.gold.GoldStreams;
import org.remotestore.medallion.gold.GoldTables;
import org.remotestore.medallion.silver.SilverDeduplicator;
import org.remotestore.medallion.silver.SilverEnricher;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.medallion.silver.SilverValue;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.meteoswiss.source.MeteoSwissSource;
import org.remotestore.meteoswiss.source.RejectedLines;
import org.remotestore.meteoswiss.source.StationDiscovery;

/**
 * The medallion pipeline over the MeteoSwiss feed: the source's lines to bronze (raw rows and
 * rejects), the metadata files copied to bronze, the clean long-format silver table, and the gold
 * tables computed from silver.
 *
 * <pre>{@code
 * MedallionConfig cfg = MedallionConfig.fromArgs(args);
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * MedallionPipeline pipeline = MedallionPipeline.build(env, cfg);
 * // pipeline.silver() is the silver stream, for more consumers (gold)
 * env.execute("medallion");
 * }</pre>
 *
 * <p>Layout under {@link MedallionConfig#lakePath()}: {@code bronze/rows/} ({@link
 * BronzeSinks#rows}), {@code bronze/rejects/} ({@link BronzeSinks#rejects}), {@code bronze/meta/}
 * (the three metadata files, see {@link MetaFilesSink}), {@code silver/} ({@link
 * SilverRecord#sink}) and {@code gold/} (the three tables of {@link GoldTables}, settings from
 * {@link MedallionConfig#gold()}). Every stateful operator has a fixed uid (the constants of this
 * class), so a newer build of the job restores from an older one's checkpoints and savepoints.
 */
public final class MedallionPipeline {
  /** Uid of the MeteoSwiss source. */
  public static final String UID_SOURCE = "meteoswiss-source";

  /** Uid of the operator splitting rows from rejected lines. */
  public static final String UID_SPLIT = "split-rejected";

  /** Uid of the bronze rows sink. */
  public static final String UID_BRONZE_ROWS = "bronze-rows";

  /** Uid of the bronze rejects sink. */
  public static final String UID_BRONZE_REJECTS = "bronze-rejects";

  /** Uid of the metadata tick source. */
  public static final String UID_META_TICKS = "bronze-meta-ticks";

  /** Uid of the metadata copier. */
  public static final String UID_META_COPY = "bronze-meta-copy";

  /** Uid of the flattening of rows into silver values (no state). */
  public static final String UID_SILVER_VALUES = "silver-values";

  /** Uid of the silver deduplication. */
  public static final String UID_SILVER_DEDUPE = "silver-dedupe";

  /** Uid of the silver enrichment. */
  public static final String UID_SILVER_ENRICH = "silver-enrich";

  /** Uid of the silver sink. */
  public static final String UID_SILVER_SINK = "silver-sink";

  private final MedallionConfig config;
  private final DataStream<MeasurementRow> rows;
  private final DataStream<RejectedRow> rejects;
  private final DataStream<SilverRecord> silver;
  private final GoldStreams gold;

  private MedallionPipeline(
      MedallionConfig config,
      DataStream<MeasurementRow> rows,
      DataStream<RejectedRow> rejects,
      DataStream<SilverRecord> silver,
      GoldStreams gold) {
    this.config = config;
    this.rows = rows;
    this.rejects = rejects;
    this.silver = silver;
    this.gold = gold;
  }

  /** Builds the whole pipeline into {@code env}, reading the feed {@code cfg} names. */
  public static MedallionPipeline build(StreamExecutionEnvironment env, MedallionConfig cfg) {
    configure(env, cfg);
    return build(env, cfg, lines(env, cfg));
  }

  /**
   * Builds the pipeline over a given stream of feed lines (a source built elsewhere, for example
   * with extra operators in between in tests). The stream must carry event-time timestamps and
   * watermarks, as {@link #lines} does; it does not configure {@code env} (see {@link #configure}).
   */
  public static MedallionPipeline build(
      StreamExecutionEnvironment env, MedallionConfig cfg, DataStream<ParsedLine> lines) {
    SingleOutputStreamOperator<MeasurementRow> rows = RejectedLines.split(lines);
    rows.uid(UID_SPLIT).name("split rejected lines");
    DataStream<RejectedRow> rejects = rows.getSideOutput(RejectedLines.TAG);

    rows.sinkTo(BronzeSinks.rows(cfg.lake("bronze/rows"))).uid(UID_BRONZE_ROWS).name("bronze rows");
    rejects
        .sinkTo(BronzeSinks.rejects(cfg.lake("bronze/rejects")))
        .uid(UID_BRONZE_REJECTS)
        .name("bronze rejects");
    metaFiles(env, cfg);

    DataStream<SilverRecord> silver =
        rows.flatMap(
                (MeasurementRow row, org.apache.flink.util.Collector<SilverValue> out) ->
                    SilverValue.of(row).forEach(out::collect))
            .returns(SilverValue.class)
            .uid(UID_SILVER_VALUES)
            .name("silver values")
            .keyBy(SilverValue::station, Types.STRING)
            .transform(
                "silver dedupe",
                TypeInformation.of(SilverValue.class),
                new SilverDeduplicator(cfg.dedupeTtl()))
            .uid(UID_SILVER_DEDUPE)
            .map(
                new SilverEnricher(
                    cfg.feedBaseUrl(), FeedStores.uncached(), cfg.metadataRefreshInterval()))
            .returns(TypeInformation.of(SilverRecord.class))
            .uid(UID_SILVER_ENRICH)
            .name("silver enrich");
    silver
        .sinkTo(SilverRecord.sink(cfg.lake("silver"), cfg.compaction()))
        .uid(UID_SILVER_SINK)
        .name("silver");
    GoldStreams gold =
        GoldTables.attach(
            silver, cfg.lake("gold"), cfg.gold(), cfg.granularity(), cfg.compaction());
    return new MedallionPipeline(cfg, rows, rejects, silver, gold);
  }

  /**
   * Applies the checkpoint interval and directory and the parallelism of {@code cfg} to {@code
   * env}. Checkpoints are retained when the job is cancelled, so a new run can resume from the last
   * one ({@code execution.state-recovery.path}).
   */
  public static void configure(StreamExecutionEnvironment env, MedallionConfig cfg) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, cfg.checkpointPath());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cfg.checkpointInterval());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    env.configure(conf);
    env.enableCheckpointing(cfg.checkpointInterval().toMillis());
    if (cfg.parallelism() != null) {
      env.setParallelism(cfg.parallelism());
    }
  }

  /** The MeteoSwiss source {@code cfg} describes (its granularity and period). */
  public static MeteoSwissSource<ParsedLine> source(MedallionConfig cfg) {
    MeteoSwissSource.Builder<ParsedLine> b =
        MeteoSwissSource.builder()
            .baseUrl(cfg.feedBaseUrl())
            .granularity(cfg.granularity())
            .period(cfg.period())
            .bounded(cfg.bounded())
            .pollInterval(cfg.pollInterval())
            .revisionWindow(cfg.revisionWindow());
    if (cfg.feedStacUrl() != null) {
      b.stacItemsUrl(cfg.feedStacUrl());
    }
    if (cfg.allStations()) {
      b.discovery(cfg.discovery());
    } else {
      b.stations(cfg.stations());
      if (cfg.discovery() == StationDiscovery.EXPLICIT_UNVERIFIED) {
        b.discovery(StationDiscovery.EXPLICIT_UNVERIFIED);
      }
    }
    return b.build();
  }

  /**
   * The event-time watermark strategy {@code cfg} describes, with watermark alignment: a station
   * whose watermark runs more than {@code feed.watermark.max-drift} ahead of the slowest station is
   * paused (split-level alignment, checked every second), so a backfill moves through event time on
   * all stations together and silver's and gold's state holds a bounded slice of time.
   */
  public static WatermarkStrategy<ParsedLine> watermarks(MedallionConfig cfg) {
    return MeteoSwissSource.<ParsedLine>watermarks(
            cfg.watermarkOutOfOrderness(), cfg.watermarkIdleness())
        .withWatermarkAlignment(WATERMARK_ALIGNMENT_GROUP, maxDrift(cfg), Duration.ofSeconds(1));
  }

  /**
   * The alignment drift: {@code feed.watermark.max-drift}, but at least two intervals of the
   * ingested granularity, so that a station whose rows are a month or a year apart is not paused
   * after every row.
   */
  static Duration maxDrift(MedallionConfig cfg) {
    Duration twoIntervals = cfg.granularity().nominalInterval().multipliedBy(2);
    return cfg.watermarkMaxDrift().compareTo(twoIntervals) >= 0
        ? cfg.watermarkMaxDrift()
        : twoIntervals;
  }

  /** The watermark alignment group of the feed's source. */
  public static final String WATERMARK_ALIGNMENT_GROUP = "meteoswiss-feed";

  /** The source's lines in {@code env}, with timestamps and watermarks. */
  public static DataStream<ParsedLine> lines(StreamExecutionEnvironment env, MedallionConfig cfg) {
    return env.fromSource(source(cfg), watermarks(cfg), "meteoswiss").uid(UID_SOURCE);
  }

  private static void metaFiles(StreamExecutionEnvironment env, MedallionConfig cfg) {
    DataGeneratorSource<Long> ticks =
        cfg.bounded()
            ? new DataGeneratorSource<>(i -> i, 1, Types.LONG)
            : new DataGeneratorSource<>(
                i -> i,
                Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(1_000.0 / cfg.metaPollInterval().toMillis()),
                Types.LONG);
    env.fromSource(ticks, WatermarkStrategy.noWatermarks(), "metadata ticks")
        .uid(UID_META_TICKS)
        .setParallelism(1)
        .sinkTo(
            new MetaFilesSink(cfg.feedBaseUrl(), FeedStores.uncached(), cfg.lake("bronze/meta")))
        .uid(UID_META_COPY)
        .name("bronze meta files")
        .setParallelism(1);
  }

  /** The configuration the pipeline was built with. */
  public MedallionConfig config() {
    return config;
  }

  /** The measurement rows of the feed (event time = reference timestamp). */
  public DataStream<MeasurementRow> rows() {
    return rows;
  }

  /** The rejected lines. */
  public DataStream<RejectedRow> rejects() {
    return rejects;
  }

  /** The silver records, as written to {@code silver/}. */
  public DataStream<SilverRecord> silver() {
    return silver;
  }

  /**
   * The gold streams, as written to {@code gold/daily_summary}, {@code station_stats}, {@code
   * alerts}.
   */
  public GoldStreams gold() {
    return gold;
  }
}
