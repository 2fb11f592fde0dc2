package org.remotestore.medallion.config;

import static org.remotestore.medallion.config.MedallionConfig.CHECKPOINTS_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.CHECKPOINTS_PATH;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_CHECKPOINTS;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_TARGET_SIZE;
import static org.remotestore.medallion.config.MedallionConfig.FEED_BASE_URL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_DISCOVERY;
import static org.remotestore.medallion.config.MedallionConfig.FEED_META_POLL_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_PERIOD;
import static org.remotestore.medallion.config.MedallionConfig.FEED_POLL_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_REVISION_WINDOW;
import static org.remotestore.medallion.config.MedallionConfig.FEED_STAC_URL;
import static org.remotestore.medallion.config.MedallionConfig.GRANULARITY;
import static org.remotestore.medallion.config.MedallionConfig.LAKE_PATH;
import static org.remotestore.medallion.config.MedallionConfig.PARALLELISM;
import static org.remotestore.medallion.config.MedallionConfig.SILVER_DEDUPE_TTL;
import static org.remotestore.medallion.config.MedallionConfig.SILVER_METADATA_REFRESH;
import static org.remotestore.medallion.config.MedallionConfig.STATIONS;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_IDLENESS;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_MAX_DRIFT;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_OUT_OF_ORDERNESS;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.remotestore.ConfigException;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;

/**
 * Checks the values of a {@link MedallionConfigBuilder} before it builds: station codes, URLs,
 * Flink paths, positive durations, and that the {@code rs.} keys make a usable registry serving the
 * lake. Every error names the key and where its value came from.
 */
final class MedallionConfigValidator {
  private static final Pattern STATION_CODE = Pattern.compile("[A-Za-z0-9]{2,6}");

  private final MedallionConfigBuilder b;

  MedallionConfigValidator(MedallionConfigBuilder builder) {
    this.b = builder;
  }

  private String origin(String key) {
    return b.origin(key);
  }

  private MedallionConfigException invalid(String key, Object value, String why) {
    return new MedallionConfigException(
        key, "Invalid value '" + value + "' for key '" + key + "'" + origin(key) + ": " + why);
  }

  private void positive(String key, Duration d) {
    if (d == null) {
      throw new MedallionConfigException(key, "No value for key '" + key + "'" + origin(key));
    }
    if (d.isNegative() || d.isZero()) {
      throw invalid(key, d, "must be a positive duration");
    }
  }

  /**
   * Validates the builder's values and normalises them in place (upper-case station codes, URLs and
   * lake path ending in {@code /}, the default checkpoint path).
   *
   * @throws MedallionConfigException naming the key at fault and where its value came from
   */
  void validate() {
    Set<String> codes = new LinkedHashSet<>();
    for (String s : b.stations) {
      String code = s == null ? "" : s.trim();
      if (!STATION_CODE.matcher(code).matches()) {
        throw invalid(STATIONS, s, "a station code is 2 to 6 letters or digits (or use 'all')");
      }
      codes.add(code.toUpperCase(Locale.ROOT));
    }
    b.stations = new ArrayList<>(codes);
    b.feedBaseUrl = httpUrl(FEED_BASE_URL, b.feedBaseUrl, true);
    if (b.feedStacUrl != null) {
      b.feedStacUrl = httpUrl(FEED_STAC_URL, b.feedStacUrl, false);
    }
    if (b.discovery == null || b.discovery == StationDiscovery.EXPLICIT) {
      throw invalid(FEED_DISCOVERY, b.discovery, "expected 'stac', 'metadata' or 'none'");
    }
    if (b.discovery == StationDiscovery.EXPLICIT_UNVERIFIED && b.stations.isEmpty()) {
      throw invalid(
          FEED_DISCOVERY,
          "none",
          "'none' reads only the stations listed in '"
              + STATIONS
              + "', which is 'all' here; list the stations or use 'stac' or 'metadata'");
    }
    if (b.granularity == null) {
      throw new MedallionConfigException(
          GRANULARITY, "No value for key '" + GRANULARITY + "'" + origin(GRANULARITY));
    }
    if (b.period == null) {
      b.period = PeriodMode.defaultFor(b.granularity);
    } else if (!b.period.supports(b.granularity)) {
      try {
        b.period.checkSupports(b.granularity);
      } catch (IllegalArgumentException e) {
        throw invalid(
            FEED_PERIOD,
            b.period.code(),
            "with " + GRANULARITY + " '" + b.granularity + "': " + e.getMessage());
      }
    }
    positive(FEED_POLL_INTERVAL, b.pollInterval);
    positive(FEED_REVISION_WINDOW, b.revisionWindow);
    positive(FEED_META_POLL_INTERVAL, b.metaPollInterval);
    positive(WATERMARK_OUT_OF_ORDERNESS, b.outOfOrderness);
    positive(WATERMARK_IDLENESS, b.idleness);
    positive(WATERMARK_MAX_DRIFT, b.maxDrift);
    positive(CHECKPOINTS_INTERVAL, b.checkpointInterval);
    positive(SILVER_DEDUPE_TTL, b.dedupeTtl);
    positive(SILVER_METADATA_REFRESH, b.metadataRefreshInterval);
    b.lakePath = flinkPath(LAKE_PATH, b.lakePath);
    if (!b.lakePath.endsWith("/")) {
      b.lakePath = b.lakePath + "/";
    }
    b.checkpointPath =
        b.checkpointPath == null
            ? b.lakePath + "_checkpoints"
            : flinkPath(CHECKPOINTS_PATH, b.checkpointPath);
    if (b.compactionTargetSize == null || b.compactionTargetSize.getBytes() < 1) {
      throw invalid(COMPACTION_TARGET_SIZE, b.compactionTargetSize, "must be at least 1 byte");
    }
    if (b.compactionCheckpoints < 1) {
      throw invalid(COMPACTION_CHECKPOINTS, b.compactionCheckpoints, "must be at least 1");
    }
    if (b.parallelism != null && b.parallelism < 1) {
      throw invalid(PARALLELISM, b.parallelism, "must be at least 1");
    }
    if (b.gold == null) {
      throw new MedallionConfigException("gold", "No gold settings (use GoldConfig.defaults())");
    }
    validateRsKeys();
  }

  private void validateRsKeys() {
    if (b.rsKeys.isEmpty()) {
      return; // the cluster's configuration (or RS_CONFIG_FILE) provides them
    }
    RegistryConfig registry;
    try {
      registry = RegistryConfig.fromFlatKeys(b.rsKeys);
      Registry.create(registry).close();
    } catch (ConfigException e) {
      throw new MedallionConfigException(
          e.key(), "Invalid rs. key " + e.key() + origin(e.key()) + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new MedallionConfigException(
          "rs", "The rs. keys do not describe a usable registry: " + e.getMessage(), e);
    }
    URI lake = URI.create(b.lakePath);
    if ("rs".equals(lake.getScheme())
        && !registry.stores().isEmpty()
        && !registry.stores().containsKey(lake.getAuthority())) {
      throw invalid(
          LAKE_PATH,
          b.lakePath,
          "the rs. keys configure no store '"
              + lake.getAuthority()
              + "' (rs.stores."
              + lake.getAuthority()
              + ".backend); configured stores: "
              + registry.stores().keySet());
    }
  }

  private String httpUrl(String key, String url, boolean folder) {
    if (url == null || url.isBlank()) {
      throw new MedallionConfigException(key, "No value for key '" + key + "'" + origin(key));
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw invalid(key, url, "not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw invalid(key, url, "expected an http:// or https:// URL");
    }
    String s = uri.toString();
    return folder && !s.endsWith("/") ? s + "/" : s;
  }

  private String flinkPath(String key, String path) {
    if (path == null || path.isBlank()) {
      throw new MedallionConfigException(key, "No value for key '" + key + "'" + origin(key));
    }
    URI uri;
    try {
      uri = new URI(path.trim());
    } catch (URISyntaxException e) {
      throw invalid(key, path, "not a path URI: " + e.getMessage());
    }
    if (uri.getScheme() == null) {
      throw invalid(
          key, path, "expected a URI with a scheme, such as rs://lake/ or file:///data/lake");
    }
    if ("rs".equals(uri.getScheme())
        && (uri.getAuthority() == null || uri.getAuthority().isEmpty())) {
      throw invalid(key, path, "an rs:// path names its store: rs://<store>/<path>");
    }
    return uri.toString();
  }
}
