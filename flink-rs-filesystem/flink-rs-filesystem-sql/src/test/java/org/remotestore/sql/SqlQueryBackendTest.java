package org.remotestore.sql;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.BackendConfig;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConfigException;
import org.remotestore.DefaultStore;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * The sql-query backend on a real PostgreSQL server and on SQLite: CSV, JSON Lines and Parquet
 * output (read back with Parquet's own reader, checking types and rows), listing, sizes, ranged
 * reads, a large streamed result, failing queries and wrong configuration.
 */
class SqlQueryBackendTest {
  @TempDir static Path folder;

  private static PostgresTestServer pg;
  private static String pgUrl;
  private static SqlQueryBackend backend;
  private static Store store;

  private static final String STATIONS =
      "SELECT abbr, name, elevation, active, note FROM stations ORDER BY abbr";

  private static final String TYPES =
      "SELECT 7::smallint AS small, 42 AS int, 9000000000::bigint AS big, 1.5::real AS r,"
          + " 2.25::double precision AS d, 12.34::numeric(6,2) AS price,"
          + " 123456789012345678901.5::numeric(30,1) AS wide, 1.125::numeric AS free,"
          + " 'grüezi'::text AS txt, true AS flag, '\\x00ff'::bytea AS raw,"
          + " DATE '2026-03-01' AS day, TIME '12:30:15.5' AS at,"
          + " TIMESTAMP '2026-03-01 12:30:00' AS local_ts,"
          + " TIMESTAMPTZ '2026-03-01 12:30:00+01' AS utc_ts, NULL::int AS nothing,"
          + " 'a'::text AS txt";

  @BeforeAll
  static void database() throws Exception {
    pg = PostgresTestServer.shared();
    pgUrl = pg.url(pg.newDatabase("query"));
    try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE stations (abbr TEXT PRIMARY KEY, name TEXT, elevation NUMERIC(6,1),"
              + " active BOOLEAN, note TEXT)");
      s.execute(
          "INSERT INTO stations VALUES ('BER', 'Bern / Zollikofen', 552.0, true, NULL),"
              + " ('SMA', 'Zürich, \"Fluntern\"', 556.0, false, 'line one\nline two'),"
              + " ('JUN', 'Jungfraujoch', 3571.0, true, 'tab\there')");
    }
    Map<String, String> options = new HashMap<>();
    options.put("url", pgUrl);
    options.put("user", "postgres");
    options.put("password", "secret-in-a-var");
    options.put("fetch-size", "100");
    options.put("queries.stations.csv", STATIONS);
    options.put("queries.stations.jsonl", STATIONS);
    options.put("queries.reports/high.csv", "SELECT abbr FROM stations WHERE elevation > 1000");
    options.put(
        "queries.series.csv", "SELECT g AS n, g * 2 AS twice FROM generate_series(1, 200000) g");
    options.put("queries.broken.csv", "SELECT no_such_column FROM stations");
    options.put("queries.stations.parquet", STATIONS);
    options.put("queries.types.parquet", TYPES);
    options.put(
        "queries.series.parquet",
        "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 200000) g ORDER BY g");
    options.put("queries.broken.parquet", "SELECT 1 / (g - 3) AS x FROM generate_series(1, 5) g");
    options.put("parquet.row-group-size", "64kb");
    backend = new SqlQueryBackend(new BackendConfig("warehouse", "sql-query", options));
    store = new DefaultStore(backend, "");
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static String text(String path) throws Exception {
    return new String(store.readBytes(path), UTF_8);
  }

  @Test
  void csvHasAHeaderAndQuotesWhereNeeded() throws Exception {
    assertThat(text("stations.csv"))
        .isEqualTo(
            "abbr,name,elevation,active,note\n"
                + "BER,Bern / Zollikofen,552.0,t,\n"
                + "JUN,Jungfraujoch,3571.0,t,tab\there\n"
                + "SMA,\"Zürich, \"\"Fluntern\"\"\",556.0,f,\"line one\nline two\"\n");
  }

  @Test
  void jsonLinesKeepNumbersBooleansAndNulls() throws Exception {
    assertThat(text("stations.jsonl"))
        .isEqualTo(
            "{\"abbr\":\"BER\",\"name\":\"Bern / Zollikofen\",\"elevation\":552.0,\"active\":true,"
                + "\"note\":null}\n"
                + "{\"abbr\":\"JUN\",\"name\":\"Jungfraujoch\",\"elevation\":3571.0,\"active\":true,"
                + "\"note\":\"tab\\there\"}\n"
                + "{\"abbr\":\"SMA\",\"name\":\"Zürich, \\\"Fluntern\\\"\",\"elevation\":556.0,"
                + "\"active\":false,\"note\":\"line one\\nline two\"}\n");
  }

  @Test
  void listingShowsTheConfiguredNamesWithKnownSizes() throws Exception {
    assertThat(store.listFiles("", false))
        .extracting(FileInfo::path)
        .containsExactly(
            "broken.csv",
            "broken.parquet",
            "series.csv",
            "series.parquet",
            "stations.csv",
            "stations.jsonl",
            "stations.parquet",
            "types.parquet")
        .isSorted();
    // a size is known once measured (metadata) or once a read reached the end
    int jsonl = store.readBytes("stations.jsonl").length;
    assertThat(store.listFiles("", false))
        .filteredOn(f -> f.path().equals("stations.jsonl"))
        .singleElement()
        .satisfies(f -> assertThat(f.size()).isEqualTo(jsonl))
        .satisfies(f -> assertThat(f.lastModified()).isNotNull());
    assertThat(store.listFolders("", 0)).containsExactly("reports");
    assertThat(store.listFiles("reports"))
        .extracting(FileInfo::path)
        .containsExactly("reports/high.csv");
    assertThat(text("reports/high.csv")).isEqualTo("abbr\nJUN\n");
    FileInfo info = store.getFileInfo("stations.csv");
    assertThat(info.size()).isEqualTo(store.readBytes("stations.csv").length);
    assertThat(info.lastModified()).isNotNull();
    assertThat(store.exists("nothing.csv")).isFalse();
    assertThatThrownBy(() -> store.readBytes("nothing.csv")).isInstanceOf(NotFound.class);
  }

  @Test
  void rangedReadsAndALargeResultStream() throws Exception {
    String whole = text("stations.csv");
    try (InputStream in = store.readRange("stations.csv", 10, 20)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo(whole.substring(10, 30));
    }
    long lines = 0;
    long bytes = 0;
    try (InputStream in = store.read("series.csv")) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    assertThat(lines).isEqualTo(200_001);
    assertThat(store.getFileInfo("series.csv").size()).isEqualTo(bytes);
    try (InputStream in = store.readRange("series.csv", bytes - 13, 100)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("200000,400000\n".substring(1));
    }
  }

  @Test
  void failingQueryIsATypedErrorNamingTheQuery() throws Exception {
    assertThatThrownBy(() -> store.readBytes("broken.csv"))
        .isInstanceOf(QueryFailed.class)
        .hasMessageContaining("broken.csv")
        .hasMessageContaining("rs.backends.warehouse.queries.broken.csv")
        .hasMessageContaining("no_such_column")
        .hasMessageNotContaining("secret-in-a-var")
        .satisfies(e -> assertThat(((QueryFailed) e).queryKey()).endsWith("broken.csv"));
    // the pool survives a failed query
    assertThat(store.listFiles("reports")).hasSize(1);
  }

  /** A Parquet file read back with Parquet's own reader (from a local copy). */
  private record Parquet(MessageType schema, List<Group> rows, int rowGroups) {
    static Parquet of(byte[] bytes) throws Exception {
      Path file = Files.createTempFile(folder, "query", ".parquet");
      Files.write(file, bytes);
      List<Group> rows = new ArrayList<>();
      int groups = 0;
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder().build())) {
        MessageType schema = reader.getFileMetaData().getSchema();
        PageReadStore pages;
        while ((pages = reader.readNextRowGroup()) != null) {
          groups++;
          RecordReader<Group> records =
              new ColumnIOFactory()
                  .getColumnIO(schema)
                  .getRecordReader(pages, new GroupRecordConverter(schema));
          for (long i = 0; i < pages.getRowCount(); i++) {
            rows.add(records.read());
          }
        }
        return new Parquet(schema, rows, groups);
      } finally {
        Files.delete(file);
      }
    }
  }

  @Test
  void parquetHasTypedColumnsAndTheRows() throws Exception {
    Parquet stations = Parquet.of(store.readBytes("stations.parquet"));
    assertThat(stations.rows)
        .extracting(g -> g.getString("abbr", 0))
        .containsExactly("BER", "JUN", "SMA");
    Group sma = stations.rows.get(2);
    assertThat(sma.getString("name", 0)).isEqualTo("Zürich, \"Fluntern\"");
    assertThat(sma.getBoolean("active", 0)).isFalse();
    assertThat(sma.getString("note", 0)).isEqualTo("line one\nline two");
    assertThat(stations.rows.get(0).getFieldRepetitionCount("note")).isZero(); // NULL
    // numeric(6,1): a DECIMAL(6,1) in an int64, unscaled
    assertThat(stations.schema.getType("elevation").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(1, 6));
    assertThat(sma.getLong("elevation", 0)).isEqualTo(5560);

    Parquet types = Parquet.of(store.readBytes("types.parquet"));
    MessageType schema = types.schema;
    assertThat(schema.getFieldCount()).isEqualTo(17);
    assertThat(schema.getFieldName(16)).isEqualTo("txt_2"); // a repeated label
    assertThat(primitive(schema, "small")).isEqualTo(PrimitiveTypeName.INT32);
    assertThat(primitive(schema, "int")).isEqualTo(PrimitiveTypeName.INT32);
    assertThat(primitive(schema, "big")).isEqualTo(PrimitiveTypeName.INT64);
    assertThat(primitive(schema, "r")).isEqualTo(PrimitiveTypeName.FLOAT);
    assertThat(primitive(schema, "d")).isEqualTo(PrimitiveTypeName.DOUBLE);
    assertThat(primitive(schema, "flag")).isEqualTo(PrimitiveTypeName.BOOLEAN);
    assertThat(primitive(schema, "raw")).isEqualTo(PrimitiveTypeName.BINARY);
    assertThat(schema.getType("raw").getLogicalTypeAnnotation()).isNull();
    assertThat(schema.getType("wide").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(1, 30));
    assertThat(schema.getType("free").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.stringType()); // numeric without precision
    assertThat(schema.getType("day").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(schema.getType("at").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(schema.getType("local_ts").getLogicalTypeAnnotation())
        .isEqualTo(
            LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(schema.getType("utc_ts").getLogicalTypeAnnotation())
        .isEqualTo(
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(types.rows).hasSize(1);
    Group row = types.rows.get(0);
    assertThat(row.getInteger("small", 0)).isEqualTo(7);
    assertThat(row.getInteger("int", 0)).isEqualTo(42);
    assertThat(row.getLong("big", 0)).isEqualTo(9_000_000_000L);
    assertThat(row.getFloat("r", 0)).isEqualTo(1.5f);
    assertThat(row.getDouble("d", 0)).isEqualTo(2.25);
    assertThat(row.getLong("price", 0)).isEqualTo(1234);
    assertThat(new BigInteger(row.getBinary("wide", 0).getBytes()))
        .isEqualTo(new BigInteger("1234567890123456789015"));
    assertThat(row.getString("free", 0)).isEqualTo("1.125");
    assertThat(row.getString("txt", 0)).isEqualTo("grüezi");
    assertThat(row.getBoolean("flag", 0)).isTrue();
    assertThat(row.getBinary("raw", 0).getBytes()).containsExactly(0, 0xff);
    assertThat(row.getInteger("day", 0)).isEqualTo(LocalDate.of(2026, 3, 1).toEpochDay());
    assertThat(row.getLong("at", 0)).isEqualTo((12 * 3600 + 30 * 60 + 15) * 1_000_000L + 500_000);
    long local = LocalDateTime.of(2026, 3, 1, 12, 30).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    assertThat(row.getLong("local_ts", 0)).isEqualTo(local);
    assertThat(row.getLong("utc_ts", 0)).isEqualTo(local - 3_600_000_000L);
    assertThat(row.getFieldRepetitionCount("nothing")).isZero();
    assertThat(row.getString("txt_2", 0)).isEqualTo("a");
  }

  private static PrimitiveTypeName primitive(MessageType schema, String field) {
    return schema.getType(field).asPrimitiveType().getPrimitiveTypeName();
  }

  @Test
  void aLargeParquetResultStreamsInRowGroups() throws Exception {
    byte[] bytes = store.readBytes("series.parquet");
    Parquet series = Parquet.of(bytes);
    assertThat(series.rows).hasSize(200_000);
    // 64 KiB row groups: the result went out group by group, never held whole
    assertThat(series.rowGroups).isGreaterThan(5);
    for (int i = 0; i < series.rows.size(); i += 9_973) {
      assertThat(series.rows.get(i).getInteger("n", 0)).isEqualTo(i + 1);
      assertThat(series.rows.get(i).getString("label", 0)).isEqualTo("row " + (i + 1));
    }
    // the output is the same on every run: sizes and ranges (a footer read) agree with the whole
    assertThat(store.getFileInfo("series.parquet").size()).isEqualTo(bytes.length);
    try (InputStream in = store.readRange("series.parquet", bytes.length - 8, 8)) {
      assertThat(in.readAllBytes())
          .isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length))
          .endsWith("PAR1".getBytes(UTF_8));
    }
  }

  @Test
  void aParquetQueryFailingMidwayIsATypedError() throws Exception {
    assertThatThrownBy(() -> store.readBytes("broken.parquet"))
        .isInstanceOf(QueryFailed.class)
        .hasMessageContaining("broken.parquet")
        .hasMessageContaining("22012") // division by zero
        .hasMessageNotContaining("secret-in-a-var");
    assertThat(store.listFiles("reports")).hasSize(1);
  }

  @Test
  void writesAreRefused() {
    assertThatThrownBy(() -> store.write("stations.csv", new byte[1], true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("warehouse");
    assertThatThrownBy(() -> store.delete("stations.csv"))
        .isInstanceOf(CapabilityNotSupported.class);
  }

  @Test
  void sqliteStreamsItsQueriesToo() throws Exception {
    Path file = folder.resolve("q.db");
    String url = "jdbc:sqlite:" + file;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER, label TEXT, score REAL, raw BLOB)");
      s.execute("INSERT INTO t VALUES (1, 'one', 0.5, x'00ff'), (2, NULL, NULL, NULL)");
    }
    Map<String, String> keys =
        Map.of(
            "rs.backends.lite.type", "sql-query",
            "rs.backends.lite.url", url,
            "rs.backends.lite.queries.t.jsonl", "SELECT * FROM t ORDER BY id",
            "rs.backends.lite.queries.t.csv", "SELECT * FROM t ORDER BY id",
            "rs.backends.lite.queries.t.parquet", "SELECT * FROM t ORDER BY id",
            "rs.stores.q.backend", "lite");
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys))) {
      Store q = registry.store("q");
      assertThat(new String(q.readBytes("t.jsonl"), UTF_8))
          .isEqualTo(
              "{\"id\":1,\"label\":\"one\",\"score\":0.5,\"raw\":\"AP8=\"}\n"
                  + "{\"id\":2,\"label\":null,\"score\":null,\"raw\":null}\n");
      assertThat(new String(q.readBytes("t.csv"), UTF_8))
          .isEqualTo("id,label,score,raw\n1,one,0.5,AP8=\n2,,,\n");
      Parquet t = Parquet.of(q.readBytes("t.parquet"));
      // SQLite's INTEGER and REAL are 64-bit whatever was declared
      assertThat(t.schema.getType("id").asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveTypeName.INT64);
      assertThat(t.schema.getType("score").asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveTypeName.DOUBLE);
      assertThat(t.rows).hasSize(2);
      assertThat(t.rows.get(0).getLong("id", 0)).isEqualTo(1);
      assertThat(t.rows.get(0).getString("label", 0)).isEqualTo("one");
      assertThat(t.rows.get(0).getDouble("score", 0)).isEqualTo(0.5);
      assertThat(t.rows.get(0).getBinary("raw", 0).getBytes()).containsExactly(0, 0xff);
      assertThat(t.rows.get(1).getFieldRepetitionCount("label")).isZero();
    }
  }

  private static BackendConfig config(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("url", pgUrl);
    return new BackendConfig("warehouse", "sql-query", all);
  }

  @Test
  void wrongConfigurationNamesTheKey() {
    assertThatThrownBy(
            () ->
                new SqlQueryBackend(
                    config(Map.of("queries.t.parquet", "SELECT 1", "parquet.compression", "lzo"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.warehouse.parquet.compression");
    assertThatThrownBy(() -> new SqlQueryBackend(config(Map.of("queries.t.xlsx", "SELECT 1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.warehouse.queries.t.xlsx");
    assertThatThrownBy(() -> new SqlQueryBackend(config(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.warehouse.queries");
    assertThatThrownBy(() -> new SqlQueryBackend(config(Map.of("queries.a/../b.csv", "SELECT 1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.warehouse.queries.a/../b.csv");
    assertThatThrownBy(
            () ->
                new SqlQueryBackend(
                    config(Map.of("queries.t.csv", "SELECT 1", "url", "jdbc:oracle:thin:@h"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.warehouse.url");
    Map<String, String> unknown =
        Map.of(
            "rs.backends.w.type", "sql-query",
            "rs.backends.w.url", pgUrl,
            "rs.backends.w.queries.t.csv", "SELECT 1",
            "rs.backends.w.qeuries.u.csv", "SELECT 2",
            "rs.stores.s.backend", "w");
    assertThatThrownBy(() -> Registry.create(RegistryConfig.fromFlatKeys(unknown)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.w.qeuries.u.csv");
  }
}
