package org.remotestore.medallion.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import org.remotestore.ConfigException;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

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
 * from (the file or the flag), as a {@link MedallionConfigException}.
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
   * {@code feed.discovery}: how {@code all} stations are listed, {@code stac} or {@code metadata}.
   */
  public static final String FEED_DISCOVERY = "feed.discovery";

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

  /** {@code lake.path}: the root of the lake, a Flink path ({@code rs://lake/}). */
  public static final String LAKE_PATH = "lake.path";

  /** {@code checkpoints.path}: where checkpoints go (default {@code <lake.path>_checkpoints}). */
  public static final String CHECKPOINTS_PATH = "checkpoints.path";

  /** {@code checkpoints.interval}: time between two checkpoints (and so between two commits). */
  public static final String CHECKPOINTS_INTERVAL = "checkpoints.interval";

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

  private static final Pattern STATION_CODE = Pattern.compile("[A-Za-z0-9]{2,6}");

  /**
   * Every key (other than {@code rs.} keys) with its meaning and default, in documentation order.
   */
  public static final Map<String, String> KEYS = keys();

  private final List<String> stations;
  private final String feedBaseUrl;
  private final String feedStacUrl;
  private final StationDiscovery discovery;
  private final PeriodMode period;
  private final boolean bounded;
  private final Duration pollInterval;
  private final Duration revisionWindow;
  private final Duration metaPollInterval;
  private final Duration outOfOrderness;
  private final Duration idleness;
  private final String lakePath;
  private final String checkpointPath;
  private final Duration checkpointInterval;
  private final Integer parallelism;
  private final Duration dedupeTtl;
  private final Duration metadataRefreshInterval;
  private final GoldConfig gold;
  private final Map<String, String> rsKeys;
  private final Map<String, String> otelKeys;

  private MedallionConfig(Builder b) {
    this.stations = List.copyOf(b.stations);
    this.feedBaseUrl = b.feedBaseUrl;
    this.feedStacUrl = b.feedStacUrl;
    this.discovery = b.discovery;
    this.period = b.period;
    this.bounded = b.bounded;
    this.pollInterval = b.pollInterval;
    this.revisionWindow = b.revisionWindow;
    this.metaPollInterval = b.metaPollInterval;
    this.outOfOrderness = b.outOfOrderness;
    this.idleness = b.idleness;
    this.lakePath = b.lakePath;
    this.checkpointPath = b.checkpointPath;
    this.checkpointInterval = b.checkpointInterval;
    this.parallelism = b.parallelism;
    this.dedupeTtl = b.dedupeTtl;
    this.metadataRefreshInterval = b.metadataRefreshInterval;
    this.gold = b.gold;
    this.rsKeys = Collections.unmodifiableMap(new TreeMap<>(b.rsKeys));
    this.otelKeys = Collections.unmodifiableMap(new TreeMap<>(b.otelKeys));
  }

  private static Map<String, String> keys() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put(STATIONS, "station codes (list or comma-separated), or `all` | `all`");
    k.put(
        FEED_BASE_URL, "data root of the feed | `" + MeteoSwissSourceConfig.DEFAULT_BASE_URL + "`");
    k.put(FEED_STAC_URL, "STAC items listing (used when stations = all) | derived from the root");
    k.put(FEED_DISCOVERY, "how `all` stations are listed: `stac` or `metadata` | `stac`");
    k.put(FEED_PERIOD, "`now`, `recent`, `historical` or `backfill` | `now`");
    k.put(FEED_BOUNDED, "read each file once and finish | `false`");
    k.put(FEED_POLL_INTERVAL, "time between two conditional GETs of a station file | `10 min`");
    k.put(FEED_REVISION_WINDOW, "how far back corrected rows are noticed | `5 d`");
    k.put(FEED_META_POLL_INTERVAL, "time between two checks of the metadata files | `10 min`");
    k.put(WATERMARK_OUT_OF_ORDERNESS, "watermark bound | `10 min`");
    k.put(WATERMARK_IDLENESS, "a station silent this long stops holding back time | `30 min`");
    k.put(LAKE_PATH, "root of the lake (any Flink path) | `" + DEFAULT_LAKE_PATH + "`");
    k.put(CHECKPOINTS_PATH, "checkpoint directory | `<lake.path>_checkpoints`");
    k.put(CHECKPOINTS_INTERVAL, "time between checkpoints, i.e. between commits | `1 min`");
    k.put(PARALLELISM, "default parallelism of the job | the cluster's");
    k.put(
        SILVER_DEDUPE_TTL,
        "how far behind the watermark silver remembers values to drop exact repeats | `7 d`");
    k.put(SILVER_METADATA_REFRESH, "least time between two metadata reloads | `1 min`");
    k.put(
        GOLD_PREFIX + GoldConfig.ALLOWED_LATENESS,
        "how long a day's summary waits for late rows | `1 h`");
    k.put(
        GOLD_PREFIX + GoldConfig.CORRECTION_PERIOD,
        "how long after its end a day still takes corrections | `6 d`");
    k.put(
        GOLD_PREFIX + GoldConfig.STATS_REFRESH_INTERVAL,
        "event-time interval of station_stats refreshes | `1 h`");
    k.put(GOLD_PREFIX + GoldConfig.HEAT_THRESHOLD_C, "heat alert at tre200s0 >= this | `30`");
    k.put(GOLD_PREFIX + GoldConfig.FROST_THRESHOLD_C, "frost alert at tre200s0 <= this | `0`");
    k.put(
        GOLD_PREFIX + GoldConfig.STORM_GUST_THRESHOLD_KMH,
        "storm gust alert at fu3010z1 >= this | `75`");
    k.put(
        GOLD_PREFIX + GoldConfig.HEAVY_RAIN_THRESHOLD_MM,
        "heavy rain alert at rre150z0 >= this | `5`");
    return Collections.unmodifiableMap(k);
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads the command line: {@code --config <file.yaml>} (optional) and flags {@code --<key>
   * <value>}, {@code --<key>=<value>} or {@code -D<key>=<value>} for any key, flags winning over
   * the file.
   *
   * @throws MedallionConfigException naming the key (and flag) at fault
   */
  public static MedallionConfig fromArgs(String... args) {
    Map<String, String> flags = new LinkedHashMap<>();
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String key;
      String value;
      if (arg.startsWith("-D") && arg.length() > 2) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
          throw new MedallionConfigException(
              arg.substring(2), "Flag " + arg + " has no value (expected -D<key>=<value>)");
        }
        key = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else if (arg.startsWith("--") && arg.length() > 2) {
        int eq = arg.indexOf('=');
        if (eq > 0) {
          key = arg.substring(2, eq);
          value = arg.substring(eq + 1);
        } else {
          key = arg.substring(2);
          if (i + 1 >= args.length) {
            throw new MedallionConfigException(key, "Flag " + arg + " has no value");
          }
          value = args[++i];
        }
      } else {
        throw new MedallionConfigException(
            arg,
            "Unexpected argument '"
                + arg
                + "': expected --config <file>, --<key> <value>, --<key>=<value> or -D<key>=<value>");
      }
      if (key.equals("config")) {
        file = Path.of(value);
      } else {
        flags.put(key, value);
      }
    }
    Map<String, Object> yaml = Map.of();
    String fileName = null;
    if (file != null) {
      fileName = file.toString();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        yaml = readYaml(reader, fileName);
      } catch (IOException e) {
        throw new MedallionConfigException(
            "config", "Cannot read the configuration file " + file + " (flag --config): " + e, e);
      }
    }
    return parse(yaml, fileName, flags);
  }

  /** Reads a YAML document (see {@link #parse}); {@code source} names it in errors. */
  public static MedallionConfig fromYaml(String yaml, String source) {
    return parse(readYaml(new java.io.StringReader(yaml), source), source, Map.of());
  }

  private static Map<String, Object> readYaml(Reader reader, String source) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      throw new MedallionConfigException(
          "config",
          "Invalid YAML in "
              + source
              + (mark == null
                  ? ""
                  : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
              + ": "
              + e.getProblem(),
          e);
    } catch (YAMLException e) {
      throw new MedallionConfigException("config", "Invalid YAML in " + source, e);
    }
    if (doc == null) {
      return Map.of();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new MedallionConfigException(
          "config", "The configuration " + source + " must be a YAML mapping of keys to values");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) map;
    return typed;
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
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    String fileOrigin = "in " + (yamlSource == null ? "the configuration" : yamlSource);
    flatten("", yaml, values, origins, fileOrigin);
    flags.forEach(
        (k, v) -> {
          values.put(k, v);
          origins.put(k, "flag --" + k);
        });
    Builder b = builder();
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
                + "' ("
                + where
                + "); known keys: "
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
            "Invalid value '"
                + value
                + "' for key '"
                + key
                + "' ("
                + where
                + "): "
                + ex.getMessage(),
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
                + (where == null ? "" : " (" + where + ")")
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

  private static void flatten(
      String prefix,
      Map<?, ?> map,
      Map<String, Object> values,
      Map<String, String> origins,
      String origin) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object value = e.getValue();
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, values, origins, origin);
      } else {
        values.put(key, value);
        origins.put(key, origin);
      }
    }
  }

  private static String scalar(String key, Object value, String where) {
    if (value == null) {
      throw new MedallionConfigException(key, "No value for key '" + key + "' (" + where + ")");
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      for (Object o : list) {
        parts.add(String.valueOf(o));
      }
      return String.join(",", parts);
    }
    return String.valueOf(value).trim();
  }

  private static void apply(Builder b, String key, Object raw, String where) {
    String value = scalar(key, raw, where);
    switch (key) {
      case STATIONS -> b.stations(stationList(raw));
      case FEED_BASE_URL -> b.feedBaseUrl(value);
      case FEED_STAC_URL -> b.feedStacUrl(value.isEmpty() ? null : value);
      case FEED_DISCOVERY -> b.discovery(discovery(value));
      case FEED_PERIOD -> b.period(PeriodMode.parse(value));
      case FEED_BOUNDED -> b.bounded(bool(value));
      case FEED_POLL_INTERVAL -> b.pollInterval(duration(value));
      case FEED_REVISION_WINDOW -> b.revisionWindow(duration(value));
      case FEED_META_POLL_INTERVAL -> b.metaPollInterval(duration(value));
      case WATERMARK_OUT_OF_ORDERNESS -> b.watermarkOutOfOrderness(duration(value));
      case WATERMARK_IDLENESS -> b.watermarkIdleness(duration(value));
      case LAKE_PATH -> b.lakePath(value);
      case CHECKPOINTS_PATH -> b.checkpointPath(value.isEmpty() ? null : value);
      case CHECKPOINTS_INTERVAL -> b.checkpointInterval(duration(value));
      case PARALLELISM -> b.parallelism(Integer.valueOf(value));
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
      default -> throw new IllegalArgumentException("expected 'stac' or 'metadata'");
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
  public Builder toBuilder() {
    Builder b = new Builder();
    b.stations = new ArrayList<>(stations);
    b.feedBaseUrl = feedBaseUrl;
    b.feedStacUrl = feedStacUrl;
    b.discovery = discovery;
    b.period = period;
    b.bounded = bounded;
    b.pollInterval = pollInterval;
    b.revisionWindow = revisionWindow;
    b.metaPollInterval = metaPollInterval;
    b.outOfOrderness = outOfOrderness;
    b.idleness = idleness;
    b.lakePath = lakePath;
    b.checkpointPath = checkpointPath;
    b.checkpointInterval = checkpointInterval;
    b.parallelism = parallelism;
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
        + ", lake.path="
        + lakePath
        + ", checkpoints.path="
        + checkpointPath
        + ", checkpoints.interval="
        + checkpointInterval
        + ", parallelism="
        + parallelism
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
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MedallionConfig}; {@link #build()} validates every value. */
  public static final class Builder {
    private final Map<String, String> origins = new LinkedHashMap<>();
    private List<String> stations = new ArrayList<>();
    private String feedBaseUrl = MeteoSwissSourceConfig.DEFAULT_BASE_URL;
    private String feedStacUrl;
    private StationDiscovery discovery = StationDiscovery.STAC;
    private PeriodMode period = PeriodMode.NOW;
    private boolean bounded;
    private Duration pollInterval = Duration.ofMinutes(10);
    private Duration revisionWindow = Duration.ofDays(5);
    private Duration metaPollInterval = Duration.ofMinutes(10);
    private Duration outOfOrderness = Duration.ofMinutes(10);
    private Duration idleness = Duration.ofMinutes(30);
    private String lakePath = DEFAULT_LAKE_PATH;
    private String checkpointPath;
    private Duration checkpointInterval = Duration.ofMinutes(1);
    private Integer parallelism;
    private Duration dedupeTtl = Duration.ofDays(7);
    private Duration metadataRefreshInterval = Duration.ofMinutes(1);
    private GoldConfig gold = GoldConfig.defaults();
    private final Map<String, String> rsKeys = new TreeMap<>();
    private final Map<String, String> otelKeys = new TreeMap<>();

    private Builder() {}

    /** Station codes; an empty list (or {@code all}) means every station. */
    public Builder stations(List<String> codes) {
      this.stations = new ArrayList<>(codes);
      return this;
    }

    /** See {@link MedallionConfig#FEED_BASE_URL}. */
    public Builder feedBaseUrl(String url) {
      this.feedBaseUrl = url;
      return this;
    }

    /** See {@link MedallionConfig#FEED_STAC_URL}; {@code null} derives it. */
    public Builder feedStacUrl(String url) {
      this.feedStacUrl = url;
      return this;
    }

    /** See {@link MedallionConfig#FEED_DISCOVERY}. */
    public Builder discovery(StationDiscovery how) {
      this.discovery = how;
      return this;
    }

    /** See {@link MedallionConfig#FEED_PERIOD}. */
    public Builder period(PeriodMode mode) {
      this.period = mode;
      return this;
    }

    /** See {@link MedallionConfig#FEED_BOUNDED}. */
    public Builder bounded(boolean isBounded) {
      this.bounded = isBounded;
      return this;
    }

    /** See {@link MedallionConfig#FEED_POLL_INTERVAL}. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /** See {@link MedallionConfig#FEED_REVISION_WINDOW}. */
    public Builder revisionWindow(Duration window) {
      this.revisionWindow = window;
      return this;
    }

    /** See {@link MedallionConfig#FEED_META_POLL_INTERVAL}. */
    public Builder metaPollInterval(Duration interval) {
      this.metaPollInterval = interval;
      return this;
    }

    /** See {@link MedallionConfig#WATERMARK_OUT_OF_ORDERNESS}. */
    public Builder watermarkOutOfOrderness(Duration bound) {
      this.outOfOrderness = bound;
      return this;
    }

    /** See {@link MedallionConfig#WATERMARK_IDLENESS}. */
    public Builder watermarkIdleness(Duration timeout) {
      this.idleness = timeout;
      return this;
    }

    /** See {@link MedallionConfig#LAKE_PATH}. */
    public Builder lakePath(String path) {
      this.lakePath = path;
      return this;
    }

    /** See {@link MedallionConfig#CHECKPOINTS_PATH}; {@code null} for the default. */
    public Builder checkpointPath(String path) {
      this.checkpointPath = path;
      return this;
    }

    /** See {@link MedallionConfig#CHECKPOINTS_INTERVAL}. */
    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = interval;
      return this;
    }

    /** See {@link MedallionConfig#PARALLELISM}; {@code null} for the cluster's. */
    public Builder parallelism(Integer p) {
      this.parallelism = p;
      return this;
    }

    /** See {@link MedallionConfig#SILVER_DEDUPE_TTL}. */
    public Builder dedupeTtl(Duration ttl) {
      this.dedupeTtl = ttl;
      return this;
    }

    /** See {@link MedallionConfig#SILVER_METADATA_REFRESH}. */
    public Builder metadataRefreshInterval(Duration interval) {
      this.metadataRefreshInterval = interval;
      return this;
    }

    /** The gold settings (default {@link GoldConfig#defaults()}). */
    public Builder gold(GoldConfig settings) {
      this.gold = settings;
      return this;
    }

    /** One {@code rs.} key of the {@code rs://} file system. */
    public Builder rsKey(String key, String value) {
      if (key == null || !key.startsWith(RS_PREFIX)) {
        throw new MedallionConfigException(
            String.valueOf(key), "Key '" + key + "' is not an rs. key" + origin(key));
      }
      rsKeys.put(key, value);
      return this;
    }

    /** One {@code otel.} key of the OpenTelemetry SDK (see {@link #otelKeys()}). */
    public Builder otelKey(String key, String value) {
      if (key == null || !key.startsWith(OTEL_PREFIX)) {
        throw new MedallionConfigException(
            String.valueOf(key), "Key '" + key + "' is not an otel. key" + origin(key));
      }
      otelKeys.put(key, value);
      return this;
    }

    /** Several {@code rs.} keys. */
    public Builder rsKeys(Map<String, String> keys) {
      keys.forEach(this::rsKey);
      return this;
    }

    private String origin(String key) {
      String o = origins.get(key);
      return o == null ? "" : " (" + o + ")";
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
     * Validates and builds.
     *
     * @throws MedallionConfigException naming the key at fault
     */
    public MedallionConfig build() {
      Set<String> codes = new LinkedHashSet<>();
      for (String s : stations) {
        String code = s == null ? "" : s.trim();
        if (!STATION_CODE.matcher(code).matches()) {
          throw invalid(STATIONS, s, "a station code is 2 to 6 letters or digits (or use 'all')");
        }
        codes.add(code.toUpperCase(Locale.ROOT));
      }
      stations = new ArrayList<>(codes);
      feedBaseUrl = httpUrl(FEED_BASE_URL, feedBaseUrl, true);
      if (feedStacUrl != null) {
        feedStacUrl = httpUrl(FEED_STAC_URL, feedStacUrl, false);
      }
      if (discovery == null || discovery == StationDiscovery.EXPLICIT) {
        throw invalid(FEED_DISCOVERY, discovery, "expected 'stac' or 'metadata'");
      }
      if (period == null) {
        throw new MedallionConfigException(
            FEED_PERIOD, "No value for key '" + FEED_PERIOD + "'" + origin(FEED_PERIOD));
      }
      positive(FEED_POLL_INTERVAL, pollInterval);
      positive(FEED_REVISION_WINDOW, revisionWindow);
      positive(FEED_META_POLL_INTERVAL, metaPollInterval);
      positive(WATERMARK_OUT_OF_ORDERNESS, outOfOrderness);
      positive(WATERMARK_IDLENESS, idleness);
      positive(CHECKPOINTS_INTERVAL, checkpointInterval);
      positive(SILVER_DEDUPE_TTL, dedupeTtl);
      positive(SILVER_METADATA_REFRESH, metadataRefreshInterval);
      lakePath = flinkPath(LAKE_PATH, lakePath);
      if (!lakePath.endsWith("/")) {
        lakePath = lakePath + "/";
      }
      checkpointPath =
          checkpointPath == null
              ? lakePath + "_checkpoints"
              : flinkPath(CHECKPOINTS_PATH, checkpointPath);
      if (parallelism != null && parallelism < 1) {
        throw invalid(PARALLELISM, parallelism, "must be at least 1");
      }
      if (gold == null) {
        throw new MedallionConfigException("gold", "No gold settings (use GoldConfig.defaults())");
      }
      validateRsKeys();
      return new MedallionConfig(this);
    }

    private void validateRsKeys() {
      if (rsKeys.isEmpty()) {
        return; // the cluster's configuration (or RS_CONFIG_FILE) provides them
      }
      RegistryConfig registry;
      try {
        registry = RegistryConfig.fromFlatKeys(rsKeys);
        Registry.create(registry).close();
      } catch (ConfigException e) {
        throw new MedallionConfigException(
            e.key(), "Invalid rs. key " + e.key() + origin(e.key()) + ": " + e.getMessage(), e);
      } catch (Exception e) {
        throw new MedallionConfigException(
            "rs", "The rs. keys do not describe a usable registry: " + e.getMessage(), e);
      }
      URI lake = URI.create(lakePath);
      if ("rs".equals(lake.getScheme())
          && !registry.stores().isEmpty()
          && !registry.stores().containsKey(lake.getAuthority())) {
        throw invalid(
            LAKE_PATH,
            lakePath,
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
}
