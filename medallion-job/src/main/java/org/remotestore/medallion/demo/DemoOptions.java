package org.remotestore.medallion.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Options of the demo, immutable. {@link #parse(String...)} reads them from the command line
 * ({@code --name value} or {@code --name=value}); errors name the option.
 *
 * @param dataDir folder holding the lake ({@code lake/}), its checkpoints and the replay's clock
 * @param webPort port of the Flink web UI on localhost (0 = any free port)
 * @param replayPort port of the replay server on loopback (0 = any free port)
 * @param speed simulated seconds per real second of the replay
 * @param stations station codes replayed and ingested
 * @param start simulated instant of a first run (later runs continue the persisted clock)
 * @param seed seed of the replay's weather
 * @param checkpointInterval time between two checkpoints (and so between two commits of the lake)
 * @param pollInterval time between two polls of a station file
 * @param parallelism parallelism of the job
 * @param printInterval how often the committed gold tables are checked for new rows
 * @param rows how many station-days the table shows
 * @param otel OpenTelemetry SDK settings ({@code otel.*} keys, see {@link
 *     org.remotestore.medallion.otel.OtelSetup}); empty means the environment decides (default: no
 *     exporter)
 * @param lake the lake as {@code rs://<store>/<path>/} on any backend ({@code --lake}), or {@code
 *     null} for the {@code local} lake under {@code <data-dir>/lake}
 * @param rsKeys the {@code rs.} keys that define the store of {@code lake} ({@code --rs.<key>} and
 *     the {@code rs.} keys of {@code --config <config.yaml>}); values are never printed
 */
public record DemoOptions(
    Path dataDir,
    int webPort,
    int replayPort,
    double speed,
    List<String> stations,
    Instant start,
    long seed,
    Duration checkpointInterval,
    Duration pollInterval,
    int parallelism,
    Duration printInterval,
    int rows,
    Map<String, String> otel,
    String lake,
    Map<String, String> rsKeys) {

  /** The default first simulated instant: a summer evening (heat, thunderstorms, alpine frost). */
  public static final Instant DEFAULT_START = Instant.parse("2026-07-14T20:00:00Z");

  /** The default stations: lowlands, south of the Alps and two summits. */
  public static final List<String> DEFAULT_STATIONS =
      List.of("BAS", "BER", "GVE", "LUG", "SAE", "JUN");

  /** Validates the options. */
  public DemoOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(start, "start");
    requirePort("--port", webPort);
    requirePort("--replay-port", replayPort);
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("--speed must be a positive number, got " + speed);
    }
    if (stations == null || stations.isEmpty()) {
      throw new IllegalArgumentException("--stations needs at least one station code");
    }
    stations = List.copyOf(stations);
    requirePositive("--checkpoint-interval", checkpointInterval);
    requirePositive("--poll-interval", pollInterval);
    requirePositive("--print-interval", printInterval);
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
    }
    if (rows < 1) {
      throw new IllegalArgumentException("--rows must be >= 1, got " + rows);
    }
    otel = Collections.unmodifiableMap(new TreeMap<>(otel == null ? Map.of() : otel));
    rsKeys = Collections.unmodifiableMap(new TreeMap<>(rsKeys == null ? Map.of() : rsKeys));
    lake = DemoLake.check(lake, rsKeys);
  }

  /** The exporters {@code --otel-exporter} accepts. */
  public static final List<String> OTEL_EXPORTERS = List.of("none", "console", "logging", "otlp");

  /** The defaults: {@code ./data}, web UI on 8081, replay on a free port, 600x. */
  public static DemoOptions defaults() {
    return new DemoOptions(
        Path.of("data"),
        8081,
        0,
        600,
        DEFAULT_STATIONS,
        DEFAULT_START,
        42,
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        2,
        Duration.ofSeconds(3),
        12,
        Map.of(),
        null,
        Map.of());
  }

  /** The usage text. */
  public static String usage() {
    return String.join(
        "\n",
        "Usage: demo.sh [options]   (or MedallionDemo [options])",
        "  --data-dir DIR             lake, checkpoints and replay clock (default ./data)",
        "  --port N                   Flink web UI port on localhost, 0 = any (default 8081)",
        "  --replay-port N            replay server port on 127.0.0.1, 0 = any (default 0)",
        "  --speed X                  simulated seconds per real second (default 600)",
        "  --stations A,B,...         stations to replay and ingest (default "
            + String.join(",", DEFAULT_STATIONS)
            + ")",
        "  --start INSTANT            simulated start of a first run (default "
            + DEFAULT_START
            + ")",
        "  --seed N                   weather seed of a first run (default 42)",
        "  --checkpoint-interval D    e.g. 10s (default 10s)",
        "  --poll-interval D          e.g. 1s (default 1s)",
        "  --parallelism N            job parallelism (default 2)",
        "  --print-interval D         how often gold is checked for new rows (default 3s)",
        "  --rows N                   station-days shown (default 12)",
        "  --otel-exporter E          OpenTelemetry exporter of spans and metrics: none, console,",
        "                             logging or otlp (default none, or OTEL_* variables)",
        "  --otel-endpoint URL        OTLP endpoint (default http://localhost:4318 for http/protobuf)",
        "  --otel-protocol P          OTLP protocol: http/protobuf (default) or grpc",
        "  --otel.<key> V             any OpenTelemetry SDK property, e.g. --otel.service.name demo",
        "  --lake rs://<store>/<path> the lake (and its _checkpoints) on any backend instead of",
        "                             <data-dir>/lake; the store comes from --rs.<key> or --config",
        "  --rs.<key> V               a key of the rs:// file system, e.g. --rs.stores.lake.backend s3",
        "  --config FILE              the rs.* keys of a Flink config.yaml",
        "Stop with Ctrl-C; the next run with the same --data-dir resumes from the last checkpoint.");
  }

  /**
   * Reads options from the command line over the {@link #defaults()}.
   *
   * @throws IllegalArgumentException naming the unknown or malformed option
   */
  public static DemoOptions parse(String... args) {
    DemoOptions o = defaults();
    Path dataDir = o.dataDir;
    int webPort = o.webPort;
    int replayPort = o.replayPort;
    double speed = o.speed;
    List<String> stations = o.stations;
    Instant start = o.start;
    long seed = o.seed;
    Duration checkpointInterval = o.checkpointInterval;
    Duration pollInterval = o.pollInterval;
    int parallelism = o.parallelism;
    Duration printInterval = o.printInterval;
    int rows = o.rows;
    Map<String, String> otel = new TreeMap<>(o.otel);
    String lake = o.lake;
    Map<String, String> rsKeys = new TreeMap<>(o.rsKeys);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + arg + "'\n" + usage());
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("Option " + name + " needs a value\n" + usage());
      }
      switch (name) {
        case "--data-dir" -> dataDir = Path.of(value);
        case "--port" -> webPort = integer(name, value);
        case "--replay-port" -> replayPort = integer(name, value);
        case "--speed" -> speed = number(name, value);
        case "--stations" -> stations = stations(value);
        case "--start" -> start = instant(name, value);
        case "--seed" -> seed = longValue(name, value);
        case "--checkpoint-interval" -> checkpointInterval = duration(name, value);
        case "--poll-interval" -> pollInterval = duration(name, value);
        case "--parallelism" -> parallelism = integer(name, value);
        case "--print-interval" -> printInterval = duration(name, value);
        case "--rows" -> rows = integer(name, value);
        case "--otel-exporter" -> {
          String exporter = value.trim().toLowerCase(Locale.ROOT);
          if (!OTEL_EXPORTERS.contains(exporter)) {
            throw new IllegalArgumentException(
                "--otel-exporter must be one of " + OTEL_EXPORTERS + ", got '" + value + "'");
          }
          otel.put("otel.traces.exporter", exporter);
          otel.put("otel.metrics.exporter", exporter);
        }
        case "--otel-endpoint" -> otel.put("otel.exporter.otlp.endpoint", value.trim());
        case "--otel-protocol" -> otel.put("otel.exporter.otlp.protocol", value.trim());
        case "--lake" -> lake = value.trim();
        case "--config" -> rsKeys.putAll(DemoLake.rsKeysOf(Path.of(value)));
        default -> {
          if (name.startsWith("--rs.") && name.length() > "--rs.".length()) {
            rsKeys.put(name.substring(2), value);
            continue;
          }
          if (name.startsWith("--otel.") && name.length() > "--otel.".length()) {
            otel.put(name.substring(2), value);
            continue;
          }
          throw new IllegalArgumentException("Unknown option " + name + "\n" + usage());
        }
      }
    }
    return new DemoOptions(
        dataDir,
        webPort,
        replayPort,
        speed,
        stations,
        start,
        seed,
        checkpointInterval,
        pollInterval,
        parallelism,
        printInterval,
        rows,
        otel,
        lake,
        rsKeys);
  }

  /** A copy with another data directory. */
  public DemoOptions withDataDir(Path dir) {
    return new DemoOptions(
        dir,
        webPort,
        replayPort,
        speed,
        stations,
        start,
        seed,
        checkpointInterval,
        pollInterval,
        parallelism,
        printInterval,
        rows,
        otel,
        lake,
        rsKeys);
  }

  /** The lake's root: {@code --lake}, or {@code rs://lake/} over {@code <data-dir>/lake}. */
  public String lakeRoot() {
    return lake != null ? lake : "rs://lake/";
  }

  /** Where checkpoints go: {@code <lake root>_checkpoints}. */
  public String checkpoints() {
    return lakeRoot() + "_checkpoints";
  }

  /** The lake folder, {@code <data-dir>/lake}. */
  public Path lakeDir() {
    return dataDir.resolve("lake");
  }

  /**
   * The file holding the replay's clock between runs, {@code <data-dir>/replay-clock.properties}.
   */
  public Path replayStateFile() {
    return dataDir.resolve("replay-clock.properties");
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be a port between 0 and 65535, got " + port);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }

  private static List<String> stations(String value) {
    Set<String> codes = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String code = part.trim().toUpperCase(Locale.ROOT);
      if (!code.isEmpty()) {
        if (!code.matches("[A-Z0-9]{3}")) {
          throw new IllegalArgumentException(
              "--stations: '" + part.trim() + "' is not a three-letter station code");
        }
        codes.add(code);
      }
    }
    return new ArrayList<>(codes);
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static long longValue(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static double number(String name, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
    }
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 instant such as 2026-07-14T20:00:00Z, got '" + value + "'");
    }
  }

  /**
   * Durations as {@code 500ms}, {@code 10s}, {@code 2min}, {@code 1h} or ISO-8601 ({@code PT10S}).
   */
  static Duration duration(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(value.trim());
      }
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|min|m|h)").matcher(v);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "min", "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(
        name + " must be a duration such as 500ms, 10s, 2min or 1h, got '" + value + "'");
  }
}
