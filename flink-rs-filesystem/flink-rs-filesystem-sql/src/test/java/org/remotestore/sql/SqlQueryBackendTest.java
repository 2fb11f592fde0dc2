package org.remotestore.sql;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
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
 * The sql-query backend on a real PostgreSQL server and on SQLite: CSV and JSON Lines output,
 * listing, sizes, ranged reads, a large streamed result, failing queries and wrong configuration.
 */
class SqlQueryBackendTest {
  @TempDir static Path folder;

  private static PostgresTestServer pg;
  private static String pgUrl;
  private static SqlQueryBackend backend;
  private static Store store;

  private static final String STATIONS =
      "SELECT abbr, name, elevation, active, note FROM stations ORDER BY abbr";

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
        .containsExactly("broken.csv", "series.csv", "stations.csv", "stations.jsonl")
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
            "rs.stores.q.backend", "lite");
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys))) {
      Store q = registry.store("q");
      assertThat(new String(q.readBytes("t.jsonl"), UTF_8))
          .isEqualTo(
              "{\"id\":1,\"label\":\"one\",\"score\":0.5,\"raw\":\"AP8=\"}\n"
                  + "{\"id\":2,\"label\":null,\"score\":null,\"raw\":null}\n");
      assertThat(new String(q.readBytes("t.csv"), UTF_8))
          .isEqualTo("id,label,score,raw\n1,one,0.5,AP8=\n2,,,\n");
    }
  }

  private static BackendConfig config(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("url", pgUrl);
    return new BackendConfig("warehouse", "sql-query", all);
  }

  @Test
  void wrongConfigurationNamesTheKey() {
    assertThatThrownBy(() -> new SqlQueryBackend(config(Map.of("queries.t.parquet", "SELECT 1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.warehouse.queries.t.parquet")
        .hasMessageContaining("not supported yet");
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
