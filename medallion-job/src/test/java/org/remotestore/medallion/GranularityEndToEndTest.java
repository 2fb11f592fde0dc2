package org.remotestore.medallion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.NotFound;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.PeriodMode;

/**
 * Every granularity ({@code t}, {@code h}, {@code d}, {@code m}, {@code y}) through the SQL
 * connector and through the bounded medallion job, compared with the replay's ground truth: every
 * published (station, timestamp) once, across the historical, recent and now files of a backfill
 * (their seams overlap), {@code d}/{@code m}/{@code y} timestamps at the interval's start, silver
 * rows tagged with their granularity, and gold's {@code monthly_summary} equal to a computation
 * made here from the published rows (from daily rows for a {@code d} job, from 10-minute rows for a
 * {@code t} job; none for the others).
 */
class GranularityEndToEndTest {
  private static final List<String> STATIONS = List.of("BER", "SAE");
  private static final Instant NOW = Instant.parse("2026-01-02T03:05:00Z");

  /** Short history for t, h, d: the t backfill is 4 historical days, 1 recent day and now. */
  private static final Instant SHORT_HISTORY = Instant.parse("2025-12-28T00:00:00Z");

  /** Two whole years for the monthly and yearly files. */
  private static final Instant LONG_HISTORY = Instant.parse("2024-01-01T00:00:00Z");

  private static final Map<Granularity, List<String>> CODES =
      Map.of(
          Granularity.T, List.of("tre200s0", "rre150z0"),
          Granularity.H, List.of("tre200h0", "rre150h0"),
          Granularity.D, List.of("tre200d0", "rre150d0"),
          Granularity.M, List.of("tre200m0", "rre150m0"),
          Granularity.Y, List.of("tre200y0", "rre150y0"));

  @TempDir static Path tmp;
  private static MeteoSwissReplayServer shortReplay;
  private static MeteoSwissReplayServer longReplay;
  private static Map<String, String> rsKeys;

  @BeforeAll
  static void start() throws Exception {
    shortReplay =
        MeteoSwissReplayServer.builder()
            .start(NOW)
            .historyStart(SHORT_HISTORY)
            .stations(STATIONS.toArray(String[]::new))
            .threads(2)
            .build()
            .start();
    longReplay =
        MeteoSwissReplayServer.builder()
            .start(NOW)
            .historyStart(LONG_HISTORY)
            .stations(STATIONS.toArray(String[]::new))
            .threads(2)
            .build()
            .start();
    rsKeys = new TreeMap<>();
    for (Granularity g : Granularity.values()) {
      rsKeys.put("rs.backends.mem" + g.token() + ".type", "memory");
      rsKeys.put("rs.backends.mem" + g.token() + ".instance", instance(g));
      rsKeys.put("rs.stores.lake" + g.token() + ".backend", "mem" + g.token());
    }
    Configuration conf = new Configuration();
    rsKeys.forEach(conf::setString);
    RsFileSystems.initialize(conf);
  }

  @AfterAll
  static void stop() {
    RsFileSystems.initialize(new Configuration());
    for (Granularity g : Granularity.values()) {
      MemoryBackend.clear(instance(g));
    }
    if (shortReplay != null) {
      shortReplay.close();
    }
    if (longReplay != null) {
      longReplay.close();
    }
  }

  private static String instance(Granularity g) {
    return "granularity-e2e-" + g.token();
  }

  private static MeteoSwissReplayServer replayFor(Granularity g) {
    return g.hasPeriods() ? shortReplay : longReplay;
  }

  private static Instant historyFor(Granularity g) {
    return g.hasPeriods() ? SHORT_HISTORY : LONG_HISTORY;
  }

  /** Published rows of every station, as (station|timestamp) to the two codes' values. */
  private static Map<String, List<Double>> truth(Granularity g) {
    Map<String, List<Double>> out = new TreeMap<>();
    for (String station : STATIONS) {
      for (MeasurementRow r :
          replayFor(g).feed().publishedRows(station, g, historyFor(g), NOW.plusSeconds(1))) {
        List<Double> values = new ArrayList<>();
        for (String code : CODES.get(g)) {
          values.add(r.valueOrNull(code));
        }
        out.put(station + "|" + r.referenceTimestamp(), values);
      }
    }
    return out;
  }

  @Test
  void everyGranularityThroughTheSqlConnector() throws Exception {
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    tEnv.getConfig().set("parallelism.default", "2");
    StringBuilder union = new StringBuilder();
    for (Granularity g : Granularity.values()) {
      List<String> codes = CODES.get(g);
      // t, h, d name the period; m and y take their default (backfill: the one file)
      String period = g.hasPeriods() ? " 'period' = 'backfill'," : "";
      tEnv.executeSql(
          "CREATE TABLE w_"
              + g.token()
              + " (station_abbr STRING, reference_timestamp TIMESTAMP_LTZ(3), "
              + codes.get(0)
              + " DOUBLE, "
              + codes.get(1)
              + " DOUBLE) WITH ('connector' = 'meteoswiss', 'base-url' = '"
              + replayFor(g).dataRoot()
              + "', 'stations' = 'BER,SAE', 'granularity' = '"
              + g.token()
              + "',"
              + period
              + " 'scan.bounded' = 'true')");
      if (union.length() > 0) {
        union.append(" UNION ALL ");
      }
      union
          .append("SELECT '")
          .append(g.token())
          .append("' AS g, station_abbr, reference_timestamp, ")
          .append(codes.get(0))
          .append(" AS a, ")
          .append(codes.get(1))
          .append(" AS b FROM w_")
          .append(g.token());
    }
    Map<Granularity, List<Row>> byGranularity = new HashMap<>();
    try (CloseableIterator<Row> it = tEnv.executeSql(union.toString()).collect()) {
      while (it.hasNext()) {
        Row r = it.next();
        byGranularity
            .computeIfAbsent(Granularity.of((String) r.getField(0)), k -> new ArrayList<>())
            .add(r);
      }
    }
    for (Granularity g : Granularity.values()) {
      Map<String, List<Double>> expected = truth(g);
      assertThat(expected).as("ground truth of %s", g).isNotEmpty();
      Map<String, List<Double>> actual = new TreeMap<>();
      for (Row r : byGranularity.getOrDefault(g, List.of())) {
        String key = r.getField(1) + "|" + r.getField(2);
        List<Double> values = new ArrayList<>();
        values.add((Double) r.getField(3));
        values.add((Double) r.getField(4));
        assertThat(actual.put(key, values)).as("%s row %s emitted twice", g, key).isNull();
        Instant ts = (Instant) r.getField(2);
        assertThat(g.isAligned(ts)).as("%s timestamp %s on the grid", g, ts).isTrue();
      }
      assertThat(actual).as("rows of %s", g).isEqualTo(expected);
    }
    assertSeams(byGranularity.get(Granularity.T));
  }

  /**
   * The t backfill crosses historical to recent at 1 January and recent to now at noon of the day
   * before: every 10 minutes of those stretches is there once (gaps only where the feed has one).
   */
  private static void assertSeams(List<Row> rows) {
    Set<String> seen = new HashSet<>();
    for (Row r : rows) {
      seen.add(r.getField(1) + "|" + r.getField(2));
    }
    for (String station : STATIONS) {
      for (Instant seam :
          List.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T12:00:00Z"))) {
        for (Instant ts = seam.minus(Duration.ofHours(2));
            ts.isBefore(seam.plus(Duration.ofHours(2)));
            ts = Granularity.T.next(ts)) {
          boolean published = shortReplay.feed().publishedRow(station, Granularity.T, ts) != null;
          assertThat(seen.contains(station + "|" + ts))
              .as("%s %s at the seam %s", station, ts, seam)
              .isEqualTo(published);
        }
      }
    }
  }

  @Test
  void everyGranularityThroughTheJob() throws Exception {
    for (Granularity g : Granularity.values()) {
      runJob(g);
    }
  }

  private void runJob(Granularity g) throws Exception {
    MeteoSwissReplayServer replay = replayFor(g);
    MedallionConfig cfg =
        MedallionConfig.builder()
            .stations(STATIONS)
            .feedBaseUrl(replay.dataRoot().toString())
            .granularity(g)
            .period(PeriodMode.BACKFILL)
            .bounded(true)
            .lakePath("rs://lake" + g.token() + "/")
            .checkpointInterval(Duration.ofMillis(500))
            .parallelism(2)
            .rsKeys(rsKeys)
            .build();
    StreamExecutionEnvironment env = RsMiniCluster.environment(new Configuration(), 2);
    MedallionPipeline.build(env, cfg);
    env.execute("medallion granularity " + g);

    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(rsKeys))) {
      LakeFiles lake = new LakeFiles(registry.store("lake" + g.token()), tmp);
      // silver: every published value once, tagged with the granularity
      Map<String, Double> expected = new TreeMap<>();
      Map<String, List<MeasurementRow>> published = new TreeMap<>();
      for (String station : STATIONS) {
        List<MeasurementRow> rows =
            replay.feed().publishedRows(station, g, historyFor(g), NOW.plusSeconds(1));
        published.put(station, rows);
        for (MeasurementRow r : rows) {
          r.values()
              .forEach(
                  (code, v) ->
                      expected.put(station + "|" + r.referenceTimestamp() + "|" + code, v));
        }
      }
      Map<String, Double> silver = new TreeMap<>();
      for (LakeFiles.SilverRow r : lake.silverRows()) {
        assertThat(r.granularity()).isEqualTo(g.token());
        assertThat(r.revision()).isZero();
        String key =
            r.stationAbbr()
                + "|"
                + r.referenceTimestamp()
                + "|"
                + r.parameter().toLowerCase(Locale.ROOT);
        assertThat(silver.put(key, r.value())).as("%s silver %s twice", g, key).isNull();
      }
      assertThat(silver).as("silver of %s", g).isEqualTo(expected);

      List<Group> monthly;
      try {
        monthly = lake.tableRows("gold/monthly_summary");
      } catch (NotFound e) {
        monthly = List.of(); // the sink never opened a file: no monthly rows
      }
      if (g == Granularity.T || g == Granularity.D) {
        assertMonthly(g, monthly, published);
      } else {
        assertThat(monthly).as("no monthly_summary from %s data", g).isEmpty();
      }
    }
  }

  /** The newest version of each station month equals the computation made here. */
  private static void assertMonthly(
      Granularity g, List<Group> rows, Map<String, List<MeasurementRow>> published) {
    Map<String, Group> newest = new TreeMap<>();
    for (Group r : rows) {
      String key =
          LakeFiles.string(r, "station_abbr")
              + "|"
              + LocalDate.ofEpochDay(r.getInteger("month", 0));
      Group before = newest.get(key);
      if (before == null || before.getInteger("version", 0) < r.getInteger("version", 0)) {
        newest.put(key, r);
      }
    }
    Map<String, double[]> expected = expectedMonths(g, published);
    assertThat(newest.keySet()).as("months of %s", g).isEqualTo(expected.keySet());
    for (Map.Entry<String, double[]> e : expected.entrySet()) {
      Group r = newest.get(e.getKey());
      double[] x = e.getValue();
      String what = g + " " + e.getKey();
      assertThat(LakeFiles.string(r, "source_granularity")).isEqualTo(g.token());
      assertThat(LakeFiles.dbl(r, "tre200_mean")).as(what + " mean").isCloseTo(x[0], within(1e-9));
      assertThat(LakeFiles.dbl(r, "tre200_min")).as(what + " min").isCloseTo(x[1], within(1e-9));
      assertThat(LakeFiles.dbl(r, "tre200_max")).as(what + " max").isCloseTo(x[2], within(1e-9));
      assertThat(LakeFiles.dbl(r, "rre150_sum")).as(what + " rain").isCloseTo(x[3], within(1e-9));
      assertThat(LakeFiles.dbl(r, "sre000_sum")).as(what + " sun").isCloseTo(x[4], within(1e-9));
      assertThat(LakeFiles.dbl(r, "fu3010_max")).as(what + " gust").isCloseTo(x[5], within(1e-9));
      assertThat(r.getInteger("days", 0)).as(what + " days").isEqualTo((int) x[6]);
    }
  }

  /**
   * Per station month: mean of the daily mean temperatures, lowest minimum, highest maximum, sums
   * of precipitation and sunshine, highest gust, and the number of days. A day is a daily row (for
   * {@code d}) or the 10-minute rows whose timestamp falls on that UTC day (for {@code t}).
   */
  private static Map<String, double[]> expectedMonths(
      Granularity g, Map<String, List<MeasurementRow>> published) {
    Map<String, List<double[]>> days = new TreeMap<>();
    published.forEach(
        (station, rows) -> {
          Map<LocalDate, List<MeasurementRow>> byDay = new TreeMap<>();
          for (MeasurementRow r : rows) {
            byDay
                .computeIfAbsent(
                    LocalDate.ofInstant(r.referenceTimestamp(), ZoneOffset.UTC),
                    d -> new ArrayList<>())
                .add(r);
          }
          byDay.forEach(
              (day, dayRows) ->
                  days.computeIfAbsent(
                          station + "|" + day.withDayOfMonth(1), k -> new ArrayList<>())
                      .add(g == Granularity.D ? daily(dayRows.get(0)) : tenMinute(dayRows)));
        });
    Map<String, double[]> months = new TreeMap<>();
    days.forEach(
        (key, list) -> {
          double meanSum = 0;
          int means = 0;
          double[] m = {
            0,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            0,
            0,
            Double.NEGATIVE_INFINITY,
            list.size()
          };
          for (double[] d : list) {
            if (!Double.isNaN(d[0])) {
              meanSum += d[0];
              means++;
            }
            m[1] = Double.isNaN(d[1]) ? m[1] : Math.min(m[1], d[1]);
            m[2] = Double.isNaN(d[2]) ? m[2] : Math.max(m[2], d[2]);
            m[3] += Double.isNaN(d[3]) ? 0 : d[3];
            m[4] += Double.isNaN(d[4]) ? 0 : d[4];
            m[5] = Double.isNaN(d[5]) ? m[5] : Math.max(m[5], d[5]);
          }
          m[0] = meanSum / means;
          months.put(key, m);
        });
    return months;
  }

  private static double value(MeasurementRow r, String code) {
    return r.value(code).orElse(Double.NaN);
  }

  private static double[] daily(MeasurementRow r) {
    return new double[] {
      value(r, "tre200d0"),
      value(r, "tre200dn"),
      value(r, "tre200dx"),
      value(r, "rre150d0"),
      value(r, "sre000d0"),
      value(r, "fu3010d1")
    };
  }

  private static double[] tenMinute(List<MeasurementRow> rows) {
    double sum = 0;
    int n = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    double rain = 0;
    double sun = 0;
    double gust = Double.NaN;
    for (MeasurementRow r : rows) {
      double t = value(r, "tre200s0");
      if (!Double.isNaN(t)) {
        sum += t;
        n++;
        min = Double.isNaN(min) ? t : Math.min(min, t);
        max = Double.isNaN(max) ? t : Math.max(max, t);
      }
      rain += r.value("rre150z0").orElse(0);
      sun += r.value("sre000z0").orElse(0);
      double gu = value(r, "fu3010z1");
      gust = Double.isNaN(gu) ? gust : Double.isNaN(gust) ? gu : Math.max(gust, gu);
    }
    return new double[] {n == 0 ? Double.NaN : sum / n, min, max, rain, sun, gust};
  }
}
