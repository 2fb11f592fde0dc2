package org.remotestore.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * Flink's real SQL client ({@code org.apache.flink.table.client.SqlClient}, embedded mode) in its
 * own JVM, the way {@code bin/sql-client.sh} starts it from a distribution: {@code FLINK_CONF_DIR}
 * with the {@code rs.} keys in {@code config.yaml}, {@code FLINK_PLUGINS_DIR} with the plugin in
 * {@code rs/}, queries executed on a standalone cluster (a JobManager and a TaskManager as separate
 * JVMs). It runs the repository's {@code medallion-job/sql/tables.sql} and {@code examples.sql}
 * unchanged over a lake that the bounded medallion job wrote on that cluster, on local disk and on
 * S3 (S3Proxy), and checks the printed tables against values computed from the replay's rows;
 * queries the {@code meteoswiss} connector; and runs a script with an error.
 */
class SqlClientProcessIT {
  private static final String SQL_CLIENT = "org.apache.flink.table.client.SqlClient";
  private static final double HEAT_C = 15.0;

  @TempDir Path tmp;

  /**
   * What {@code sql-client.sh} adds to Flink's class path from {@code opt/}: the client, its
   * gateway and {@code flink-python} (the client parses its Python options with it). The first two
   * are on the cluster's class path already; {@code flink-python} is kept off it.
   */
  static List<Path> optJars() {
    return java.util.Arrays.stream(
            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> e.replace('\\', '/').contains("/flink-python/"))
        .map(Path::of)
        .toList();
  }

  @Test
  @Timeout(900)
  void theSqlClientRunsTheLakeScriptsOverALocalLake() throws Exception {
    Path lake = Files.createDirectories(tmp.resolve("lake"));
    runScriptsOverTheJobsLake(
        Map.of(
            "rs.backends.disk.type", "local",
            "rs.backends.disk.root", lake.toString(),
            "rs.stores.lake.backend", "disk"),
        true);
  }

  @Test
  @Timeout(900)
  void theSqlClientRunsTheLakeScriptsOverAnS3Lake() throws Exception {
    S3TestEndpoint s3 = S3ProxyServer.shared();
    Map<String, String> keys = new HashMap<>(s3.flatKeys("s3lake", s3.createBucket("sql-lake")));
    keys.put("rs.stores.lake.backend", "s3lake");
    runScriptsOverTheJobsLake(keys, false);
  }

  /**
   * The bounded job, with a heat threshold that the replay's June days reach, so that every gold
   * table has rows (the SQL client stops a script at its first failing statement, and a gold folder
   * without any file cannot be read yet).
   */
  private static List<String> jobArgs(MeteoSwissReplayServer replay) {
    List<String> args = new ArrayList<>(BoundedMedallionRun.jobArgs(replay, 1));
    args.addAll(List.of("--gold.heat-threshold-c", Double.toString(HEAT_C)));
    return args;
  }

  private void runScriptsOverTheJobsLake(Map<String, String> rsKeys, boolean alsoConnectorAndErrors)
      throws Exception {
    BoundedMedallionRun.Jars jars = BoundedMedallionRun.jars();
    Path sqlDir = jars.repo().resolve("medallion-job/sql");
    try (MeteoSwissReplayServer replay = BoundedMedallionRun.replay();
        FlinkProcessCluster cluster =
            new FlinkProcessCluster(
                Files.createDirectories(tmp.resolve("flink")), jars.plugin(), rsKeys)) {
      cluster.start(Duration.ofMinutes(3));
      String jobId = BoundedMedallionRun.submit(cluster, jars, "submit", jobArgs(replay));
      BoundedMedallionRun.awaitFinished(cluster, jobId, Duration.ofMinutes(5));
      List<MeasurementRow> served = BoundedMedallionRun.servedRows(replay);
      Map<LocalDate, BoundedMedallionRun.Day> days = BoundedMedallionRun.expectedDays(served);
      assertThat(days).hasSize(2);

      // sql-client.sh -j <job jar> -i tables.sql -f examples.sql (the job jar brings the parquet
      // format and the Hadoop classes it needs)
      FlinkProcessCluster.ClientRun run =
          cluster.runClient(
              "sql-client-examples",
              optJars(),
              SQL_CLIENT,
              List.of(
                  "--history",
                  tmp.resolve("sql-history").toString(),
                  "--jar",
                  jars.job().toString(),
                  "-i",
                  sqlDir.resolve("tables.sql").toString(),
                  "-f",
                  sqlDir.resolve("examples.sql").toString()),
              Duration.ofMinutes(8));
      String out = run.output();
      Files.writeString(tmp.resolve("examples.out"), out, StandardCharsets.UTF_8);
      System.out.println(out);
      assertThat(run.exitCode()).as(out).isZero();
      assertThat(out).doesNotContain("[ERROR]");

      List<List<String>> rows = tableRows(out);
      // example 1: the latest summary of each day, values from the replay's rows
      List<List<String>> summaries =
          rows.stream().filter(r -> r.size() == 11 && r.get(0).equals("BER")).toList();
      assertThat(summaries).hasSize(days.size());
      for (List<String> r : summaries) {
        BoundedMedallionRun.Day d = days.get(LocalDate.parse(r.get(1)));
        assertThat(d).as("a day the replay served: " + r).isNotNull();
        assertThat(r.get(2)).as("version").isEqualTo("0");
        assertClose(r.get(3), d.temp().getAverage(), r);
        assertClose(r.get(4), d.temp().getMin(), r);
        assertClose(r.get(5), d.temp().getMax(), r);
        assertClose(r.get(6), d.rain().getSum(), r);
        assertClose(r.get(7), d.sun().getSum(), r);
        assertClose(r.get(8), d.gust().getMax(), r);
        assertThat(r.get(9)).as("samples of " + r).isEqualTo(Integer.toString(d.samples()));
        assertClose(r.get(10), d.samples() / 144.0, r);
      }
      // example 7: bronze lines against silver timestamps per day, counted from the replay
      List<List<String>> perDay =
          rows.stream()
              .filter(r -> r.size() == 4 && r.get(0).equals("BER") && isDate(r.get(1)))
              .toList();
      assertThat(perDay)
          .containsExactlyElementsOf(
              days.values().stream()
                  .map(
                      d ->
                          List.of(
                              "BER",
                              d.date().toString(),
                              Integer.toString(d.lines()),
                              Integer.toString(d.samples())))
                  .toList());
      // example 4: alerts per kind; a heat alert on each day whose maximum reached the threshold
      List<LocalDate> hot =
          days.values().stream()
              .filter(d -> d.temp().getMax() >= HEAT_C)
              .map(BoundedMedallionRun.Day::date)
              .toList();
      assertThat(hot).isNotEmpty();
      assertThat(rows.stream().filter(r -> r.size() == 5 && r.get(0).equals("heat")).toList())
          .containsExactly(
              List.of(
                  "heat",
                  Integer.toString(hot.size()),
                  "1",
                  hot.get(0).toString(),
                  hot.get(hot.size() - 1).toString()));
      // all eight example queries ran and printed a result
      assertThat(
              java.util.regex.Pattern.compile("(\\d+ rows? in set|Empty set)")
                  .matcher(out)
                  .results()
                  .count())
          .as(out)
          .isEqualTo(8);
      if (alsoConnectorAndErrors) {
        theConnectorSqlJarReadsTheFeed(cluster, jars, replay, served);
        aScriptWithAnErrorNamesTheLine(cluster);
      }
    }
  }

  /**
   * The {@code meteoswiss} connector from its SQL jar ({@code
   * flink-sql-connector-meteoswiss-<v>.jar}) as the only jar given to the client: a bounded read of
   * the replay's {@code now} file.
   */
  private void theConnectorSqlJarReadsTheFeed(
      FlinkProcessCluster cluster,
      BoundedMedallionRun.Jars jars,
      MeteoSwissReplayServer replay,
      List<MeasurementRow> served)
      throws Exception {
    Path sqlJar = BoundedMedallionRun.sqlConnectorJar(jars.repo());
    Path script = tmp.resolve("weather.sql");
    Files.writeString(
        script,
        String.join(
            "\n",
            "SET 'execution.runtime-mode' = 'batch';",
            "SET 'sql-client.execution.result-mode' = 'tableau';",
            "CREATE TABLE weather (",
            "  station_abbr STRING,",
            "  reference_timestamp TIMESTAMP_LTZ(3),",
            "  tre200s0 DOUBLE",
            ") WITH (",
            "  'connector' = 'meteoswiss',",
            "  'base-url' = '" + replay.dataRoot() + "',",
            "  'stations' = '" + BoundedMedallionRun.STATION + "',",
            "  'granularity' = 't',",
            "  'period' = 'now',",
            "  'scan.bounded' = 'true'",
            ");",
            "SELECT station_abbr, COUNT(*) AS rows_read, MIN(tre200s0) AS min_temp,",
            "  MAX(tre200s0) AS max_temp",
            "FROM weather GROUP BY station_abbr;",
            ""));
    FlinkProcessCluster.ClientRun run =
        cluster.runClient(
            "sql-client-connector",
            optJars(),
            SQL_CLIENT,
            List.of(
                "--history",
                tmp.resolve("sql-history").toString(),
                "--jar",
                sqlJar.toString(),
                "-f",
                script.toString()),
            Duration.ofMinutes(5));
    String out = run.output();
    System.out.println(out);
    assertThat(run.exitCode()).as(out).isZero();
    java.util.DoubleSummaryStatistics temp = new java.util.DoubleSummaryStatistics();
    served.forEach(r -> r.value("tre200s0").ifPresent(temp));
    List<List<String>> rows =
        tableRows(out).stream()
            .filter(r -> r.size() == 4 && r.get(0).equals(BoundedMedallionRun.STATION))
            .toList();
    assertThat(rows).as(out).hasSize(1);
    assertThat(rows.get(0).get(1)).isEqualTo(Integer.toString(served.size()));
    assertClose(rows.get(0).get(2), temp.getMin(), rows.get(0));
    assertClose(rows.get(0).get(3), temp.getMax(), rows.get(0));
  }

  /** A script whose third statement line has a syntax error: the client stops and names it. */
  private void aScriptWithAnErrorNamesTheLine(FlinkProcessCluster cluster) throws Exception {
    Path script = tmp.resolve("broken.sql");
    Files.writeString(
        script,
        String.join(
            "\n",
            "SET 'sql-client.execution.result-mode' = 'tableau';",
            "SELECT x",
            "FROM (VALUES (1)) AS t(x)",
            "WHERE x = = 1;",
            "SELECT 'not reached' AS after_the_error;",
            ""));
    FlinkProcessCluster.ClientRun run =
        cluster.runClient(
            "sql-client-broken",
            optJars(),
            SQL_CLIENT,
            List.of("--history", tmp.resolve("sql-history").toString(), "-f", script.toString()),
            Duration.ofMinutes(3));
    String out = run.output();
    System.out.println(out);
    assertThat(out)
        .contains("[ERROR] Could not execute SQL statement.")
        .contains("at line 3, column 9.");
    assertThat(out).doesNotContain("not reached");
    // Flink's client ends a -f script at its first failing statement but exits with status 0
    // nonetheless: scripts have to look for [ERROR] in its output (see the medallion-job README)
    assertThat(run.exitCode()).as(out).isZero();
  }

  private static void assertClose(String printed, double expected, List<String> row) {
    assertThat(Double.parseDouble(printed))
        .as("%s in %s", printed, row)
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
  }

  private static boolean isDate(String s) {
    return s.matches("\\d{4}-\\d{2}-\\d{2}");
  }

  /** The data rows of every tableau-mode table in the client's output, cells trimmed. */
  static List<List<String>> tableRows(String output) {
    List<List<String>> rows = new ArrayList<>();
    for (String line : output.lines().toList()) {
      if (line.startsWith("|") && line.endsWith("|")) {
        String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
        List<String> row = new ArrayList<>();
        for (String c : cells) {
          row.add(c.trim());
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
