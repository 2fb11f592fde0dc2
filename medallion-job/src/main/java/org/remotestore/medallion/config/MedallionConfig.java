package org.remotestore.medallion.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.remotestore.RegistryConfig;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;
import org.remotestore.sink.FileCompaction;

/**
 * The immutable configuration of the medallion job: which stations are read from which feed, where
 * the lake and the checkpoints live, and how bronze and silver behave.
 *
 * <p>It comes from one YAML file plus command-line flags that override it ({@link
 * #fromArgs(String...)}), or from code ({@link #builder()}). Every key of the YAML file has a flag
 * of the same name: {@code feed.poll-interval: 5 min} in the file, {@code --feed.poll-interval
 * 5min} (or {@code --feed.poll-interval=5min}) on the command line. {@code rs.} keys configure the
 * {@code rs://} file system ({@link #rsKeys()}), {@code otel.} keys the OpenTelemetry SDK ({@link
 * #otelKeys()}). Unknown keys are errors, and every error names the key and where its value came
 * from (the file and line, or the flag), as a {@link MedallionConfigException}.
 *
 * <pre>{@code
 * MedallionConfig cfg = MedallionConfig.fromArgs("--config", "job.yaml", "--stations", "BER,KLO");
 * MedallionConfig same = MedallionConfig.builder()
 *     .stations(List.of("BER", "KLO"))
 *     .lakePath("rs://lake/")
 *     .rsKey("rs.backends.disk.type", "local")
 *     .rsKey("rs.backends.disk.root", "/data/lake")
 *     .rsKey("rs.stores.lake.backend", "disk")
 *     .build();
 * }</pre>
 */
public final class MedallionConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code stations}: a list of station codes, or {@code all}. */
  public static final String STATIONS = "stations";

  /** {@code feed.base-url}: the data root of the feed. */
  public static final String FEED_BASE_URL = "feed.base-url";

  /** {@code feed.stac-url}: the STAC items listing (default derived from the data root). */
  public static final String FEED_STAC_URL = "feed.stac-url";

  /**
   * {@code feed.discovery}: how {@code all} stations are listed, {@code stac} or {@code metadata};
   * {@code none} with an explicit station list reads those stations without their STAC items (no
   * checksum verified), for a copy of the feed without the STAC API.
   */
  public static final String FEED_DISCOVERY = "feed.discovery";

  /**
   * {@code granularity}: the feed files the job ingests, {@code t} (10 minutes, the default),
   * {@code h}, {@code d}, {@code m} or {@code y}. Silver keeps it per row; gold's daily tables,
   * station statistics and alerts read {@code t} rows, {@code monthly_summary} reads {@code d} rows
   * when the job ingests {@code d} and the daily summaries of {@code t} rows otherwise.
   */
  public static final String GRANULARITY = "granularity";

  /** {@code feed.period}: {@code now}, {@code recent}, {@code historical} or {@code backfill}. */
  public static final String FEED_PERIOD = "feed.period";

  /** {@code feed.bounded}: read each file once and finish instead of polling for ever. */
  public static final String FEED_BOUNDED = "feed.bounded";

  /** {@code feed.poll-interval}: time between two conditional GETs of a station file. */
  public static final String FEED_POLL_INTERVAL = "feed.poll-interval";

  /** {@code feed.revision-window}: how far back (event time) corrected rows are noticed. */
  public static final String FEED_REVISION_WINDOW = "feed.revision-window";

  /** {@code feed.meta-poll-interval}: time between two checks of the metadata files. */
  public static final String FEED_META_POLL_INTERVAL = "feed.meta-poll-interval";

  /** {@code feed.watermark.out-of-orderness}: bound of the event-time watermarks. */
  public static final String WATERMARK_OUT_OF_ORDERNESS = "feed.watermark.out-of-orderness";

  /** {@code feed.watermark.idleness}: after how long a silent station stops holding back time. */
  public static final String WATERMARK_IDLENESS = "feed.watermark.idleness";

  /**
   * {@code feed.watermark.max-drift}: how far (event time) a station may run ahead of the slowest
   * one before the source pauses it (watermark alignment); bounds the state of a backfill.
   */
  public static final String WATERMARK_MAX_DRIFT = "feed.watermark.max-drift";

  /** {@code lake.path}: the root of the lake, a Flink path ({@code rs://lake/}). */
  public static final String LAKE_PATH = "lake.path";

  /** {@code checkpoints.path}: where checkpoints go (default {@code <lake.path>_checkpoints}). */
  public static final String CHECKPOINTS_PATH = "checkpoints.path";

  /** {@code checkpoints.interval}: time between two checkpoints (and so between two commits). */
  public static final String CHECKPOINTS_INTERVAL = "checkpoints.interval";

  /** {@code lake.compaction.enabled}: merge silver's and gold's small Parquet files. */
  public static final String COMPACTION_ENABLED = "lake.compaction.enabled";

  /** {@code lake.compaction.target-size}: merge a partition's files once they add up to this. */
  public static final String COMPACTION_TARGET_SIZE = "lake.compaction.target-size";

  /** {@code lake.compaction.checkpoints}: merge a partition's files at least this often. */
  public static final String COMPACTION_CHECKPOINTS = "lake.compaction.checkpoints";

  /** {@code parallelism}: the job's default parallelism (default: the cluster's). */
  public static final String PARALLELISM = "parallelism";

  /**
   * {@code silver.dedupe-ttl}: how far behind the watermark (event time) silver remembers a
   * timestamp's values to drop exact repeats.
   */
  public static final String SILVER_DEDUPE_TTL = "silver.dedupe-ttl";

  /** {@code silver.metadata-refresh-interval}: least time between two metadata reloads. */
  public static final String SILVER_METADATA_REFRESH = "silver.metadata-refresh-interval";

  /**
   * The prefix of the gold settings: {@code gold.<setting>} for every key of {@link GoldConfig}
   * ({@code gold.allowed-lateness}, {@code gold.heat-threshold-c}, ...).
   */
  public static final String GOLD_PREFIX = "gold.";

  /** The prefix of the {@code rs://} file system keys. */
  public static final String RS_PREFIX = RegistryConfig.PREFIX;

  /**
   * The prefix of the OpenTelemetry SDK settings ({@code otel.traces.exporter}, ...), passed to the
   * SDK's autoconfiguration by {@link org.remotestore.medallion.otel.OtelSetup}.
   */
  public static final String OTEL_PREFIX = "otel.";

  /** The default lake: the store {@code lake} of the {@code rs://} file system. */
  public static final String DEFAULT_LAKE_PATH = "rs://lake/";

  /**
   * Every key (other than {@code rs.} keys) with its meaning and default, in documentation order.
   */
  public static final Map<String, String> KEYS = MedallionKeys.describe();

  private final List<String> stations;
  private final String feedBaseUrl;
  private final String feedStacUrl;
  private final StationDiscovery discovery;
  private final Granularity granularity;
  private final PeriodMode period;
  private final boolean bounded;
  private final Duration pollInterval;
  private final Duration revisionWindow;
  private final Duration metaPollInterval;
  private final Duration outOfOrderness;
  private final Duration idleness;
  private final Duration maxDrift;
  private final String lakePath;
  private final String checkpointPath;
  private final Duration checkpointInterval;
  private final Integer parallelism;
  private final FileCompaction compaction;
  private final Duration dedupeTtl;
  private final Duration metadataRefreshInterval;
  private final GoldConfig gold;
  private final Map<String, String> rsKeys;
  private final Map<String, String> otelKeys;

  MedallionConfig(MedallionConfigBuilder b) {
    this.stations = List.copyOf(b.stations);
    this.feedBaseUrl = b.feedBaseUrl;
    this.feedStacUrl = b.feedStacUrl;
    this.discovery = b.discovery;
    this.granularity = b.granularity;
    this.period = b.period;
    this.bounded = b.bounded;
    this.pollInterval = b.pollInterval;
    this.revisionWindow = b.revisionWindow;
    this.metaPollInterval = b.metaPollInterval;
    this.outOfOrderness = b.outOfOrderness;
    this.idleness = b.idleness;
    this.maxDrift = b.maxDrift;
    this.lakePath = b.lakePath;
    this.checkpointPath = b.checkpointPath;
    this.checkpointInterval = b.checkpointInterval;
    this.parallelism = b.parallelism;
    this.compaction =
        b.compactionEnabled
            ? FileCompaction.of(b.compactionTargetSize.getBytes(), b.compactionCheckpoints)
            : FileCompaction.disabled();
    this.dedupeTtl = b.dedupeTtl;
    this.metadataRefreshInterval = b.metadataRefreshInterval;
    this.gold = b.gold;
    this.rsKeys = Collections.unmodifiableMap(new TreeMap<>(b.rsKeys));
    this.otelKeys = Collections.unmodifiableMap(new TreeMap<>(b.otelKeys));
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads the command line: {@code --config <file.yaml>} (optional) and flags {@code --<key>
   * <value>}, {@code --<key>=<value>} or {@code -D<key>=<value>} for any key, flags winning over
   * the file.
   *
   * @throws MedallionConfigException naming the key (and flag, or file and line) at fault
   */
  public static MedallionConfig fromArgs(String... args) {
    return MedallionConfigReader.fromArgs(args);
  }

  /** Reads a YAML document (see {@link #parse}); {@code source} names it in errors. */
  public static MedallionConfig fromYaml(String yaml, String source) {
    return MedallionConfigReader.fromYaml(yaml, source);
  }

  /**
   * Builds a configuration from a parsed YAML mapping (nested maps become dotted keys: {@code feed:
   * {poll-interval: 5 min}} is {@code feed.poll-interval}) and flags that override it.
   *
   * @param yaml the parsed document (may be empty)
   * @param yamlSource the file's name for error messages ({@code null} if there is none)
   * @param flags flat keys from the command line, without {@code --}
   * @throws MedallionConfigException naming the key (and flag or file) at fault
   */
  public static MedallionConfig parse(
      Map<String, ?> yaml, String yamlSource, Map<String, String> flags) {
    return MedallionConfigReader.parse(yaml, yamlSource, flags);
  }

  // ---------------------------------------------------------------- accessors

  /** The station codes, upper case; empty means every station of the feed ({@code all}). */
  public List<String> stations() {
    return stations;
  }

  /** Whether every station is read ({@code stations: all}). */
  public boolean allStations() {
    return stations.isEmpty();
  }

  /** The data root of the feed, ending in {@code /}. */
  public String feedBaseUrl() {
    return feedBaseUrl;
  }

  /** The STAC items URL, or {@code null} to derive it from the data root. */
  public String feedStacUrl() {
    return feedStacUrl;
  }

  /** How {@code all} stations are listed. */
  public StationDiscovery discovery() {
    return discovery;
  }

  /** The granularity of the feed files the job ingests ({@link #GRANULARITY}). */
  public Granularity granularity() {
    return granularity;
  }

  /** Which files of each station are read. */
  public PeriodMode period() {
    return period;
  }

  /** Whether the job reads each file once and finishes. */
  public boolean bounded() {
    return bounded;
  }

  /** Time between two conditional GETs of a station file. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How far back (event time) corrected rows are noticed by the source. */
  public Duration revisionWindow() {
    return revisionWindow;
  }

  /** Time between two checks of the metadata files. */
  public Duration metaPollInterval() {
    return metaPollInterval;
  }

  /** Out-of-orderness bound of the event-time watermarks. */
  public Duration watermarkOutOfOrderness() {
    return outOfOrderness;
  }

  /** After how long a silent station stops holding back event time. */
  public Duration watermarkIdleness() {
    return idleness;
  }

  /** {@value #WATERMARK_MAX_DRIFT}: the watermark alignment's maximal drift. */
  public Duration watermarkMaxDrift() {
    return maxDrift;
  }

  /** The root of the lake, ending in {@code /} ({@code rs://lake/}). */
  public String lakePath() {
    return lakePath;
  }

  /** A folder of the lake: {@code lake("silver")} is {@code rs://lake/silver}. */
  public org.apache.flink.core.fs.Path lake(String relative) {
    return new org.apache.flink.core.fs.Path(lakePath + relative);
  }

  /** The checkpoint directory. */
  public String checkpointPath() {
    return checkpointPath;
  }

  /** Time between two checkpoints. */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** The default parallelism, or {@code null} for the cluster's. */
  public Integer parallelism() {
    return parallelism;
  }

  /**
   * How far behind the watermark silver remembers a (station, timestamp, parameter) to drop exact
   * repeats.
   */
  public Duration dedupeTtl() {
    return dedupeTtl;
  }

  /** The least time between two reloads of the metadata triggered by an unknown code. */
  public Duration metadataRefreshInterval() {
    return metadataRefreshInterval;
  }

  /**
   * How silver and gold merge their small files ({@link #COMPACTION_ENABLED}, {@link
   * #COMPACTION_TARGET_SIZE}, {@link #COMPACTION_CHECKPOINTS}).
   */
  public FileCompaction compaction() {
    return compaction;
  }

  /** The settings of the gold tables. */
  public GoldConfig gold() {
    return gold;
  }

  /** The {@code rs.} keys, sorted (values may be secrets: never log them). */
  public Map<String, String> rsKeys() {
    return rsKeys;
  }

  /**
   * The {@code otel.} keys (OpenTelemetry SDK autoconfiguration), sorted; values may be secrets
   * ({@code otel.exporter.otlp.headers}): never log them.
   */
  public Map<String, String> otelKeys() {
    return otelKeys;
  }

  /**
   * A Flink configuration with the {@code rs.} keys, the checkpoint directory and interval
   * (checkpoints retained on cancellation) and the parallelism, for a local environment ({@code
   * getExecutionEnvironment(conf)}) and {@code RsFileSystems.initialize}.
   */
  public Configuration flinkConfiguration() {
    Configuration conf = new Configuration();
    rsKeys.forEach(conf::setString);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointPath);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (parallelism != null) {
      conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, parallelism);
    }
    return conf;
  }

  /** A builder holding this configuration's values. */
  public MedallionConfigBuilder toBuilder() {
    MedallionConfigBuilder b = new MedallionConfigBuilder();
    b.stations = new ArrayList<>(stations);
    b.feedBaseUrl = feedBaseUrl;
    b.feedStacUrl = feedStacUrl;
    b.discovery = discovery;
    b.granularity = granularity;
    b.period = period;
    b.bounded = bounded;
    b.pollInterval = pollInterval;
    b.revisionWindow = revisionWindow;
    b.metaPollInterval = metaPollInterval;
    b.outOfOrderness = outOfOrderness;
    b.idleness = idleness;
    b.maxDrift = maxDrift;
    b.lakePath = lakePath;
    b.checkpointPath = checkpointPath;
    b.checkpointInterval = checkpointInterval;
    b.parallelism = parallelism;
    b.compactionEnabled = compaction.enabled();
    if (compaction.enabled()) {
      b.compactionTargetSize = new MemorySize(compaction.targetSizeBytes());
      b.compactionCheckpoints = compaction.checkpoints();
    }
    b.dedupeTtl = dedupeTtl;
    b.metadataRefreshInterval = metadataRefreshInterval;
    b.gold = gold;
    b.rsKeys.putAll(rsKeys);
    b.otelKeys.putAll(otelKeys);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MedallionConfig c
        && toString().equals(c.toString())
        && rsKeys.equals(c.rsKeys)
        && otelKeys.equals(c.otelKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString(), rsKeys, otelKeys);
  }

  /** Every setting; of the {@code rs.} keys only the names (their values may be secrets). */
  @Override
  public String toString() {
    return "MedallionConfig{stations="
        + (stations.isEmpty() ? "all" : stations)
        + ", feed.base-url="
        + feedBaseUrl
        + ", feed.stac-url="
        + feedStacUrl
        + ", feed.discovery="
        + discovery
        + ", granularity="
        + granularity
        + ", feed.period="
        + period.code()
        + ", feed.bounded="
        + bounded
        + ", feed.poll-interval="
        + pollInterval
        + ", feed.revision-window="
        + revisionWindow
        + ", feed.meta-poll-interval="
        + metaPollInterval
        + ", feed.watermark.out-of-orderness="
        + outOfOrderness
        + ", feed.watermark.idleness="
        + idleness
        + ", feed.watermark.max-drift="
        + maxDrift
        + ", lake.path="
        + lakePath
        + ", checkpoints.path="
        + checkpointPath
        + ", checkpoints.interval="
        + checkpointInterval
        + ", parallelism="
        + parallelism
        + ", lake.compaction="
        + compaction
        + ", silver.dedupe-ttl="
        + dedupeTtl
        + ", silver.metadata-refresh-interval="
        + metadataRefreshInterval
        + ", gold="
        + gold
        + ", rs keys="
        + rsKeys.keySet()
        + (otelKeys.isEmpty() ? "" : ", otel keys=" + otelKeys.keySet())
        + "}";
  }

  /** A builder with every default. */
  public static MedallionConfigBuilder builder() {
    return new MedallionConfigBuilder();
  }
}
