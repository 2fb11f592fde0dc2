package org.remotestore.medallion.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.gold.Alert;
import org.remotestore.medallion.gold.DailySummary;
import org.remotestore.medallion.gold.MonthlySummary;
import org.remotestore.medallion.gold.StationStats;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * The scripts of {@code medallion-job/sql/}, exactly as in the files, over a lake written by the
 * project's sinks through {@code rs://lake/...} on the local backend ({@link SampleLake}); the only
 * thing the test supplies is the {@code lake} store in the Flink configuration. Also checks that
 * the silver and gold Parquet files are readable by DuckDB, an independent reader.
 */
class LakeSqlTest {
  private static final double EPSILON = 1e-9;

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path lakeFolder;
  static SampleLake sample;

  @BeforeAll
  static void writeLake() throws Exception {
    RsFileSystems.initialize(lakeConfig(lakeFolder));
    sample = new SampleLake();
    sample.write(lakeFolder);
  }

  @AfterAll
  static void reset() {
    RsFileSystems.initialize(new Configuration());
  }

  /** The {@code lake} store on the local backend: all a user adds to the Flink configuration. */
  static Configuration lakeConfig(Path folder) {
    Configuration conf = new Configuration();
    conf.setString("rs.backends.disk.type", "local");
    conf.setString("rs.backends.disk.root", folder.toString());
    conf.setString("rs.stores.lake.backend", "disk");
    return conf;
  }

  /** A batch environment in which tables.sql has run. */
  private static TableEnvironment withTables(Path folder) {
    TableEnvironment env = LakeSql.batchEnvironment(lakeConfig(folder));
    LakeSql.run(env, LakeScripts.read(LakeScripts.TABLES));
    return env;
  }

  private static List<Row> query(TableEnvironment env, String sql) {
    return LakeSql.execute(env, sql).rows();
  }

  @Test
  void tablesScriptCreatesEveryTableAndView() {
    TableEnvironment env = withTables(lakeFolder);
    List<String> tables =
        query(env, "SHOW TABLES").stream().map(r -> (String) r.getField(0)).toList();
    List<String> views =
        query(env, "SHOW VIEWS").stream().map(r -> (String) r.getField(0)).toList();
    assertThat(tables)
        .containsExactlyInAnyOrder(
            "bronze_rows",
            "bronze_lines",
            "bronze_rejects",
            "rejects",
            "bronze_meta",
            "silver",
            "silver_latest",
            "daily_summary",
            "daily_summary_latest",
            "station_stats",
            "station_stats_latest",
            "alerts",
            "monthly_summary",
            "monthly_summary_latest");
    assertThat(views)
        .containsExactlyInAnyOrder(
            "bronze_lines",
            "rejects",
            "silver_latest",
            "daily_summary_latest",
            "station_stats_latest",
            "monthly_summary_latest");
  }

  @Test
  void tableColumnsMatchTheFileSchemasTheSinksWrite() {
    TableEnvironment env = withTables(lakeFolder);
    assertColumns(env, "silver", SilverRecord.FILE_TYPE, "station_abbr STRING", "date DATE");
    assertColumns(env, "daily_summary", DailySummary.ROW_TYPE);
    assertColumns(env, "station_stats", StationStats.ROW_TYPE);
    assertColumns(env, "alerts", Alert.ROW_TYPE);
    assertColumns(env, "monthly_summary", MonthlySummary.ROW_TYPE);
  }

  /** The table's columns: the file's columns in order, then the partition columns. */
  private static void assertColumns(
      TableEnvironment env, String table, RowType fileType, String... partitionColumns) {
    List<String> expected = new ArrayList<>();
    fileType
        .getFields()
        .forEach(f -> expected.add(f.getName() + " " + f.getType().copy(true).asSummaryString()));
    expected.addAll(List.of(partitionColumns));
    List<String> actual =
        env.from(table).getResolvedSchema().getColumns().stream()
            .map(
                c ->
                    c.getName()
                        + " "
                        + c.getDataType().getLogicalType().copy(true).asSummaryString())
            .toList();
    assertThat(actual).as(table).containsExactlyElementsOf(expected);
  }

  @Test
  void examplesReturnTheExpectedRows() {
    TableEnvironment env = withTables(lakeFolder);
    List<LakeSql.Executed> queries =
        LakeSql.run(env, LakeScripts.read(LakeScripts.EXAMPLES)).stream()
            .filter(LakeSql.Executed::hasRows)
            .toList();
    assertThat(queries).hasSize(8);

    // 1. Latest version of every daily summary, newest day first.
    Map<List<Object>, DailySummary> latest = new TreeMap<>(Comparator.comparing(Object::toString));
    for (DailySummary d : sample.dailySummaries) {
      latest.merge(
          List.of(d.stationAbbr(), d.date()), d, (a, b) -> a.version() >= b.version() ? a : b);
    }
    List<List<Object>> expected1 =
        latest.values().stream()
            .sorted(
                Comparator.comparing(DailySummary::date)
                    .reversed()
                    .thenComparing(DailySummary::stationAbbr))
            .map(
                d ->
                    List.<Object>of(
                        d.stationAbbr(),
                        d.date(),
                        d.version(),
                        d.tre200s0Mean(),
                        d.tre200s0Min(),
                        d.tre200s0Max(),
                        d.rre150z0Sum(),
                        d.sre000z0Sum(),
                        d.fu3010z1Max(),
                        d.samples(),
                        d.coverage()))
            .toList();
    assertRows(queries.get(0), "daily_summary_latest", expected1);

    // 2. Corrected days: first and latest mean.
    List<List<Object>> expected2 = new ArrayList<>();
    for (DailySummary d : latest.values()) {
      if (d.version() > 0) {
        DailySummary first =
            sample.dailySummaries.stream()
                .filter(f -> f.stationAbbr().equals(d.stationAbbr()) && f.date().equals(d.date()))
                .filter(f -> f.version() == 0)
                .findFirst()
                .orElseThrow();
        expected2.add(
            List.of(
                d.stationAbbr(), d.date(), d.version(), first.tre200s0Mean(), d.tre200s0Mean()));
      }
    }
    assertThat(expected2).as("the sample has a corrected day").isNotEmpty();
    assertRows(queries.get(1), "version = 0", expected2);

    // 3. Newest station statistics, warmest at sea level first.
    Map<String, StationStats> newest = new TreeMap<>();
    for (StationStats s : sample.stationStats) {
      newest.merge(s.stationAbbr(), s, (a, b) -> a.asOf().isAfter(b.asOf()) ? a : b);
    }
    List<List<Object>> expected3 =
        newest.values().stream()
            .sorted(Comparator.comparingDouble(StationStats::meanTempSeaLevelC).reversed())
            .map(
                s ->
                    List.<Object>of(
                        s.stationAbbr(),
                        s.stationName(),
                        s.elevationM(),
                        s.observations(),
                        s.coverage(),
                        s.meanTempC(),
                        s.meanTempSeaLevelC(),
                        utc(s.firstObservation()),
                        utc(s.lastObservation()),
                        utc(s.asOf())))
            .toList();
    assertRows(queries.get(2), "station_stats_latest", expected3);

    // 4. Alerts per kind.
    Map<String, List<Alert>> byKind =
        sample.alerts.stream()
            .collect(Collectors.groupingBy(Alert::kind, TreeMap::new, Collectors.toList()));
    List<List<Object>> expected4 = new ArrayList<>();
    byKind.forEach(
        (kind, alerts) ->
            expected4.add(
                List.of(
                    kind,
                    (long) alerts.size(),
                    alerts.stream().map(Alert::stationAbbr).distinct().count(),
                    alerts.stream().map(Alert::date).min(Comparator.naturalOrder()).get(),
                    alerts.stream().map(Alert::date).max(Comparator.naturalOrder()).get())));
    assertThat(expected4).hasSizeGreaterThanOrEqualTo(3);
    assertRows(queries.get(3), "FROM alerts", expected4);

    // 5. Hourly temperature of BER on its newest day, from the latest revisions.
    LocalDate newestBerDay =
        sample.silver.stream()
            .filter(r -> r.stationAbbr().equals("BER"))
            .map(r -> SampleLake.dayOf(r.referenceTimestamp()))
            .max(Comparator.naturalOrder())
            .orElseThrow();
    Map<Instant, DoubleSummaryStatistics> hours = new TreeMap<>();
    for (SilverRecord r : sample.silverLatest()) {
      if (r.stationAbbr().equals("BER")
          && r.parameter().equals("tre200s0")
          && SampleLake.dayOf(r.referenceTimestamp()).equals(newestBerDay)) {
        hours
            .computeIfAbsent(
                r.referenceTimestamp().truncatedTo(ChronoUnit.HOURS),
                h -> new DoubleSummaryStatistics())
            .accept(r.value());
      }
    }
    List<List<Object>> expected5 = new ArrayList<>();
    hours.forEach(
        (hour, s) ->
            expected5.add(
                List.of(utc(hour), s.getAverage(), s.getMin(), s.getMax(), s.getCount())));
    assertThat(expected5).isNotEmpty();
    assertRows(queries.get(4), "FLOOR(reference_timestamp TO HOUR)", expected5);

    // 6. Corrected values next to their first publication.
    List<List<Object>> expected6 = new ArrayList<>();
    for (SilverRecord r : sample.silverLatest()) {
      if (r.revision() > 0) {
        SilverRecord first =
            sample.silverFirstPublication().stream()
                .filter(
                    f ->
                        f.stationAbbr().equals(r.stationAbbr())
                            && f.referenceTimestamp().equals(r.referenceTimestamp())
                            && f.parameter().equals(r.parameter()))
                .findFirst()
                .orElseThrow();
        expected6.add(
            List.of(
                r.stationAbbr(),
                utc(r.referenceTimestamp()),
                r.parameter(),
                first.value(),
                r.value(),
                r.revision()));
      }
    }
    assertThat(expected6).hasSize(1);
    assertRows(queries.get(5), "published_value", expected6);

    // 7. Bronze lines against silver timestamps per station and day.
    Map<List<Object>, Long> lines = new TreeMap<>(Comparator.comparing(Object::toString));
    for (MeasurementRow row : sample.measurements) {
      lines.merge(
          List.of(row.station(), SampleLake.dayOf(row.referenceTimestamp())), 1L, Long::sum);
    }
    List<List<Object>> expected7 = new ArrayList<>();
    lines.forEach(
        (key, count) ->
            expected7.add(
                List.of(
                    key.get(0),
                    key.get(1),
                    count,
                    sample.silver.stream()
                        .filter(r -> r.stationAbbr().equals(key.get(0)))
                        .filter(r -> SampleLake.dayOf(r.referenceTimestamp()).equals(key.get(1)))
                        .map(SilverRecord::referenceTimestamp)
                        .distinct()
                        .count())));
    assertRows(queries.get(6), "bronze_lines", expected7);

    // 8. Rejects per reason.
    Map<String, List<RejectedRow>> reasons =
        sample.rejected.stream()
            .collect(
                Collectors.groupingBy(r -> r.reason().name(), TreeMap::new, Collectors.toList()));
    List<List<Object>> expected8 = new ArrayList<>();
    reasons.forEach(
        (reason, rows) ->
            expected8.add(
                List.of(
                    reason,
                    (long) rows.size(),
                    rows.stream()
                        .map(RejectedRow::sourceFile)
                        .min(Comparator.naturalOrder())
                        .get())));
    assertThat(expected8).hasSize(2);
    assertRows(queries.get(7), "FROM rejects", expected8);
  }

  @Test
  void bronzeTablesReadEveryRawLineTheMetadataAndTheRejects() {
    TableEnvironment env = withTables(lakeFolder);
    List<String> expectedLines =
        sample.measurements.stream()
            .map(
                r ->
                    r.station()
                        + "|"
                        + SampleLake.dayOf(r.referenceTimestamp())
                        + "|"
                        + r.rawLine())
            .toList();
    List<String> lines =
        query(env, "SELECT station_abbr, `date`, line FROM bronze_lines").stream()
            .map(r -> r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2))
            .toList();
    assertThat(lines).containsExactlyInAnyOrderElementsOf(expectedLines);

    List<Row> meta = query(env, "SELECT file_path, line FROM bronze_meta");
    Map<String, List<String>> metaLines =
        meta.stream()
            .collect(
                Collectors.groupingBy(
                    r ->
                        Path.of(java.net.URI.create((String) r.getField(0)).getPath())
                            .getFileName()
                            .toString(),
                    TreeMap::new,
                    Collectors.mapping(r -> (String) r.getField(1), Collectors.toList())));
    assertThat(metaLines).containsOnlyKeys(SampleLake.META_FILES.keySet());
    SampleLake.META_FILES.forEach(
        (name, text) ->
            assertThat(metaLines.get(name))
                .as(name + ", decoded from Windows-1252")
                .containsExactlyElementsOf(text.lines().toList()));

    List<String> rejects =
        query(env, "SELECT source_file, line_number, reason FROM rejects").stream()
            .map(r -> r.getField(0) + "#" + r.getField(1) + "#" + r.getField(2))
            .toList();
    assertThat(rejects)
        .containsExactlyInAnyOrderElementsOf(
            sample.rejected.stream()
                .map(r -> r.sourceFile() + "#" + r.lineNumber() + "#" + r.reason())
                .toList());
  }

  @Test
  void silverLatestHoldsOneRowPerValueWithItsNewestRevision() {
    TableEnvironment env = withTables(lakeFolder);
    List<String> rows =
        query(
                env,
                "SELECT station_abbr, `date`, reference_timestamp, `parameter`, `value`, revision,"
                    + " station_name, unit FROM silver_latest")
            .stream()
            .map(
                r ->
                    join(
                        r.getField(0),
                        r.getField(1),
                        r.getField(2),
                        r.getField(3),
                        r.getField(4),
                        r.getField(5),
                        r.getField(6),
                        r.getField(7)))
            .toList();
    assertThat(rows)
        .containsExactlyInAnyOrderElementsOf(
            sample.silverLatest().stream()
                .map(
                    r ->
                        join(
                            r.stationAbbr(),
                            SampleLake.dayOf(r.referenceTimestamp()),
                            utc(r.referenceTimestamp()),
                            r.parameter(),
                            r.value(),
                            r.revision(),
                            r.stationName(),
                            r.unit()))
                .toList());
  }

  @Test
  void filtersOnStationAndDateReadOnlyTheMatchingSilverPartitions() throws Exception {
    String onePartition = " WHERE station_abbr = 'BER' AND `date` = DATE '2026-03-02'";
    String pruned = "SELECT COUNT(*), SUM(`value`) FROM silver" + onePartition;
    String prunedLatest = "SELECT COUNT(*), SUM(`value`) FROM silver_latest" + onePartition;
    TableEnvironment env = withTables(lakeFolder);
    String partition = "partitions=[{date=2026-03-02, station_abbr=BER}]";
    assertThat(silverScans(env.explainSql(pruned))).containsExactly(partition);
    assertThat(silverScans(env.explainSql(prunedLatest)))
        .as("both sides of the view's comparison with the highest revision")
        .hasSize(2)
        .allMatch(scan -> scan.equals(partition));
    String hourly =
        SqlScript.statements(LakeScripts.read(LakeScripts.EXAMPLES)).stream()
            .filter(s -> s.contains("FLOOR(reference_timestamp TO HOUR)"))
            .findFirst()
            .orElseThrow();
    assertThat(silverScans(env.explainSql(hourly)))
        .as("example 5 reads BER's partitions only")
        .isNotEmpty()
        .allMatch(scan -> scan.startsWith("partitions=[") && !scan.contains("SMA"));

    // A copy of the lake in which every other silver partition holds garbage: the pruned queries
    // still answer, while a query over all of silver fails on the garbage it reads.
    Path copy = Files.createTempDirectory("pruned-lake");
    try {
      Path silver = lakeFolder.resolve("silver");
      List<Path> files;
      try (Stream<Path> walk = Files.walk(silver)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      int corrupted = 0;
      for (Path file : files) {
        Path target = copy.resolve("silver").resolve(silver.relativize(file).toString());
        Files.createDirectories(target.getParent());
        boolean keep = file.getParent().endsWith(Path.of("station_abbr=BER", "date=2026-03-02"));
        if (keep || !file.getFileName().toString().endsWith(".parquet")) {
          Files.copy(file, target);
        } else {
          Files.write(target, "not parquet".getBytes(SampleLake.CP1252));
          corrupted++;
        }
      }
      assertThat(corrupted).isGreaterThanOrEqualTo(3);
      RsFileSystems.initialize(lakeConfig(copy));
      TableEnvironment onCopy = withTables(copy);
      List<SilverRecord> expected =
          sample.silver.stream()
              .filter(r -> r.stationAbbr().equals("BER"))
              .filter(r -> SampleLake.dayOf(r.referenceTimestamp()).equals(SampleLake.DAY2))
              .toList();
      for (String query : List.of(pruned, prunedLatest)) {
        Row answer = query(onCopy, query).get(0);
        assertThat(answer.getField(0)).as(query).isEqualTo((long) expected.size());
        assertThat((Double) answer.getField(1))
            .as(query)
            .isCloseTo(expected.stream().mapToDouble(SilverRecord::value).sum(), within());
      }
      assertThatThrownBy(() -> query(onCopy, "SELECT COUNT(*), SUM(`value`) FROM silver"))
          .as("the unpruned query reads the corrupted partitions");
    } finally {
      RsFileSystems.initialize(lakeConfig(lakeFolder));
      try (Stream<Path> walk = Files.walk(copy)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * What each scan of silver in the optimized physical plan reads: its {@code partitions=[...]}
   * list, or {@code "all"} when the scan is not pruned.
   */
  private static List<String> silverScans(String explained) {
    String physical =
        explained.substring(
            explained.indexOf("== Optimized Physical Plan =="),
            explained.indexOf("== Optimized Execution Plan =="));
    String scan = "TableSourceScan(table=[[default_catalog, default_database, silver";
    List<String> scans = new ArrayList<>();
    for (int at = physical.indexOf(scan); at >= 0; at = physical.indexOf(scan, at + 1)) {
      String rest = physical.substring(at + scan.length());
      if (rest.startsWith(", partitions=[")) {
        scans.add(rest.substring(2, rest.indexOf("}]") + 2));
      } else {
        scans.add("all");
      }
    }
    return scans;
  }

  @Test
  void duckDbReadsSilverAndGoldParquet() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      List<String> silver =
          rows(
              statement,
              "SELECT station_abbr, CAST(\"date\" AS VARCHAR), epoch_ms(reference_timestamp),"
                  + " parameter, value, revision, station_name, unit, epoch_ms(ingested_at)"
                  + " FROM read_parquet('"
                  + glob("silver/*/*/*.parquet")
                  + "', hive_partitioning = true)");
      assertThat(silver)
          .containsExactlyInAnyOrderElementsOf(
              sample.silver.stream()
                  .map(
                      r ->
                          join(
                              r.stationAbbr(),
                              SampleLake.dayOf(r.referenceTimestamp()),
                              r.referenceTimestamp().toEpochMilli(),
                              r.parameter(),
                              r.value(),
                              r.revision(),
                              r.stationName(),
                              r.unit(),
                              r.ingestedAt().toEpochMilli()))
                  .toList());

      List<String> daily =
          rows(
              statement,
              "SELECT station_abbr, CAST(\"date\" AS VARCHAR), version, tre200s0_mean, tre200s0_min,"
                  + " tre200s0_max, rre150z0_sum, sre000z0_sum, fu3010z1_max, samples, coverage,"
                  + " epoch_ms(emitted_at) FROM read_parquet('"
                  + glob("gold/daily_summary/*.parquet")
                  + "')");
      assertThat(daily)
          .containsExactlyInAnyOrderElementsOf(
              sample.dailySummaries.stream()
                  .map(
                      d ->
                          join(
                              d.stationAbbr(),
                              d.date(),
                              d.version(),
                              d.tre200s0Mean(),
                              d.tre200s0Min(),
                              d.tre200s0Max(),
                              d.rre150z0Sum(),
                              d.sre000z0Sum(),
                              d.fu3010z1Max(),
                              d.samples(),
                              d.coverage(),
                              d.emittedAt().toEpochMilli()))
                  .toList());

      List<String> stats =
          rows(
              statement,
              "SELECT station_abbr, station_name, observations, mean_temp_sea_level_c,"
                  + " epoch_ms(first_observation), epoch_ms(last_observation), epoch_ms(as_of)"
                  + " FROM read_parquet('"
                  + glob("gold/station_stats/*.parquet")
                  + "')");
      assertThat(stats)
          .containsExactlyInAnyOrderElementsOf(
              sample.stationStats.stream()
                  .map(
                      s ->
                          join(
                              s.stationAbbr(),
                              s.stationName(),
                              s.observations(),
                              s.meanTempSeaLevelC(),
                              s.firstObservation().toEpochMilli(),
                              s.lastObservation().toEpochMilli(),
                              s.asOf().toEpochMilli()))
                  .toList());

      List<String> alerts =
          rows(
              statement,
              "SELECT station_abbr, kind, CAST(\"date\" AS VARCHAR), epoch_ms(reference_timestamp),"
                  + " parameter, value, threshold FROM read_parquet('"
                  + glob("gold/alerts/*.parquet")
                  + "')");
      assertThat(alerts)
          .containsExactlyInAnyOrderElementsOf(
              sample.alerts.stream()
                  .map(
                      a ->
                          join(
                              a.stationAbbr(),
                              a.kind(),
                              a.date(),
                              a.referenceTimestamp().toEpochMilli(),
                              a.parameter(),
                              a.value(),
                              a.threshold()))
                  .toList());
    }
  }

  private static String glob(String pattern) {
    return lakeFolder.resolve(pattern).toString().replace("'", "''");
  }

  private static List<String> rows(Statement statement, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Object[] fields = new Object[meta.getColumnCount()];
        for (int i = 0; i < fields.length; i++) {
          fields[i] = rs.getObject(i + 1);
        }
        rows.add(join(fields));
      }
    }
    return rows;
  }

  /** Fields joined with '|', numbers normalised (whole numbers as longs, others as doubles). */
  private static String join(Object... fields) {
    return Stream.of(fields).map(LakeSqlTest::normal).collect(Collectors.joining("|"));
  }

  private static String normal(Object field) {
    if (field instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d)
          ? Long.toString((long) d)
          : Double.toString(d);
    }
    return String.valueOf(field);
  }

  private static LocalDateTime utc(Instant at) {
    return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(EPSILON);
  }

  /** Compares a query's rows with the expected fields in order, doubles within {@link #EPSILON}. */
  private static void assertRows(
      LakeSql.Executed query, String marker, List<List<Object>> expected) {
    assertThat(query.statement()).as("the example query in this position").contains(marker);
    List<Row> rows = query.rows();
    assertThat(rows).as(query.statement()).hasSize(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      List<Object> want = expected.get(i);
      assertThat(row.getArity()).as("columns of " + query.statement()).isEqualTo(want.size());
      for (int f = 0; f < want.size(); f++) {
        Object actual = row.getField(f);
        Object wanted = want.get(f);
        String what =
            "row " + i + " column " + query.columns().get(f) + " of\n" + query.statement();
        if (wanted instanceof Double d) {
          assertThat(actual).as(what).isInstanceOf(Double.class);
          assertThat((Double) actual).as(what).isCloseTo(d, within());
        } else {
          assertThat(actual).as(what).isEqualTo(wanted);
        }
      }
    }
  }
}
