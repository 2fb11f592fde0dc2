package org.remotestore.medallion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.LakeFiles.SilverRow;
import org.remotestore.medallion.bronze.BronzeSinks;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParameterMeta;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.replay.MalformedKind;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The medallion job end to end on a MiniCluster against the replay server, continuous, with the
 * lake on {@code memory} and on {@code local}: silver holds every expected value exactly once
 * (corrections as revisions), bronze every served line exactly once, the rejects the broken line,
 * {@code bronze/meta} the metadata files, and closed days their {@code _SUCCESS} markers. The
 * expectation is computed from the replay's ground truth and from the bytes it serves, not with the
 * job's code. One run injects a failure in the middle of a burst and restores from the last
 * checkpoint: the output is the same.
 */
class MedallionJobEndToEndTest {
  private static final List<String> STATIONS = List.of("BER", "KLO", "SMA");
  private static final Instant START = Instant.parse("2026-03-15T22:05:00Z");
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String MEMORY_INSTANCE = "medallion-e2e";

  /** Station facts from the feed documentation (shared/docs/meteoswiss-feed.md). */
  private static final Map<String, String> STATION_FACTS =
      Map.of(
          "BER", "Bern / Zollikofen|BE|553.0|46.990744|7.464061",
          "KLO", "Zürich / Kloten|ZH|426.0|47.479611|8.535961",
          "SMA", "Zürich / Fluntern|ZH|556.0|47.377925|8.565742");

  @TempDir static Path tmp;

  /** The rs. keys of every lake store; subclasses add their own before the tests run. */
  static Map<String, String> rsKeys;

  @BeforeAll
  static void configureRs() {
    rsKeys = new TreeMap<>();
    rsKeys.put("rs.backends.mem.type", "memory");
    rsKeys.put("rs.backends.mem.instance", MEMORY_INSTANCE);
    rsKeys.put("rs.stores.memlake.backend", "mem");
    rsKeys.put("rs.backends.disk.type", "local");
    rsKeys.put("rs.backends.disk.root", tmp.resolve("lake").toString());
    rsKeys.put("rs.stores.disklake.backend", "disk");
    Configuration conf = new Configuration();
    rsKeys.forEach(conf::setString);
    RsFileSystems.initialize(conf);
  }

  @AfterAll
  static void reset() {
    RsFileSystems.initialize(new Configuration());
    MemoryBackend.clear(MEMORY_INSTANCE);
  }

  @Test
  void memoryLakeGetsEveryRowExactlyOnce() throws Exception {
    run("memlake", false);
  }

  @Test
  void localLakeGetsEveryRowExactlyOnceAcrossAFailureAndRestore() throws Exception {
    run("disklake", true);
  }

  /** Runs the job on {@code store}, optionally failing once and restoring, and checks the lake. */
  void run(String store, boolean injectFailure) throws Exception {
    FailOnce.reset();
    try (MeteoSwissReplayServer replay =
            MeteoSwissReplayServer.builder()
                .start(START)
                .stations(STATIONS.toArray(String[]::new))
                .build()
                .start();
        Registry registry = Registry.create(RegistryConfig.fromFlatKeys(rsKeys))) {
      LakeFiles lake = new LakeFiles(registry.store(store), tmp);
      MedallionConfig cfg =
          MedallionConfig.builder()
              .stations(STATIONS)
              .feedBaseUrl(replay.dataRoot().toString())
              .lakePath("rs://" + store + "/")
              .pollInterval(Duration.ofMillis(300))
              .metaPollInterval(Duration.ofMillis(500))
              .checkpointInterval(Duration.ofMillis(300))
              // No station goes idle during the test: the watermark waits for all three, so
              // every day closes only once all its rows arrived (gold versions are exact).
              .watermarkIdleness(Duration.ofHours(1))
              .parallelism(2)
              .gold(
                  org.remotestore.medallion.gold.GoldConfig.builder()
                      .allowedLateness(Duration.ofMinutes(5))
                      .build())
              .rsKeys(rsKeys)
              .build();

      StreamExecutionEnvironment env = RsMiniCluster.environment(new Configuration(), 2);
      if (injectFailure) {
        MedallionPipeline.configure(env, cfg);
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restart.set(
            RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restart);
        DataStream<ParsedLine> lines = MedallionPipeline.lines(env, cfg);
        DataStream<ParsedLine> failing =
            lines.map(new FailOnce()).returns(lines.getType()).name("fail once");
        MedallionPipeline.build(env, cfg, failing);
      } else {
        MedallionPipeline.build(env, cfg);
      }

      Served served = new Served(replay);
      Instant from = START.truncatedTo(ChronoUnit.DAYS).minus(12, ChronoUnit.HOURS);
      JobClient job = env.executeAsync("medallion e2e " + store);
      try {
        // Phase 1: the now files as they are.
        served.snapshot();
        awaitSilver(lake, replay, from);

        // Phase 2: a broken line, a correction, an hour more.
        replay.feed().injectMalformedRow("BER", Granularity.T, MalformedKind.NON_NUMERIC);
        MeasurementRow corrected =
            replay.feed().correctRecent("KLO", Granularity.T, 3, "ure200s0", 0.7);
        replay.clock().advance(Duration.ofHours(1));
        served.snapshot();
        awaitSilver(lake, replay, from);

        // Phase 3: the same value corrected again, past midnight so 15 March closes.
        replay
            .feed()
            .correct(
                "KLO",
                Granularity.T,
                corrected.referenceTimestamp(),
                "ure200s0",
                corrected.value("ure200s0").orElseThrow() + 0.5);
        replay.clock().advance(Duration.ofMinutes(80));
        served.snapshot();
        awaitSilver(lake, replay, from);
        await(
            () -> STATIONS.stream().allMatch(s -> exists(lake, marker(s, "2026-03-15"))),
            "the _SUCCESS markers of 2026-03-15");
        await(
            () -> dailyKeys(lake).containsAll(expectedDailyKeys(false)),
            "daily summaries of 14 and 15 March");
        truthBefore = new TreeMap<>(truth(replay, from));

        // Phase 4: a correction of a closed day, and ten minutes more to move the watermark.
        Instant lateTs = Instant.parse("2026-03-15T14:00:00Z");
        double old =
            replay
                .feed()
                .publishedRow("BER", Granularity.T, lateTs)
                .value("tre200s0")
                .orElseThrow();
        assertThat(old).as("the correction must not cross an alert threshold").isBetween(0.5, 24.0);
        replay.feed().correct("BER", Granularity.T, lateTs, "tre200s0", old + 5.0);
        replay.clock().advance(Duration.ofMinutes(10));
        served.snapshot();
        awaitSilver(lake, replay, from);
        await(
            () -> dailyKeys(lake).equals(expectedDailyKeys(true)),
            "the second version of BER's 15 March summary");
        Thread.sleep(1_000); // a few more checkpoints: nothing else may appear
      } finally {
        job.cancel().get(30, TimeUnit.SECONDS);
      }

      // Silver: every value once, corrections as revisions 1 and 2, enriched.
      List<String> expectedSilver = expectedSilver(replay, from);
      assertThat(expectedSilver).anyMatch(r -> r.startsWith("KLO|") && r.contains("|2|"));
      assertThat(silverKeys(lake.silverRows())).containsExactlyInAnyOrderElementsOf(expectedSilver);
      List<SilverRow> silver = lake.silverRows();
      assertThat(silver).allSatisfy(r -> assertThat(r.ingestedAt()).isNotNull());

      // Bronze: every distinct served data line exactly once, under the header of its file.
      List<String> headers = new ArrayList<>();
      List<String> bronze = lake.csvLines("bronze/rows", headers);
      assertThat(bronze).containsExactlyInAnyOrderElementsOf(served.dataLines());
      assertThat(headers)
          .allSatisfy(h -> assertThat(h).contains("\tstation_abbr;reference_timestamp;"));

      // Rejects: the broken line with its reason (at least once; a restore may repeat it).
      List<String> rejects = lake.csvLines("bronze/rejects", headers);
      String broken = replay.feed().malformedLines().get(0);
      assertThat(rejects).isNotEmpty().allMatch(l -> l.contains(";NON_NUMERIC;"));
      assertThat(rejects).allMatch(l -> l.contains(broken));
      if (!injectFailure) {
        assertThat(rejects).hasSize(1);
      }
      assertThat(headers).anyMatch(h -> h.endsWith("\t" + BronzeSinks.REJECTS_HEADER));

      // Metadata files copied whole.
      for (String name :
          List.of(FeedFile.META_STATIONS, FeedFile.META_PARAMETERS, FeedFile.META_DATA_INVENTORY)) {
        assertThat(lake.bytes("bronze/meta/" + name)).as(name).isEqualTo(served.get(name));
      }

      // Markers: 15 March closed, 16 March still open.
      for (String s : STATIONS) {
        assertThat(lake.exists(marker(s, "2026-03-15"))).as(s).isTrue();
        assertThat(lake.exists(marker(s, "2026-03-16"))).as(s).isFalse();
      }
      assertGold(lake, truthBefore, truth(replay, from));
      assertThat(lake.allFiles("_checkpoints"))
          .as("checkpoints in the lake")
          .anyMatch(f -> f.endsWith("/_metadata"));
      assertThat(FailOnce.fired.get()).isEqualTo(injectFailure);
    }
  }

  // ---------------------------------------------------------------- gold, computed plainly

  private static final Instant DAY_14 = Instant.parse("2026-03-14T00:00:00Z");
  private static final Instant DAY_15 = Instant.parse("2026-03-15T00:00:00Z");
  private Map<String, List<MeasurementRow>> truthBefore;

  /** The current ground truth rows per station since {@code from}. */
  private static Map<String, List<MeasurementRow>> truth(
      MeteoSwissReplayServer replay, Instant from) {
    Map<String, List<MeasurementRow>> rows = new TreeMap<>();
    Instant to = replay.clock().now().plusSeconds(1);
    for (String station : STATIONS) {
      rows.put(station, replay.feed().publishedRows(station, Granularity.T, from, to));
    }
    return rows;
  }

  /** Station, date, version of the daily summaries expected once 14 and 15 March closed. */
  private static Set<String> expectedDailyKeys(boolean afterCorrection) {
    Set<String> keys = new java.util.TreeSet<>();
    for (String s : STATIONS) {
      keys.add(s + "|2026-03-14|0");
      keys.add(s + "|2026-03-15|0");
    }
    if (afterCorrection) {
      keys.add("BER|2026-03-15|1");
    }
    return keys;
  }

  private static Set<String> dailyKeys(LakeFiles lake) {
    Set<String> keys = new java.util.TreeSet<>();
    try {
      for (org.apache.parquet.example.data.Group g : lake.tableRows("gold/daily_summary")) {
        keys.add(
            g.getString("station_abbr", 0)
                + "|"
                + LocalDate.ofEpochDay(g.getInteger("date", 0))
                + "|"
                + g.getInteger("version", 0));
      }
    } catch (Exception e) {
      return Set.of();
    }
    return keys;
  }

  /** The daily summary of one station and day, computed from ground truth rows (nulls as NaN). */
  private static double[] daily(List<MeasurementRow> rows, LocalDate day) {
    int samples = 0;
    int temps = 0;
    double sum = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    double rain = Double.NaN;
    double sun = Double.NaN;
    double gust = Double.NaN;
    for (MeasurementRow r : rows) {
      if (!LocalDate.ofInstant(r.referenceTimestamp(), ZoneOffset.UTC).equals(day)
          || r.values().isEmpty()) {
        continue;
      }
      samples++;
      Double t = r.valueOrNull("tre200s0");
      if (t != null) {
        temps++;
        sum += t;
        min = Double.isNaN(min) ? t : Math.min(min, t);
        max = Double.isNaN(max) ? t : Math.max(max, t);
      }
      Double p = r.valueOrNull("rre150z0");
      if (p != null) {
        rain = Double.isNaN(rain) ? p : rain + p;
      }
      Double su = r.valueOrNull("sre000z0");
      if (su != null) {
        sun = Double.isNaN(sun) ? su : sun + su;
      }
      Double g = r.valueOrNull("fu3010z1");
      if (g != null) {
        gust = Double.isNaN(gust) ? g : Math.max(gust, g);
      }
    }
    return new double[] {
      temps == 0 ? Double.NaN : sum / temps, min, max, rain, sun, gust, samples, samples / 144.0
    };
  }

  private static double orNaN(org.apache.parquet.example.data.Group g, String field) {
    Double d = LakeFiles.dbl(g, field);
    return d == null ? Double.NaN : d;
  }

  private void assertGold(
      LakeFiles lake,
      Map<String, List<MeasurementRow>> before,
      Map<String, List<MeasurementRow>> after)
      throws Exception {
    // daily_summary: version 0 of every closed day from the values before the late correction,
    // version 1 of BER's 15 March from the values after it.
    List<org.apache.parquet.example.data.Group> daily = lake.tableRows("gold/daily_summary");
    assertThat(dailyKeys(lake)).isEqualTo(expectedDailyKeys(true));
    assertThat(daily).hasSize(expectedDailyKeys(true).size());
    for (org.apache.parquet.example.data.Group g : daily) {
      String station = g.getString("station_abbr", 0);
      LocalDate day = LocalDate.ofEpochDay(g.getInteger("date", 0));
      int version = g.getInteger("version", 0);
      double[] expected = daily((version == 0 ? before : after).get(station), day);
      String what = station + " " + day + " v" + version;
      String[] fields = {
        "tre200s0_mean",
        "tre200s0_min",
        "tre200s0_max",
        "rre150z0_sum",
        "sre000z0_sum",
        "fu3010z1_max"
      };
      for (int i = 0; i < fields.length; i++) {
        if (Double.isNaN(expected[i])) {
          assertThat(LakeFiles.dbl(g, fields[i])).as(what + " " + fields[i]).isNull();
        } else {
          assertThat(orNaN(g, fields[i]))
              .as(what + " " + fields[i])
              .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-9));
        }
      }
      assertThat(g.getInteger("samples", 0)).as(what + " samples").isEqualTo((int) expected[6]);
      assertThat(g.getDouble("coverage", 0))
          .as(what + " coverage")
          .isCloseTo(expected[7], org.assertj.core.data.Offset.offset(1e-12));
      assertThat(LakeFiles.timestamp(g, "emitted_at")).as(what).isNotNull();
    }
    double[] v0 = daily(before.get("BER"), LocalDate.parse("2026-03-15"));
    double[] v1 = daily(after.get("BER"), LocalDate.parse("2026-03-15"));
    assertThat(v1[0]).as("the correction moved the mean").isGreaterThan(v0[0]);

    // alerts: per station, kind and day the first value at or past its threshold.
    Map<String, String> expectedAlerts = new TreeMap<>();
    for (String station : STATIONS) {
      for (MeasurementRow r : after.get(station)) {
        LocalDate day = LocalDate.ofInstant(r.referenceTimestamp(), ZoneOffset.UTC);
        Object[][] rules = {
          {"heat", "tre200s0", 30.0, true},
          {"frost", "tre200s0", 0.0, false},
          {"storm_gust", "fu3010z1", 75.0, true},
          {"heavy_rain", "rre150z0", 5.0, true}
        };
        for (Object[] rule : rules) {
          Double v = r.valueOrNull((String) rule[1]);
          double threshold = (Double) rule[2];
          boolean above = (Boolean) rule[3];
          if (v != null && (above ? v >= threshold : v <= threshold)) {
            expectedAlerts.putIfAbsent(
                station + "|" + rule[0] + "|" + day,
                r.referenceTimestamp() + "|" + rule[1] + "|" + v + "|" + threshold);
          }
        }
      }
    }
    Map<String, String> actualAlerts = new TreeMap<>();
    List<org.apache.parquet.example.data.Group> alerts = lake.tableRows("gold/alerts");
    for (org.apache.parquet.example.data.Group g : alerts) {
      actualAlerts.put(
          g.getString("station_abbr", 0)
              + "|"
              + g.getString("kind", 0)
              + "|"
              + LocalDate.ofEpochDay(g.getInteger("date", 0)),
          LakeFiles.timestamp(g, "reference_timestamp")
              + "|"
              + g.getString("parameter", 0)
              + "|"
              + g.getDouble("value", 0)
              + "|"
              + g.getDouble("threshold", 0));
    }
    assertThat(alerts)
        .as("at most one alert per station, kind and day")
        .hasSize(actualAlerts.size());
    assertThat(expectedAlerts).as("the replay's March nights bring frost").isNotEmpty();
    assertThat(actualAlerts).isEqualTo(expectedAlerts);

    // station_stats: the newest row of each station equals the totals over the rows up to its
    // last observation (values before the late correction: the next refresh is due at 01:00).
    Map<String, org.apache.parquet.example.data.Group> newest = new TreeMap<>();
    for (org.apache.parquet.example.data.Group g : lake.tableRows("gold/station_stats")) {
      String station = g.getString("station_abbr", 0);
      org.apache.parquet.example.data.Group seen = newest.get(station);
      if (seen == null
          || LakeFiles.timestamp(g, "as_of").isAfter(LakeFiles.timestamp(seen, "as_of"))) {
        newest.put(station, g);
      }
    }
    assertThat(newest).containsOnlyKeys(STATIONS);
    for (String station : STATIONS) {
      org.apache.parquet.example.data.Group g = newest.get(station);
      Instant last = LakeFiles.timestamp(g, "last_observation");
      Instant asOf = LakeFiles.timestamp(g, "as_of");
      assertThat(asOf.getEpochSecond() % 3600).as(station + " as_of on the hour").isZero();
      assertThat(last)
          .as(station + " last_observation")
          .isAfterOrEqualTo(Instant.parse("2026-03-15T22:00:00Z"));
      long observations = 0;
      int temps = 0;
      double sum = 0;
      Instant first = null;
      for (MeasurementRow r : before.get(station)) {
        if (r.referenceTimestamp().isAfter(last) || r.values().isEmpty()) {
          continue;
        }
        observations++;
        first = first == null ? r.referenceTimestamp() : first;
        Double t = r.valueOrNull("tre200s0");
        if (t != null) {
          temps++;
          sum += t;
        }
      }
      double elevation = Double.parseDouble(STATION_FACTS.get(station).split("\\|")[2]);
      long slots = Duration.between(first, last).toMinutes() / 10 + 1;
      assertThat(g.getString("station_name", 0))
          .isEqualTo(STATION_FACTS.get(station).split("\\|")[0]);
      assertThat(g.getDouble("elevation_m", 0)).isEqualTo(elevation);
      assertThat(g.getLong("observations", 0)).as(station).isEqualTo(observations);
      assertThat(LakeFiles.timestamp(g, "first_observation")).isEqualTo(first);
      assertThat(g.getDouble("coverage", 0))
          .isCloseTo(observations / (double) slots, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(g.getDouble("mean_temp_c", 0))
          .isCloseTo(sum / temps, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(g.getDouble("mean_temp_sea_level_c", 0))
          .isCloseTo(sum / temps + 0.0065 * elevation, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  private static String marker(String station, String date) {
    return "silver/station_abbr=" + station + "/date=" + date + "/_SUCCESS";
  }

  private static boolean exists(LakeFiles lake, String path) {
    try {
      return lake.exists(path);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private void awaitSilver(LakeFiles lake, MeteoSwissReplayServer replay, Instant from)
      throws Exception {
    List<String> expected = expectedSilver(replay, from).stream().sorted().toList();
    await(
        () -> {
          try {
            return silverKeys(lake.silverRows()).stream().sorted().toList().equals(expected);
          } catch (Exception e) {
            return false;
          }
        },
        "silver to hold the " + expected.size() + " expected rows");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        System.err.println("Gave up waiting for " + what + "; the assertions will show the gap");
        return;
      }
      Thread.sleep(300);
    }
  }

  /**
   * The expected silver rows, from the replay's ground truth: for every published row since the
   * start of the first {@code now} file, every version it was published with; per parameter, each
   * value that differs from the previous version's is one silver row, numbered 0, 1, 2, ...
   */
  private static List<String> expectedSilver(MeteoSwissReplayServer replay, Instant from) {
    Map<String, ParameterMeta> params = new TreeMap<>();
    for (ParameterMeta p : replay.feed().parameters()) {
      params.put(p.code().toLowerCase(Locale.ROOT), p);
    }
    List<String> rows = new ArrayList<>();
    Instant to = replay.clock().now().plusSeconds(1);
    for (String station : STATIONS) {
      for (MeasurementRow current : replay.feed().publishedRows(station, Granularity.T, from, to)) {
        Instant ts = current.referenceTimestamp();
        Map<String, List<Double>> history = new TreeMap<>();
        for (MeasurementRow version : replay.feed().versions(station, Granularity.T, ts)) {
          version
              .values()
              .forEach(
                  (code, value) -> {
                    List<Double> seen = history.computeIfAbsent(code, c -> new ArrayList<>());
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
                      seen.add(value);
                    }
                  });
        }
        history.forEach(
            (code, values) -> {
              for (int revision = 0; revision < values.size(); revision++) {
                ParameterMeta p = params.get(code);
                rows.add(
                    key(
                        station,
                        ts,
                        code,
                        values.get(revision),
                        revision,
                        STATION_FACTS.get(station),
                        p == null ? null : p.descriptionEn(),
                        p == null ? null : p.unit()));
              }
            });
      }
    }
    return rows;
  }

  private static List<String> silverKeys(List<SilverRow> rows) {
    List<String> keys = new ArrayList<>();
    for (SilverRow r : rows) {
      assertThat(r.date())
          .isEqualTo(LocalDate.ofInstant(r.referenceTimestamp(), ZoneOffset.UTC).toString());
      assertThat(r.granularity()).isEqualTo("t");
      keys.add(
          key(
              r.stationAbbr(),
              r.referenceTimestamp(),
              r.parameter(),
              r.value(),
              r.revision(),
              r.stationName()
                  + "|"
                  + r.canton()
                  + "|"
                  + r.elevationM()
                  + "|"
                  + r.lat()
                  + "|"
                  + r.lon(),
              r.parameterName(),
              r.unit()));
    }
    return keys;
  }

  private static String key(
      String station,
      Instant ts,
      String parameter,
      double value,
      int revision,
      String stationFacts,
      String parameterName,
      String unit) {
    return station
        + "|"
        + ts
        + "|"
        + parameter
        + "|"
        + value
        + "|"
        + revision
        + "|"
        + stationFacts
        + "|"
        + parameterName
        + "|"
        + unit;
  }

  /** What the replay served: the {@code now} files at each phase, and the metadata files. */
  private static final class Served {
    private final MeteoSwissReplayServer replay;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> dataLines = new LinkedHashSet<>();

    Served(MeteoSwissReplayServer replay) {
      this.replay = replay;
    }

    byte[] get(String path) throws Exception {
      URI uri = replay.dataRoot().resolve(path);
      HttpResponse<byte[]> answer =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(answer.statusCode()).as(uri.toString()).isEqualTo(200);
      return answer.body();
    }

    void snapshot() throws Exception {
      for (String station : STATIONS) {
        String text =
            new String(get(FeedFile.now(station, Granularity.T).path()), LakeFiles.CP1252);
        List<String> lines = text.lines().toList();
        for (String line : lines.subList(1, lines.size())) {
          if (!line.isEmpty() && !replay.feed().malformedLines().contains(line)) {
            dataLines.add(line);
          }
        }
      }
    }

    List<String> dataLines() {
      return List.copyOf(dataLines);
    }
  }

  /**
   * Throws once, at the fifth line after the first completed checkpoint that followed some lines:
   * in the middle of a burst, with earlier output committed and later output in progress.
   */
  static final class FailOnce extends RichMapFunction<ParsedLine, ParsedLine>
      implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean armed = new AtomicBoolean();
    static final AtomicBoolean fired = new AtomicBoolean();
    static final AtomicInteger sinceArmed = new AtomicInteger();
    private transient long seen;

    static void reset() {
      armed.set(false);
      fired.set(false);
      sinceArmed.set(0);
    }

    @Override
    public ParsedLine map(ParsedLine line) {
      seen++;
      if (armed.get() && !fired.get() && sinceArmed.incrementAndGet() >= 5) {
        if (fired.compareAndSet(false, true)) {
          throw new IllegalStateException("injected failure in the middle of a burst");
        }
      }
      return Objects.requireNonNull(line);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      if (seen > 0) {
        armed.set(true);
      }
    }
  }
}
