package org.remotestore.sql;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotestore.BackendConfig;
import org.remotestore.BackendUnavailable;
import org.remotestore.ConfigException;
import org.remotestore.DefaultStore;
import org.remotestore.NotFound;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * What the conformance suite does not cover on sql-blob: the size limit, the table shape check,
 * chunked ranged reads, resumable writes and their staging rows, secrets, and configuration through
 * the registry. Each case runs on PostgreSQL and on SQLite.
 */
class SqlBlobBackendTest {
  @TempDir static Path folder;

  /** A database: its JDBC URL, user and password for direct checks. */
  record Db(String name, String url, String user, String password) {
    Map<String, String> options(Map<String, String> extra) {
      Map<String, String> options = new HashMap<>(extra);
      options.put("url", url);
      if (user != null) {
        options.put("user", user);
        options.put("password", password);
      }
      return options;
    }

    SqlBlobBackend backend(Map<String, String> extra) {
      return new SqlBlobBackend(new BackendConfig("blobs", "sql-blob", options(extra)));
    }

    long count(String sql) throws Exception {
      try (Connection c = DriverManager.getConnection(url, user, password);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    void execute(String sql) throws Exception {
      try (Connection c = DriverManager.getConnection(url, user, password);
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> databases() throws Exception {
    PostgresTestServer pg = PostgresTestServer.shared();
    String db = pg.newDatabase("blobtest");
    Path file = Files.createTempFile(folder, "blobs", ".db");
    return Stream.of(
        Arguments.of(new Db("postgresql", pg.url(db), "postgres", "pw")),
        Arguments.of(new Db("sqlite", "jdbc:sqlite:" + file, null, null)));
  }

  private static byte[] bytes(int n, int seed) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) (i * 31 + seed);
    }
    return data;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void blobOverTheLimitIsATypedErrorAndLeavesNothing(Db db) throws Exception {
    try (SqlBlobBackend backend =
        db.backend(Map.of("chunk-size", "16kb", "max-blob-size", "100kb", "table", "limited"))) {
      Store store = new DefaultStore(backend, "");
      store.write("ok.bin", bytes(100 * 1024, 1), false);
      assertThatThrownBy(
              () -> store.write("big/too.bin", new ByteArrayInputStream(bytes(300_000, 2)), false))
          .isInstanceOf(BlobTooLarge.class)
          .hasMessageContaining("big/too.bin")
          .hasMessageContaining("102400")
          .hasMessageContaining("rs.backends.blobs.max-blob-size");
      assertThat(store.exists("big/too.bin")).isFalse();
      assertThat(store.listFiles("", true)).hasSize(1);
      // only the 7 chunks of ok.bin remain: the staged chunks of the refused write are gone
      assertThat(db.count("SELECT COUNT(*) FROM limited_chunks")).isEqualTo(7);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void tableOfTheWrongShapeNamesTableAndColumn(Db db) throws Exception {
    db.execute("CREATE TABLE misshapen (key TEXT PRIMARY KEY, size BIGINT, data BYTEA)");
    try (SqlBlobBackend backend = db.backend(Map.of("table", "misshapen"))) {
      assertThatThrownBy(() -> backend.stat("x"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("misshapen")
          .hasMessageContaining("blob_id")
          .hasMessageContaining("rs.backends.blobs.table");
    }
    try (SqlBlobBackend backend = db.backend(Map.of("table", "absent", "create-tables", "false"))) {
      assertThatThrownBy(() -> backend.stat("x"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("absent")
          .hasMessageContaining("create-tables");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void rangedReadsFetchOnlyTheChunksTheyNeed(Db db) throws Exception {
    try (SqlBlobBackend backend = db.backend(Map.of("chunk-size", "1kb", "table", "ranged"))) {
      Store store = new DefaultStore(backend, "");
      byte[] data = bytes(10_000, 3);
      store.write("r.bin", data, false);
      // remove chunk 0 behind the backend's back: a read of chunks 4-5 must not need it
      db.execute("DELETE FROM ranged_chunks WHERE seq = 0");
      try (InputStream in = store.readRange("r.bin", 4500, 1000)) {
        assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 4500, 5500));
      }
      assertThatThrownBy(() -> store.readBytes("r.bin")).isInstanceOf(NotFound.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void resumableWriteIsInvisibleUntilCommitAndLeavesNoStagedRows(Db db) throws Exception {
    try (SqlBlobBackend backend = db.backend(Map.of("chunk-size", "1kb", "table", "resumable"))) {
      ResumableWrites writes = backend.resumableWrites();
      byte[] data = bytes(5000, 4);
      byte[] state;
      try (ResumableWrites.PendingUpload upload = writes.begin("out/part-0")) {
        upload.write(data, 0, 3500);
        byte[] persisted = upload.persist();
        assertThat(writes.targetKey(persisted)).isEqualTo("out/part-0");
        upload.write(data, 3500, 1500);
        state = upload.closeForCommit();
        assertThat(upload.position()).isEqualTo(5000);
      }
      assertThat(backend.stat("out/part-0")).isNull();
      assertThat(backend.listRecursive("")).isEmpty();
      assertThat(db.count("SELECT COUNT(*) FROM resumable_staging")).isPositive();

      writes.commit(state);
      writes.commit(state); // again after a restart: already done, not an error
      try (InputStream in = backend.read("out/part-0", 0, -1)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      assertThat(db.count("SELECT COUNT(*) FROM resumable_staging")).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void everyPersistedStateResumesOnItsOwn(Db db) throws Exception {
    try (SqlBlobBackend backend = db.backend(Map.of("chunk-size", "1kb", "table", "states"))) {
      ResumableWrites writes = backend.resumableWrites();
      byte[] data = bytes(4000, 5);
      byte[] first;
      byte[] second;
      try (ResumableWrites.PendingUpload upload = writes.begin("p")) {
        upload.write(data, 0, 1500);
        first = upload.persist();
        upload.write(data, 1500, 1500);
        second = upload.persist();
        upload.write(data, 3000, 1000); // lost: never persisted
      }
      try (ResumableWrites.PendingUpload older = writes.resume(first)) {
        assertThat(older.position()).isEqualTo(1500);
        older.write("-older".getBytes(UTF_8), 0, 6);
        older.persist();
      }
      byte[] commit;
      try (ResumableWrites.PendingUpload newer = writes.resume(second)) {
        assertThat(newer.position()).isEqualTo(3000);
        assertThat(writes.cleanup(first)).isTrue();
        assertThatThrownBy(() -> writes.resume(first)).isInstanceOf(NotFound.class);
        newer.write(data, 3000, 1000);
        commit = newer.closeForCommit();
      }
      writes.commit(commit);
      try (InputStream in = backend.read("p", 0, -1)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
    }
  }

  @Test
  void passwordNeverAppearsInMessagesOrToString() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String secret = "pa55-very-secret";
    BackendConfig config =
        new BackendConfig(
            "blobs",
            "sql-blob",
            Map.of(
                "url",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/none",
                "user",
                "nobody",
                "password",
                secret,
                "timeout",
                "3s"));
    try (SqlBlobBackend backend = new SqlBlobBackend(config)) {
      assertThat(backend.toString()).doesNotContain(secret).contains("****");
      assertThat(config.toString()).doesNotContain(secret);
      assertThatThrownBy(() -> backend.stat("x"))
          .isInstanceOf(BackendUnavailable.class)
          .hasMessageContaining("blobs")
          .satisfies(e -> assertThat(stackText(e)).doesNotContain(secret));
    }
  }

  private static String stackText(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }

  @Test
  void unsupportedUrlAndBadOptionsNameTheirKeys() {
    assertThatThrownBy(
            () ->
                new SqlBlobBackend(
                    new BackendConfig("b", "sql-blob", Map.of("url", "jdbc:mysql://h/db"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.b.url");
    assertThatThrownBy(
            () ->
                new SqlBlobBackend(
                    new BackendConfig("b", "sql-blob", Map.of("url", "jdbc:sqlite::memory:"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.b.url");
    assertThatThrownBy(
            () ->
                new SqlBlobBackend(
                    new BackendConfig(
                        "b",
                        "sql-blob",
                        Map.of("url", "jdbc:sqlite:/tmp/x.db", "table", "x; DROP TABLE y"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.b.table");
    assertThatThrownBy(
            () ->
                new SqlBlobBackend(
                    new BackendConfig(
                        "b",
                        "sql-blob",
                        Map.of("url", "jdbc:sqlite:/tmp/x.db", "chunk-size", "10"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.b.chunk-size");
  }

  @Test
  void registryFindsTheTypeAndResolvesThePasswordVariable() throws Exception {
    PostgresTestServer pg = PostgresTestServer.shared();
    String db = pg.newDatabase("registry");
    System.setProperty("RS_SQL_TEST_PASSWORD", "from-a-variable");
    Map<String, String> keys =
        Map.of(
            "rs.backends.db.type", "sql-blob",
            "rs.backends.db.url", pg.url(db),
            "rs.backends.db.user", "postgres",
            "rs.backends.db.password", "${RS_SQL_TEST_PASSWORD}",
            "rs.stores.lake.backend", "db",
            "rs.stores.lake.root-path", "lake");
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys))) {
      Store lake = registry.store("lake");
      lake.write("a/b.csv", "x,y\n".getBytes(UTF_8), false);
      assertThat(lake.listFiles("", true)).extracting(f -> f.path()).containsExactly("a/b.csv");
      assertThat(registry.toString()).doesNotContain("from-a-variable");
      SqlBlobBackend backend = (SqlBlobBackend) registry.backend("db");
      assertThat(backend.settings().connection().password()).isEqualTo("from-a-variable");
      assertThat(backend.stat("lake/a/b.csv").checksum()).startsWith("sha256:");
    } finally {
      System.clearProperty("RS_SQL_TEST_PASSWORD");
    }
    assertThat(List.of()).isEmpty();
  }
}
