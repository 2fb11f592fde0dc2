package org.remotestore.medallion.config;

import static org.remotestore.medallion.config.MedallionConfig.CHECKPOINTS_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.CHECKPOINTS_PATH;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_CHECKPOINTS;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_ENABLED;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_TARGET_SIZE;
import static org.remotestore.medallion.config.MedallionConfig.FEED_BASE_URL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_BOUNDED;
import static org.remotestore.medallion.config.MedallionConfig.FEED_DISCOVERY;
import static org.remotestore.medallion.config.MedallionConfig.FEED_META_POLL_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_PERIOD;
import static org.remotestore.medallion.config.MedallionConfig.FEED_POLL_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_REVISION_WINDOW;
import static org.remotestore.medallion.config.MedallionConfig.FEED_STAC_URL;
import static org.remotestore.medallion.config.MedallionConfig.GOLD_PREFIX;
import static org.remotestore.medallion.config.MedallionConfig.GRANULARITY;
import static org.remotestore.medallion.config.MedallionConfig.KEYS;
import static org.remotestore.medallion.config.MedallionConfig.LAKE_PATH;
import static org.remotestore.medallion.config.MedallionConfig.OTEL_PREFIX;
import static org.remotestore.medallion.config.MedallionConfig.PARALLELISM;
import static org.remotestore.medallion.config.MedallionConfig.RS_PREFIX;
import static org.remotestore.medallion.config.MedallionConfig.SILVER_DEDUPE_TTL;
import static org.remotestore.medallion.config.MedallionConfig.SILVER_METADATA_REFRESH;
import static org.remotestore.medallion.config.MedallionConfig.STATIONS;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_IDLENESS;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_MAX_DRIFT;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_OUT_OF_ORDERNESS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.TimeUtils;
import org.remotestore.ConfigException;
import org.remotestore.config.ConfigDocument;
import org.remotestore.config.ConfigFlattener;
import org.remotestore.config.YamlLoader;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;

/**
 * Reads a {@link MedallionConfig} from its YAML file (with the shared {@link YamlLoader}) and the
 * flags that override it, and turns each key into a builder call. Every error names the key and
 * where its value came from: {@code (flag --feed.poll-interval)} or {@code (in job.yaml) at line
 * 7}.
 */
final class MedallionConfigReader {

  private MedallionConfigReader() {}

  static MedallionConfig fromArgs(String... args) {
    MedallionFlags flags = MedallionFlags.parse(args);
    ConfigDocument doc = null;
    if (flags.configFile() != null) {
      doc = load(flags.configFile());
    }
    return parse(doc, flags.values(), flags::originOf);
  }

  private static ConfigDocument load(Path file) {
    try {
      return YamlLoader.load(file);
    } catch (ConfigException e) {
      throw new MedallionConfigException("config", e.getMessage() + " (flag --config)", e);
    }
  }

  static MedallionConfig fromYaml(String yaml, String source) {
    ConfigDocument doc;
    try {
      doc = YamlLoader.parse(yaml, source);
    } catch (ConfigException e) {
      throw new MedallionConfigException("config", e.getMessage(), e);
    }
    return parse(doc, Map.of(), MedallionFlags::origin);
  }

  static MedallionConfig parse(Map<String, ?> yaml, String yamlSource, Map<String, String> flags) {
    return parse(new ConfigDocument(yamlSource, yaml, Map.of()), flags, MedallionFlags::origin);
  }

  private static MedallionConfig parse(
      ConfigDocument doc,
      Map<String, String> flags,
      java.util.function.UnaryOperator<String> flagOrigin) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    if (doc != null) {
      String file = "(in " + (doc.source() == null ? "the configuration" : doc.source()) + ")";
      doc.flatten()
          .forEach(
              (key, value) -> {
                int line = doc.line(key);
                values.put(key, value);
                origins.put(key, line < 0 ? file : file + " at line " + line);
              });
    }
    flags.forEach(
        (k, v) -> {
          values.put(k, v);
          origins.put(k, flagOrigin.apply(k));
        });
    MedallionConfigBuilder b = MedallionConfig.builder();
    b.origins.putAll(origins);
    Map<String, Object> goldSettings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      String where = origins.get(key);
      if (key.startsWith(RS_PREFIX)) {
        b.rsKey(key, scalar(key, value, where));
        continue;
      }
      if (key.startsWith(OTEL_PREFIX)) {
        b.otelKey(key, scalar(key, value, where));
        continue;
      }
      if (key.startsWith(GOLD_PREFIX) && KEYS.containsKey(key)) {
        goldSettings.put(key.substring(GOLD_PREFIX.length()), scalar(key, value, where));
        continue;
      }
      if (!KEYS.containsKey(key)) {
        throw new MedallionConfigException(
            key,
            "Unknown key '"
                + key
                + "' "
                + where
                + "; known keys: "
                + String.join(", ", KEYS.keySet())
                + " and rs.* and otel.* keys");
      }
      try {
        apply(b, key, value, where);
      } catch (MedallionConfigException ex) {
        throw ex;
      } catch (RuntimeException ex) {
        throw new MedallionConfigException(
            key,
            "Invalid value '" + value + "' for key '" + key + "' " + where + ": " + ex.getMessage(),
            ex);
      }
    }
    if (!goldSettings.isEmpty()) {
      try {
        b.gold(GoldConfig.fromMap(goldSettings, GOLD_PREFIX));
      } catch (IllegalArgumentException ex) {
        String key = goldKeyOf(ex.getMessage(), goldSettings.keySet());
        String where = origins.get(key);
        throw new MedallionConfigException(
            key,
            "Invalid gold setting '"
                + key
                + "'"
                + (where == null ? "" : " " + where)
                + ": "
                + ex.getMessage(),
            ex);
      }
    }
    return b.build();
  }

  /** The gold key an error message of {@link GoldConfig} names first ({@code gold} if none). */
  private static String goldKeyOf(String message, Set<String> given) {
    String best = null;
    int at = Integer.MAX_VALUE;
    for (String setting : given) {
      int i = message == null ? -1 : message.indexOf(setting);
      if (i >= 0 && i < at) {
        at = i;
        best = GOLD_PREFIX + setting;
      }
    }
    return best == null ? "gold" : best;
  }

  private static String scalar(String key, Object value, String where) {
    if (value == null) {
      throw new MedallionConfigException(key, "No value for key '" + key + "' " + where);
    }
    try {
      return ConfigFlattener.scalar(value, key).trim();
    } catch (ConfigException e) {
      throw new MedallionConfigException(key, e.getMessage() + " " + where, e);
    }
  }

  private static void apply(MedallionConfigBuilder b, String key, Object raw, String where) {
    String value = scalar(key, raw, where);
    switch (key) {
      case STATIONS -> b.stations(stationList(raw));
      case FEED_BASE_URL -> b.feedBaseUrl(value);
      case FEED_STAC_URL -> b.feedStacUrl(value.isEmpty() ? null : value);
      case FEED_DISCOVERY -> b.discovery(discovery(value));
      case GRANULARITY -> b.granularity(Granularity.of(value));
      case FEED_PERIOD -> b.period(PeriodMode.parse(value));
      case FEED_BOUNDED -> b.bounded(bool(value));
      case FEED_POLL_INTERVAL -> b.pollInterval(duration(value));
      case FEED_REVISION_WINDOW -> b.revisionWindow(duration(value));
      case FEED_META_POLL_INTERVAL -> b.metaPollInterval(duration(value));
      case WATERMARK_OUT_OF_ORDERNESS -> b.watermarkOutOfOrderness(duration(value));
      case WATERMARK_IDLENESS -> b.watermarkIdleness(duration(value));
      case WATERMARK_MAX_DRIFT -> b.watermarkMaxDrift(duration(value));
      case LAKE_PATH -> b.lakePath(value);
      case CHECKPOINTS_PATH -> b.checkpointPath(value.isEmpty() ? null : value);
      case CHECKPOINTS_INTERVAL -> b.checkpointInterval(duration(value));
      case PARALLELISM -> b.parallelism(Integer.valueOf(value));
      case COMPACTION_ENABLED -> b.compactionEnabled = bool(value);
      case COMPACTION_TARGET_SIZE -> b.compactionTargetSize = MemorySize.parse(value);
      case COMPACTION_CHECKPOINTS -> b.compactionCheckpoints = Integer.parseInt(value);
      case SILVER_DEDUPE_TTL -> b.dedupeTtl(duration(value));
      case SILVER_METADATA_REFRESH -> b.metadataRefreshInterval(duration(value));
      default -> throw new IllegalStateException("unhandled key " + key);
    }
  }

  private static List<String> stationList(Object raw) {
    List<String> codes = new ArrayList<>();
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        codes.add(String.valueOf(o));
      }
    } else {
      for (String s : String.valueOf(raw).split(",")) {
        codes.add(s);
      }
    }
    List<String> trimmed = new ArrayList<>();
    for (String c : codes) {
      if (!c.isBlank()) {
        trimmed.add(c.trim());
      }
    }
    if (trimmed.size() == 1 && trimmed.get(0).equalsIgnoreCase("all")) {
      return List.of();
    }
    return trimmed;
  }

  private static StationDiscovery discovery(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "stac" -> StationDiscovery.STAC;
      case "metadata" -> StationDiscovery.METADATA;
      case "none" -> StationDiscovery.EXPLICIT_UNVERIFIED;
      default -> throw new IllegalArgumentException("expected 'stac', 'metadata' or 'none'");
    };
  }

  private static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static Duration duration(String value) {
    return TimeUtils.parseDuration(value);
  }
}
