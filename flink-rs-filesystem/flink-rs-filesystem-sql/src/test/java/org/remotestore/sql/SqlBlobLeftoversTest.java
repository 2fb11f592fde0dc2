package org.remotestore.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.BackendConfig;
import org.remotestore.DefaultStore;
import org.remotestore.NotFound;
import org.remotestore.RecoverableUploads;
import org.remotestore.Store;
import org.remotestore.ext.sweep.OrphanSweeper;
import org.remotestore.ext.sweep.SweepReport;
import org.remotestore.ext.sweep.SweepReport.Decision;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * What crashed sql-blob writers leave, listed and removed through {@link LeftoverSupport} and the
 * orphan sweeper, on PostgreSQL and SQLite: staged chunks of an uncommitted resumable write and the
 * chunks of a write that never published; a live upload that a checkpoint refers to is kept and can
 * still be committed; a running write whose chunks were swept fails instead of publishing.
 */
class SqlBlobLeftoversTest {
  private static String pgDatabase;
  private static final AtomicInteger TABLES = new AtomicInteger();

  @Nested
  class Postgres extends Cases {
    @Override
    Map<String, String> options() {
      PostgresTestServer server = PostgresTestServer.shared();
      synchronized (SqlBlobLeftoversTest.class) {
        if (pgDatabase == null) {
          pgDatabase = server.newDatabase("leftovers");
        }
      }
      return server.options(
          pgDatabase,
          Map.of("chunk-size", "1kb", "table", "leftovers_" + TABLES.incrementAndGet()));
    }

    @Override
    Connection connect() throws Exception {
      return DriverManager.getConnection(options.get("url"), "postgres", "");
    }
  }

  @Nested
  class Sqlite extends Cases {
    @TempDir Path folder;

    @Override
    Map<String, String> options() throws Exception {
      Path file = Files.createTempFile(folder, "leftovers", ".db");
      return Map.of("url", "jdbc:sqlite:" + file, "chunk-size", "1kb");
    }

    @Override
    Connection connect() throws Exception {
      return DriverManager.getConnection(options.get("url"));
    }
  }

  abstract static class Cases {
    Map<String, String> options;
    SqlBlobBackend backend;
    Store store;

    abstract Map<String, String> options() throws Exception;

    abstract Connection connect() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
      options = options();
      backend = new SqlBlobBackend(new BackendConfig("db", "sql-blob", options));
      store = new DefaultStore(backend, "lake", "lake");
    }

    @AfterEach
    void tearDown() {
      backend.close();
    }

    private static byte[] bytes(int n, char c) {
      byte[] b = new byte[n];
      Arrays.fill(b, (byte) c);
      return b;
    }

    private byte[] persisted(String path, byte[] content) throws Exception {
      RecoverableUploads.Upload upload = store.recoverableUploads().create(path);
      upload.write(content, 0, content.length);
      byte[] state = upload.persist();
      upload.close(); // a crash after the persist: the staged rows stay
      return state;
    }

    private long rows(String table) throws Exception {
      String name = options.getOrDefault("table", "rs_blobs") + table;
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + name)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private List<Leftover> leftovers(String folder) throws Exception {
      return store.unwrap(LeftoverSupport.class).orElseThrow().listLeftovers(folder);
    }

    @Test
    void crashedWritersLeftoversAreListedAndRemovedAndALiveReferencedOneIsKept() throws Exception {
      store.write("silver/real.csv", bytes(3000, 'p'), false); // published, three chunks
      // a plain write of four chunks that crashed before publishing (never closed nor aborted)
      Store.AtomicOutputStream crashed = store.openAtomic("silver/crashed.csv", false);
      crashed.write(bytes(4000, 'c'));
      crashed.flush();
      persisted("silver/abandoned.csv", bytes(2500, 'a'));
      byte[] live = persisted("silver/live.csv", bytes(2100, 'l'));
      persisted("gold/other.csv", bytes(100, 'o'));

      Map<String, String> kinds =
          leftovers("silver").stream()
              .collect(Collectors.toMap(Leftover::key, Leftover::kind, (a, b) -> a + "," + b));
      assertThat(kinds)
          .containsOnly(
              Map.entry("silver/crashed.csv", SqlBlobLeftovers.KIND_UNPUBLISHED_CHUNKS),
              Map.entry("silver/abandoned.csv", SqlBlobLeftovers.KIND_STAGED_CHUNKS),
              Map.entry("silver/live.csv", SqlBlobLeftovers.KIND_STAGED_CHUNKS));
      assertThat(leftovers("")).hasSize(4);
      assertThat(leftovers("silver"))
          .filteredOn(l -> l.key().equals("silver/abandoned.csv"))
          .singleElement()
          .satisfies(l -> assertThat(l.bytes()).isEqualTo(2500))
          .satisfies(l -> assertThat(l.startedAt()).isBeforeOrEqualTo(Instant.now()));
      // the crashed write's three full chunks sit in the chunk table next to the published file's
      assertThat(rows("_chunks")).isEqualTo(3 + 3);

      // a completed checkpoint holds the live upload's state
      store.write("chk/j1/chk-3/_metadata", "metadata".getBytes(StandardCharsets.UTF_8), false);
      ByteArrayOutputStream state = new ByteArrayOutputStream();
      state.write("operator state ".getBytes(StandardCharsets.UTF_8));
      state.write(live);
      store.write("chk/j1/chk-3/op-1", state.toByteArray(), false);

      Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
      OrphanSweeper.Builder sweeper =
          OrphanSweeper.builder(store)
              .prefix("silver")
              .olderThan(Duration.ofHours(1))
              .keepReferencedBy(store, "chk")
              .clock(later);
      SweepReport dry = sweeper.build().sweep();
      assertThat(decisions(dry))
          .containsOnly(
              Map.entry("silver/crashed.csv", Decision.WOULD_REMOVE),
              Map.entry("silver/abandoned.csv", Decision.WOULD_REMOVE),
              Map.entry("silver/live.csv", Decision.KEPT_REFERENCED));
      assertThat(leftovers("")).hasSize(4);

      SweepReport swept = sweeper.deleting(true).build().sweep();
      assertThat(decisions(swept))
          .containsOnly(
              Map.entry("silver/crashed.csv", Decision.REMOVED),
              Map.entry("silver/abandoned.csv", Decision.REMOVED),
              Map.entry("silver/live.csv", Decision.KEPT_REFERENCED));
      assertThat(leftovers(""))
          .extracting(Leftover::key)
          .containsExactlyInAnyOrder("silver/live.csv", "gold/other.csv");
      assertThat(rows("_chunks")).isEqualTo(3); // only the published file's chunks

      // the crashed writer cannot publish what was swept
      assertThatThrownBy(crashed::close).isInstanceOf(NotFound.class).hasMessageContaining("sweep");
      assertThat(store.exists("silver/crashed.csv")).isFalse();
      assertThat(rows("_chunks")).isEqualTo(3);

      // the referenced upload is resumed and committed
      RecoverableUploads.Upload resumed =
          store.recoverableUploads().recover("silver/live.csv", live);
      resumed.write(bytes(10, 'm'), 0, 10);
      store.recoverableUploads().commit("silver/live.csv", resumed.closeForCommit());
      byte[] expected = new byte[2110];
      Arrays.fill(expected, 0, 2100, (byte) 'l');
      Arrays.fill(expected, 2100, 2110, (byte) 'm');
      assertThat(store.readBytes("silver/live.csv")).isEqualTo(expected);
      assertThat(store.readBytes("silver/real.csv")).isEqualTo(bytes(3000, 'p'));
      assertThat(leftovers("silver")).isEmpty();
    }

    @Test
    void finishedAndAbortedWritesLeaveNothingToList() throws Exception {
      store.write("a/big.bin", bytes(5000, 'b'), false);
      Store.AtomicOutputStream aborted = store.openAtomic("a/aborted.bin", false);
      aborted.write(bytes(3000, 'x'));
      aborted.abort();
      RecoverableUploads.Upload upload = store.recoverableUploads().create("a/upload.bin");
      upload.write(bytes(2048, 'u'), 0, 2048);
      upload.persist();
      store.recoverableUploads().commit("a/upload.bin", upload.closeForCommit());
      assertThat(leftovers("")).isEmpty();
      assertThat(rows("_staging")).isZero();
      assertThat(store.readBytes("a/upload.bin")).isEqualTo(bytes(2048, 'u'));
    }

    @Test
    void removingSomethingElseIsRefused() throws Exception {
      store.write("a/b.bin", bytes(10, 'b'), false);
      LeftoverSupport support = store.unwrap(LeftoverSupport.class).orElseThrow();
      assertThatThrownBy(
              () ->
                  support.removeLeftover(
                      new Leftover("a/b.bin", LeftoverSupport.KIND_TEMPORARY_FILE, "x", null, 1)))
          .isInstanceOf(org.remotestore.InvalidPath.class);
      assertThat(store.readBytes("a/b.bin")).isEqualTo(bytes(10, 'b'));
    }

    private static Map<String, Decision> decisions(SweepReport report) {
      return report.entries().stream()
          .collect(Collectors.toMap(e -> e.leftover().key(), SweepReport.Entry::decision));
    }
  }
}
