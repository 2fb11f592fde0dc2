package org.remotestore.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The SQL connector jar ({@code flink-sql-connector-meteoswiss-<version>.jar}) the way a user drops
 * it into a distribution: one child JVM running Flink's SQL client whose class path is only Flink's
 * jars (those of a distribution's {@code lib/} and {@code opt/}) and the SQL jar, with the {@code
 * rs} plugin in {@code plugins/rs/}, executing locally ({@code execution.target: local}). Its
 * script reads the replay with every push-down (station, time range, projection, limit, the DDL's
 * watermark driving a windowed aggregation), prints the plans (each push-down is in the scan) and
 * the rows, which are checked against the replay's ground truth; the replay's request log shows
 * what the time range and the station filter saved.
 */
class SqlConnectorJarIT {
  private static final Instant NOW = Instant.parse("2020-03-10T12:00:00Z");
  private static final Instant FROM = Instant.parse("2020-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2020-03-03T00:00:00Z");
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void theSqlJarAloneRunsAQueryWithEveryPushDown() throws Exception {
    BoundedMedallionRun.Jars jars = BoundedMedallionRun.jars();
    Path sqlJar = BoundedMedallionRun.sqlConnectorJar(jars.repo());
    try (MeteoSwissReplayServer replay =
            MeteoSwissReplayServer.builder()
                .start(NOW)
                .speed(0)
                .historyStart(Instant.parse("2019-12-01T00:00:00Z"))
                .stations("BER", "KLO", "SMA")
                .threads(2)
                .build()
                .start();
        FlinkProcessCluster flink =
            new FlinkProcessCluster(
                Files.createDirectories(tmp.resolve("flink")),
                jars.plugin(),
                Map.of("execution.target", "local", "parallelism.default", "1"))) {
      Path script = tmp.resolve("pushdowns.sql");
      String window =
          "SELECT station_abbr, DATE_FORMAT(window_start, 'yyyy-MM-dd HH:mm') AS w,"
              + " COUNT(*) AS n, MAX(tre200s0) AS max_temp"
              + " FROM TABLE(TUMBLE(TABLE ber_march, DESCRIPTOR(reference_timestamp),"
              + " INTERVAL '6' HOUR))"
              + " GROUP BY station_abbr, window_start, window_end";
      String limit =
          "SELECT station_abbr, DATE_FORMAT(reference_timestamp, 'yyyy-MM-dd HH:mm') AS t,"
              + " tre200s0 FROM weather WHERE station_abbr = 'BER'"
              + " AND reference_timestamp >= CAST('2020-03-01 00:00:00' AS TIMESTAMP_LTZ(3))"
              + " LIMIT 3";
      Files.writeString(
          script,
          String.join(
              "\n",
              "SET 'sql-client.execution.result-mode' = 'tableau';",
              "SET 'execution.runtime-mode' = 'streaming';",
              "SET 'table.local-time-zone' = 'UTC';",
              "CREATE TABLE weather (",
              "  station_abbr STRING,",
              "  reference_timestamp TIMESTAMP_LTZ(3),",
              "  tre200s0 DOUBLE,",
              "  ure200s0 DOUBLE,",
              "  source_file STRING METADATA VIRTUAL,",
              "  WATERMARK FOR reference_timestamp AS reference_timestamp - INTERVAL '10' MINUTE",
              ") WITH (",
              "  'connector' = 'meteoswiss',",
              "  'base-url' = '" + replay.dataRoot() + "',",
              "  'stations' = 'BER,KLO,SMA',",
              "  'period' = 'backfill',",
              "  'scan.bounded' = 'true'",
              ");",
              "CREATE TEMPORARY VIEW ber_march AS SELECT * FROM weather",
              "  WHERE station_abbr = 'BER' AND reference_timestamp",
              "  BETWEEN CAST('2020-03-01 00:00:00' AS TIMESTAMP_LTZ(3))",
              "  AND CAST('2020-03-02 23:59:59' AS TIMESTAMP_LTZ(3));",
              "EXPLAIN " + window + ";",
              window + ";",
              // a LIMIT reaches the scan in batch mode (in streaming mode the planner keeps it)
              "SET 'execution.runtime-mode' = 'batch';",
              "EXPLAIN " + limit + ";",
              limit + ";",
              ""));
      replay.clearRequests();
      long started = System.nanoTime();
      FlinkProcessCluster.ClientRun run =
          flink.runClient(
              "sql-client",
              withSqlJar(sqlJar),
              "org.apache.flink.table.client.SqlClient",
              List.of("--history", tmp.resolve("history").toString(), "-f", script.toString()),
              Duration.ofMinutes(3));
      String out = run.output();
      Files.writeString(tmp.resolve("pushdowns.out"), out, StandardCharsets.UTF_8);
      System.out.println(out);
      System.out.printf(
          "SqlConnectorJarIT: the SQL client ran the script in %d ms%n",
          (System.nanoTime() - started) / 1_000_000);
      assertThat(run.exitCode()).as(out).isZero();
      assertThat(out).as(out).doesNotContain("[ERROR]");

      // every push-down is in the scan, and the watermark is generated by the source
      assertThat(out)
          .contains("filter=[")
          .containsPattern("project=\\[(station_abbr, )?reference_timestamp, tre200s0\\]")
          .contains("watermark=[")
          .contains("limit=[3]");
      // the logical plan (the AST) has the DDL's LogicalWatermarkAssigner; the optimized plans none
      assertThat(out.replace("LogicalWatermarkAssigner", "")).doesNotContain("WatermarkAssigner");

      List<MeasurementRow> truth = replay.feed().publishedRows("BER", Granularity.T, FROM, TO);
      Map<String, long[]> expectedCounts = new TreeMap<>();
      Map<String, Double> expectedMax = new TreeMap<>();
      for (MeasurementRow r : truth) {
        Instant ts = r.referenceTimestamp();
        Instant w = Instant.ofEpochSecond(ts.getEpochSecond() / 21600 * 21600);
        String key = MINUTES.format(w);
        expectedCounts.computeIfAbsent(key, k -> new long[1])[0]++;
        r.value("tre200s0").ifPresent(v -> expectedMax.merge(key, v, Math::max));
      }
      List<List<String>> rows = SqlClientProcessIT.tableRows(out);
      Map<String, long[]> counts = new TreeMap<>();
      Map<String, Double> max = new TreeMap<>();
      for (List<String> r : rows) {
        if (r.size() == 5 && r.get(0).equals("+I") && r.get(1).equals("BER")) {
          counts.put(r.get(2), new long[] {Long.parseLong(r.get(3))});
          max.put(r.get(2), Double.parseDouble(r.get(4)));
        }
      }
      assertThat(counts.keySet()).as(out).isEqualTo(expectedCounts.keySet()).hasSize(8);
      expectedCounts.forEach((k, v) -> assertThat(counts.get(k)[0]).as(k).isEqualTo(v[0]));
      assertThat(max).isEqualTo(expectedMax);

      // LIMIT 3: the first three rows from the range's start
      List<List<String>> limited =
          rows.stream().filter(r -> r.size() == 3 && r.get(0).equals("BER")).toList();
      List<List<String>> firstThree = new ArrayList<>();
      for (MeasurementRow r : truth.subList(0, 3)) {
        firstThree.add(
            List.of(
                "BER",
                MINUTES.format(r.referenceTimestamp()),
                r.value("tre200s0").isPresent()
                    ? String.valueOf(r.value("tre200s0").getAsDouble())
                    : "<NULL>"));
      }
      assertThat(limited).as(out).isEqualTo(firstThree);

      // what the push-downs saved: no other station, no decade before 2020, no `now` file;
      // besides BER's files only BER's STAC item (the checksums of its files)
      String berItem = replay.stacItems().getPath() + "/ber";
      assertThat(replay.requests())
          .isNotEmpty()
          .filteredOn(q -> !q.path().equals(berItem))
          .isNotEmpty()
          .allSatisfy(
              q ->
                  assertThat(q.path())
                      .contains("/ber/")
                      .doesNotContain("_now")
                      .doesNotContain("historical_2010"));
    }
  }

  /**
   * What {@code sql-client.sh} puts on the class path beyond lib/: opt/'s jars, plus the SQL jar.
   */
  private static List<Path> withSqlJar(Path sqlJar) {
    List<Path> extra = new ArrayList<>(SqlClientProcessIT.optJars());
    extra.add(sqlJar);
    return extra;
  }
}
