package org.remotestore.medallion.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.MeteoSwissCsvParser;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The SQL scripts over a lake written by the real medallion job (bronze, silver and gold through
 * {@code rs://lake/} on the local backend) against the replay server: one value of the day is
 * corrected while the day is open, then the day closes. The expected values of silver's latest
 * revisions and of the closed day's latest summary are computed here from the replay's ground
 * truth, not with the job's code, and compared with what the scripts' tables and views return, and
 * with DuckDB's reading of the same files.
 */
class JobLakeSqlTest {
  private static final List<String> STATIONS = List.of("BER", "SMA");
  private static final Instant START = Instant.parse("2026-03-15T22:05:00Z");
  private static final LocalDate DAY = LocalDate.parse("2026-03-15");
  private static final Instant DAY_START = DAY.atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final Instant DAY_END = DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final Duration WAIT = Duration.ofMinutes(3);

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path lakeFolder;

  @AfterAll
  static void reset() {
    RsFileSystems.initialize(new Configuration());
  }

  @Test
  void scriptsAnswerWhatTheReplaysGroundTruthSays() throws Exception {
    Configuration lake = LakeSqlTest.lakeConfig(lakeFolder);
    RsFileSystems.initialize(lake);
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(START)
            .stations(STATIONS.toArray(String[]::new))
            .build()
            .start()) {
      Map<String, Instant> firstServed = firstServed(replay);
      MeasurementRow corrected = runJob(replay, lake);

      TableEnvironment env = LakeSql.batchEnvironment(lake);
      LakeSql.run(env, LakeScripts.read(LakeScripts.TABLES));

      // Silver's latest revisions of the closed day: the replay's current values.
      List<MeasurementRow> truth = new ArrayList<>();
      for (String station : STATIONS) {
        // The job starts with the now file: the day's rows from its first one on.
        Instant from =
            firstServed.get(station).isAfter(DAY_START) ? firstServed.get(station) : DAY_START;
        truth.addAll(replay.feed().publishedRows(station, Granularity.T, from, DAY_END));
      }
      List<String> expectedSilver = new ArrayList<>();
      for (MeasurementRow row : truth) {
        row.values()
            .forEach(
                (code, value) ->
                    expectedSilver.add(
                        join(row.station(), utc(row.referenceTimestamp()), code, value)));
      }
      List<String> silver =
          LakeSql.execute(
                  env,
                  "SELECT station_abbr, reference_timestamp, `parameter`, `value` FROM silver_latest"
                      + " WHERE `date` = DATE '"
                      + DAY
                      + "'")
              .rows()
              .stream()
              .map(r -> join(r.getField(0), r.getField(1), r.getField(2), r.getField(3)))
              .toList();
      assertThat(silver).containsExactlyInAnyOrderElementsOf(expectedSilver);

      // The examples: the closed day's latest summaries, the corrected value next to its first
      // publication, the stations' newest statistics.
      Map<String, Expected> expectedDays = new TreeMap<>();
      for (String station : STATIONS) {
        expectedDays.put(
            station, Expected.of(truth.stream().filter(r -> r.station().equals(station)).toList()));
      }
      List<LakeSql.Executed> examples =
          LakeSql.run(env, LakeScripts.read(LakeScripts.EXAMPLES)).stream()
              .filter(LakeSql.Executed::hasRows)
              .toList();
      List<Row> days =
          examples.get(0).rows().stream().filter(r -> DAY.equals(r.getField(1))).toList();
      assertThat(days).extracting(r -> r.getField(0)).containsExactlyElementsOf(STATIONS);
      for (Row day : days) {
        assertThat(day.getField(2)).as("version of " + day).isEqualTo(0);
        expectedDays.get((String) day.getField(0)).assertSummary(day, 3);
      }
      MeasurementRow first =
          replay.feed().versions("BER", Granularity.T, corrected.referenceTimestamp()).get(0);
      assertThat(examples.get(5).rows())
          .as(examples.get(5).statement())
          .extracting(
              r ->
                  join(
                      r.getField(0),
                      r.getField(1),
                      r.getField(2),
                      r.getField(3),
                      r.getField(4),
                      r.getField(5)))
          .containsExactly(
              join(
                  "BER",
                  utc(corrected.referenceTimestamp()),
                  "tre200s0",
                  first.value("tre200s0").orElseThrow(),
                  corrected.value("tre200s0").orElseThrow(),
                  1));
      assertThat(examples.get(2).rows())
          .as("one newest statistics row per station")
          .extracting(r -> r.getField(0))
          .containsExactlyInAnyOrderElementsOf(STATIONS);

      // DuckDB reads the same files: the day's silver values and its latest summaries.
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement statement = duck.createStatement()) {
        List<String> duckSilver = new ArrayList<>();
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT station_abbr, epoch_ms(reference_timestamp), parameter, value"
                    + " FROM read_parquet('"
                    + glob("silver/*/*/*.parquet")
                    + "', hive_partitioning = true) WHERE \"date\" = DATE '"
                    + DAY
                    + "' QUALIFY revision = max(revision) OVER"
                    + " (PARTITION BY station_abbr, reference_timestamp, parameter)")) {
          while (rs.next()) {
            duckSilver.add(
                join(
                    rs.getString(1),
                    utc(Instant.ofEpochMilli(rs.getLong(2))),
                    rs.getString(3),
                    rs.getDouble(4)));
          }
        }
        assertThat(duckSilver).containsExactlyInAnyOrderElementsOf(expectedSilver);
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT station_abbr, max(version) FROM read_parquet('"
                    + glob("gold/daily_summary/*.parquet")
                    + "') WHERE \"date\" = DATE '"
                    + DAY
                    + "' GROUP BY station_abbr ORDER BY station_abbr")) {
          List<String> versions = new ArrayList<>();
          while (rs.next()) {
            versions.add(rs.getString(1) + "=" + rs.getInt(2));
          }
          assertThat(versions).containsExactly("BER=0", "SMA=0");
        }
      }
    }
  }

  /**
   * Runs the medallion job until one of the day's values was corrected and the day's summaries are
   * in the lake, then cancels it; returns the corrected row.
   */
  private static MeasurementRow runJob(MeteoSwissReplayServer replay, Configuration lake)
      throws Exception {
    Map<String, String> rsKeys = new TreeMap<>(lake.toMap());
    MedallionConfig cfg =
        MedallionConfig.builder()
            .stations(STATIONS)
            .feedBaseUrl(replay.dataRoot().toString())
            .lakePath("rs://lake/")
            .pollInterval(Duration.ofMillis(300))
            .metaPollInterval(Duration.ofMillis(500))
            .checkpointInterval(Duration.ofMillis(300))
            // Both stations get rows on every poll: no split may be marked idle, or a day could
            // close before a slower station's rows arrive (version 0 then lacks them).
            .watermarkIdleness(Duration.ofHours(1))
            .parallelism(1)
            .rsKeys(rsKeys)
            .gold(GoldConfig.builder().allowedLateness(Duration.ofMinutes(10)).build())
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    MedallionPipeline.build(env, cfg);
    JobClient job = env.executeAsync("medallion job for the SQL scripts");
    try {
      // A correction while the day is open, once the first publication is in silver.
      await(() -> silverRows("BER") > 0, "BER's first rows in silver");
      MeasurementRow corrected =
          replay.feed().correctRecent("BER", Granularity.T, 3, "tre200s0", 0.7);
      // Past midnight, lateness and out-of-orderness: the day closes (version 0).
      replay.clock().advance(Duration.ofMinutes(165));
      await(() -> versions() >= STATIONS.size(), "the day's summaries");
      Thread.sleep(1_000); // a few more checkpoints
      return corrected;
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  /** The first timestamp of each station's now file as served before the job starts. */
  private static Map<String, Instant> firstServed(MeteoSwissReplayServer replay) throws Exception {
    Map<String, Instant> first = new TreeMap<>();
    MeteoSwissCsvParser parser = MeteoSwissCsvParser.builder().granularity(Granularity.T).build();
    for (String station : STATIONS) {
      byte[] bytes = replay.feed().content(FeedFile.now(station, Granularity.T).path()).bytes();
      first.put(
          station,
          parser.parseAll(new ByteArrayInputStream(bytes), station).rows().stream()
              .map(MeasurementRow::referenceTimestamp)
              .min(Instant::compareTo)
              .orElseThrow());
    }
    return first;
  }

  /** The number of committed silver rows of a station, read with DuckDB (0 before any). */
  private static long silverRows(String station) {
    return count(
        "SELECT count(*) FROM read_parquet('"
            + glob("silver/*/*/*.parquet")
            + "', hive_partitioning = true) WHERE station_abbr = '"
            + station
            + "'");
  }

  /** The number of committed daily_summary rows of the day, read with DuckDB (0 before any). */
  private static long versions() {
    return count(
        "SELECT count(*) FROM read_parquet('"
            + glob("gold/daily_summary/*.parquet")
            + "') WHERE \"date\" = DATE '"
            + DAY
            + "'");
  }

  private static long count(String sql) {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception noFilesYet) {
      return 0;
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Gave up waiting for " + what + " after " + WAIT);
      }
      Thread.sleep(300);
    }
  }

  /** A station day's summary computed from the replay's rows of that day. */
  private record Expected(
      DoubleSummaryStatistics temp,
      DoubleSummaryStatistics rain,
      DoubleSummaryStatistics sun,
      DoubleSummaryStatistics gust,
      int samples) {
    static Expected of(List<MeasurementRow> rows) {
      Expected e =
          new Expected(
              new DoubleSummaryStatistics(),
              new DoubleSummaryStatistics(),
              new DoubleSummaryStatistics(),
              new DoubleSummaryStatistics(),
              (int) rows.stream().filter(r -> !r.values().isEmpty()).count());
      for (MeasurementRow r : rows) {
        r.value("tre200s0").ifPresent(e.temp);
        r.value("rre150z0").ifPresent(e.rain);
        r.value("sre000z0").ifPresent(e.sun);
        r.value("fu3010z1").ifPresent(e.gust);
      }
      return e;
    }

    /**
     * Example 1's columns from {@code first}: mean, min, max, rain, sun, gust, samples, coverage.
     */
    void assertSummary(Row row, int first) {
      double[] want = {
        temp.getAverage(), temp.getMin(), temp.getMax(), rain.getSum(), sun.getSum(), gust.getMax()
      };
      for (int i = 0; i < want.length; i++) {
        assertThat((Double) row.getField(first + i))
            .as("column " + (first + i) + " of " + row)
            .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-6));
      }
      assertThat(row.getField(first + 6)).as("samples of " + row).isEqualTo(samples);
      assertThat((Double) row.getField(first + 7))
          .as("coverage of " + row)
          .isCloseTo(samples / 144.0, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  private static String glob(String pattern) {
    return lakeFolder.resolve(pattern).toString().replace("'", "''");
  }

  private static LocalDateTime utc(Instant at) {
    return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static String join(Object... fields) {
    StringBuilder b = new StringBuilder();
    for (Object f : fields) {
      b.append(f instanceof Double d ? Double.toString(d) : String.valueOf(f)).append('|');
    }
    return b.toString();
  }
}
