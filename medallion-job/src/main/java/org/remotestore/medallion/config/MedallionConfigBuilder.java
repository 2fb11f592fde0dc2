package org.remotestore.medallion.config;

import static org.remotestore.medallion.config.MedallionConfig.DEFAULT_LAKE_PATH;
import static org.remotestore.medallion.config.MedallionConfig.OTEL_PREFIX;
import static org.remotestore.medallion.config.MedallionConfig.RS_PREFIX;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.MemorySize;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;

/**
 * Builds a {@link MedallionConfig} ({@link MedallionConfig#builder()}); {@link #build()} validates
 * every value and names the key at fault, and where its value came from, in a {@link
 * MedallionConfigException}.
 */
public final class MedallionConfigBuilder {
  final Map<String, String> origins = new LinkedHashMap<>();
  List<String> stations = new ArrayList<>();
  String feedBaseUrl = MeteoSwissSourceConfig.DEFAULT_BASE_URL;
  String feedStacUrl;
  StationDiscovery discovery = StationDiscovery.STAC;
  Granularity granularity = Granularity.T;
  PeriodMode period;
  boolean bounded;
  Duration pollInterval = Duration.ofMinutes(10);
  Duration revisionWindow = Duration.ofDays(5);
  Duration metaPollInterval = Duration.ofMinutes(10);
  Duration outOfOrderness = Duration.ofMinutes(10);
  Duration idleness = Duration.ofMinutes(30);
  Duration maxDrift = Duration.ofDays(1);
  String lakePath = DEFAULT_LAKE_PATH;
  String checkpointPath;
  Duration checkpointInterval = Duration.ofMinutes(1);
  Integer parallelism;
  boolean compactionEnabled = true;
  MemorySize compactionTargetSize = MemorySize.parse("64 mb");
  int compactionCheckpoints = 10;
  Duration dedupeTtl = Duration.ofDays(7);
  Duration metadataRefreshInterval = Duration.ofMinutes(1);
  GoldConfig gold = GoldConfig.defaults();
  final Map<String, String> rsKeys = new TreeMap<>();
  final Map<String, String> otelKeys = new TreeMap<>();

  MedallionConfigBuilder() {}

  /** Station codes; an empty list (or {@code all}) means every station. */
  public MedallionConfigBuilder stations(List<String> codes) {
    this.stations = new ArrayList<>(codes);
    return this;
  }

  /** See {@link MedallionConfig#FEED_BASE_URL}. */
  public MedallionConfigBuilder feedBaseUrl(String url) {
    this.feedBaseUrl = url;
    return this;
  }

  /** See {@link MedallionConfig#FEED_STAC_URL}; {@code null} derives it. */
  public MedallionConfigBuilder feedStacUrl(String url) {
    this.feedStacUrl = url;
    return this;
  }

  /** See {@link MedallionConfig#FEED_DISCOVERY}. */
  public MedallionConfigBuilder discovery(StationDiscovery how) {
    this.discovery = how;
    return this;
  }

  /** See {@link MedallionConfig#GRANULARITY}. */
  public MedallionConfigBuilder granularity(Granularity g) {
    this.granularity = g;
    return this;
  }

  /**
   * See {@link MedallionConfig#FEED_PERIOD}; when not set, {@link PeriodMode#defaultFor} the
   * granularity ({@code now} for {@code t}).
   */
  public MedallionConfigBuilder period(PeriodMode mode) {
    this.period = mode;
    return this;
  }

  /** See {@link MedallionConfig#FEED_BOUNDED}. */
  public MedallionConfigBuilder bounded(boolean isBounded) {
    this.bounded = isBounded;
    return this;
  }

  /** See {@link MedallionConfig#FEED_POLL_INTERVAL}. */
  public MedallionConfigBuilder pollInterval(Duration interval) {
    this.pollInterval = interval;
    return this;
  }

  /** See {@link MedallionConfig#FEED_REVISION_WINDOW}. */
  public MedallionConfigBuilder revisionWindow(Duration window) {
    this.revisionWindow = window;
    return this;
  }

  /** See {@link MedallionConfig#FEED_META_POLL_INTERVAL}. */
  public MedallionConfigBuilder metaPollInterval(Duration interval) {
    this.metaPollInterval = interval;
    return this;
  }

  /** See {@link MedallionConfig#WATERMARK_OUT_OF_ORDERNESS}. */
  public MedallionConfigBuilder watermarkOutOfOrderness(Duration bound) {
    this.outOfOrderness = bound;
    return this;
  }

  /** See {@link MedallionConfig#WATERMARK_MAX_DRIFT}. */
  public MedallionConfigBuilder watermarkMaxDrift(Duration drift) {
    this.maxDrift = drift;
    return this;
  }

  /** See {@link MedallionConfig#WATERMARK_IDLENESS}. */
  public MedallionConfigBuilder watermarkIdleness(Duration timeout) {
    this.idleness = timeout;
    return this;
  }

  /** See {@link MedallionConfig#LAKE_PATH}. */
  public MedallionConfigBuilder lakePath(String path) {
    this.lakePath = path;
    return this;
  }

  /** See {@link MedallionConfig#CHECKPOINTS_PATH}; {@code null} for the default. */
  public MedallionConfigBuilder checkpointPath(String path) {
    this.checkpointPath = path;
    return this;
  }

  /** See {@link MedallionConfig#CHECKPOINTS_INTERVAL}. */
  public MedallionConfigBuilder checkpointInterval(Duration interval) {
    this.checkpointInterval = interval;
    return this;
  }

  /** See {@link MedallionConfig#PARALLELISM}; {@code null} for the cluster's. */
  public MedallionConfigBuilder parallelism(Integer p) {
    this.parallelism = p;
    return this;
  }

  /** See {@link MedallionConfig#SILVER_DEDUPE_TTL}. */
  public MedallionConfigBuilder dedupeTtl(Duration ttl) {
    this.dedupeTtl = ttl;
    return this;
  }

  /** See {@link MedallionConfig#SILVER_METADATA_REFRESH}. */
  public MedallionConfigBuilder metadataRefreshInterval(Duration interval) {
    this.metadataRefreshInterval = interval;
    return this;
  }

  /**
   * Whether silver and gold merge their small files (default {@code true}), when they add up to
   * {@code targetSize} (default 64 MiB) or at the latest every {@code checkpoints} checkpoints
   * (default 10). See {@link MedallionConfig#COMPACTION_ENABLED}.
   */
  public MedallionConfigBuilder compaction(
      boolean enabled, MemorySize targetSize, int checkpoints) {
    this.compactionEnabled = enabled;
    this.compactionTargetSize = targetSize;
    this.compactionCheckpoints = checkpoints;
    return this;
  }

  /** The gold settings (default {@link GoldConfig#defaults()}). */
  public MedallionConfigBuilder gold(GoldConfig settings) {
    this.gold = settings;
    return this;
  }

  /** One {@code rs.} key of the {@code rs://} file system. */
  public MedallionConfigBuilder rsKey(String key, String value) {
    if (key == null || !key.startsWith(RS_PREFIX)) {
      throw new MedallionConfigException(
          String.valueOf(key), "Key '" + key + "' is not an rs. key" + origin(key));
    }
    rsKeys.put(key, value);
    return this;
  }

  /** One {@code otel.} key of the OpenTelemetry SDK (see {@link MedallionConfig#otelKeys()}). */
  public MedallionConfigBuilder otelKey(String key, String value) {
    if (key == null || !key.startsWith(OTEL_PREFIX)) {
      throw new MedallionConfigException(
          String.valueOf(key), "Key '" + key + "' is not an otel. key" + origin(key));
    }
    otelKeys.put(key, value);
    return this;
  }

  /** Where the value of {@code key} came from, as {@code " (flag --key)"}, or {@code ""}. */
  String origin(String key) {
    String o = origins.get(key);
    return o == null ? "" : " " + o;
  }

  /** Several {@code rs.} keys. */
  public MedallionConfigBuilder rsKeys(Map<String, String> keys) {
    keys.forEach(this::rsKey);
    return this;
  }

  /**
   * Validates and builds.
   *
   * @throws MedallionConfigException naming the key at fault
   */
  public MedallionConfig build() {
    new MedallionConfigValidator(this).validate();
    return new MedallionConfig(this);
  }
}
