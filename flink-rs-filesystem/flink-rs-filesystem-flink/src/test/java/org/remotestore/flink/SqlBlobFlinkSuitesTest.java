package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * Flink's {@code FileSystemBehaviorTestSuite} and {@code AbstractRecoverableWriterTest} through
 * rs:// on the sql-blob backend, on a real PostgreSQL server and on SQLite. The nested classes run
 * one after the other (Flink's writer suite keeps its file system in a static field, reset by
 * {@link AbstractRsRecoverableWriterTest}).
 *
 * <p>As on S3, a staged write is invisible (rows of the staging table, not a visible in-progress
 * file), and every persisted state stays recoverable on its own; Flink's five tests that expect a
 * visible, truncatable in-progress file are replaced by {@link
 * SqlRecoverableWriterSuite#recoverFromEachPersistPointThenCommit} and {@link
 * SqlRecoverableWriterSuite#olderStateStaysRecoverableAndIsCleanedUp}, which also check that no
 * staged row is left behind.
 */
class SqlBlobFlinkSuitesTest {
  private static final String USER = "postgres";
  private static final String PASSWORD = "checked-by-nobody";
  private static final String PG_URL;
  private static final String SQLITE_URL;

  static {
    PostgresTestServer server = PostgresTestServer.shared();
    PG_URL = server.url(server.newDatabase("flink_suites"));
    try {
      SQLITE_URL =
          "jdbc:sqlite:"
              + Files.createTempDirectory("rs-sql-flink").resolve("suites.db").toAbsolutePath();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Configuration PG_BEHAVIOR = conf("sqlbehaviorpg", PG_URL, "behavior");
  private static final Configuration PG_WRITER = conf("sqlwriterpg", PG_URL, "writer");
  private static final Configuration SQLITE_BEHAVIOR =
      conf("sqlbehaviorlite", SQLITE_URL, "behavior");
  private static final Configuration SQLITE_WRITER = conf("sqlwriterlite", SQLITE_URL, "writer");

  /** A store on a sql-blob backend with small chunks (so that multi-chunk paths run). */
  static Configuration conf(String store, String url, String table) {
    Configuration conf = new Configuration();
    String backend = store + "-sql";
    conf.setString("rs.backends." + backend + ".type", "sql-blob");
    conf.setString("rs.backends." + backend + ".url", url);
    if (url.startsWith("jdbc:postgresql:")) {
      conf.setString("rs.backends." + backend + ".user", USER);
      conf.setString("rs.backends." + backend + ".password", PASSWORD);
    }
    conf.setString("rs.backends." + backend + ".table", table);
    conf.setString("rs.backends." + backend + ".chunk-size", "1kb");
    conf.setString("rs.stores." + store + ".backend", backend);
    return conf;
  }

  @Nested
  class PostgresBehavior extends AbstractRsFileSystemBehaviorTest {
    @Override
    protected Configuration rsConfiguration() {
      return PG_BEHAVIOR;
    }

    @Override
    protected String storeName() {
      return "sqlbehaviorpg";
    }
  }

  @Nested
  class SqliteBehavior extends AbstractRsFileSystemBehaviorTest {
    @Override
    protected Configuration rsConfiguration() {
      return SQLITE_BEHAVIOR;
    }

    @Override
    protected String storeName() {
      return "sqlbehaviorlite";
    }
  }

  @Nested
  class PostgresRecoverableWriter extends SqlRecoverableWriterSuite {
    PostgresRecoverableWriter() {
      super(PG_WRITER, "sqlwriterpg", PG_URL);
    }
  }

  @Nested
  class SqliteRecoverableWriter extends SqlRecoverableWriterSuite {
    SqliteRecoverableWriter() {
      super(SQLITE_WRITER, "sqlwriterlite", SQLITE_URL);
    }
  }

  /** Flink's writer suite on one sql-blob store, with the object-store replacements. */
  @ExtendWith(RsS3RecoverableWriterTest.FileSystemOnlyTests.class)
  abstract static class SqlRecoverableWriterSuite extends AbstractRsRecoverableWriterTest {
    private static final String DATA1 = "first chunk of data; ";
    private static final String DATA2 = "second chunk; ";
    private static final String DATA3 = "third.";

    private final Configuration conf;
    private final String store;
    private final String url;

    SqlRecoverableWriterSuite(Configuration conf, String store, String url) {
      this.conf = conf;
      this.store = store;
      this.url = url;
    }

    @Override
    protected Configuration rsConfiguration() {
      return conf;
    }

    @Override
    protected String storeName() {
      return store;
    }

    private FileSystem fs() throws IOException {
      return RsTestStores.fileSystem(conf, store);
    }

    private Path newDir() {
      return new Path("rs://" + store + "/sql-recoverable/" + System.nanoTime());
    }

    private long stagedRowsFor(Path file) throws Exception {
      try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
          PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM writer_staging WHERE target_key = ?")) {
        ps.setString(1, file.getPath().substring(1));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    private List<String> visibleNames(Path dir) throws IOException {
      List<String> names = new ArrayList<>();
      FileStatus[] listed = fs().listStatus(dir);
      if (listed != null) {
        for (FileStatus status : listed) {
          names.add(status.getPath().getName());
        }
      }
      return names;
    }

    private String read(Path file) throws IOException {
      try (FSDataInputStream in = fs().open(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    private static void write(RecoverableFsDataOutputStream out, String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Persist points 0..3 (empty; after DATA1; again without new data; after DATA2), each restored
     * in a fresh writer from its serialized form, continued and committed; then Flink cleans up
     * every state, and no staged row remains.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void recoverFromEachPersistPointThenCommit(int point) throws Exception {
      Path dir = newDir();
      Path target = new Path(dir, "part-0");
      RecoverableWriter writer = fs().createRecoverableWriter();
      List<RecoverableWriter.ResumeRecoverable> states = new ArrayList<>();
      try (RecoverableFsDataOutputStream out = writer.open(target)) {
        states.add(out.persist());
        write(out, DATA1);
        states.add(out.persist());
        states.add(out.persist());
        write(out, DATA2);
        states.add(out.persist());
        write(out, "never persisted");
      }
      SimpleVersionedSerializer<RecoverableWriter.ResumeRecoverable> serializer =
          writer.getResumeRecoverableSerializer();
      byte[] bytes = serializer.serialize(states.get(point));
      RecoverableWriter fresh = fs().createRecoverableWriter();
      RecoverableWriter.ResumeRecoverable restored =
          fresh.getResumeRecoverableSerializer().deserialize(serializer.getVersion(), bytes);
      try (RecoverableFsDataOutputStream resumed = fresh.recover(restored)) {
        assertThat(visibleNames(dir)).as("nothing visible before commit").isEmpty();
        write(resumed, DATA3);
        resumed.closeForCommit().commit();
      }
      String expected =
          switch (point) {
            case 0 -> DATA3;
            case 1, 2 -> DATA1 + DATA3;
            default -> DATA1 + DATA2 + DATA3;
          };
      assertThat(visibleNames(dir)).containsExactly("part-0");
      assertThat(read(target)).isEqualTo(expected);
      assertThat(fresh.requiresCleanupOfRecoverableState()).isTrue();
      for (RecoverableWriter.ResumeRecoverable state : states) {
        fresh.cleanupRecoverableState(state);
      }
      assertThat(stagedRowsFor(target)).as("staged rows left behind").isZero();
    }

    @Test
    void olderStateStaysRecoverableAndIsCleanedUp() throws Exception {
      Path target = new Path(newDir(), "part-0");
      RecoverableWriter writer = fs().createRecoverableWriter();
      RecoverableWriter.ResumeRecoverable first;
      RecoverableWriter.ResumeRecoverable second;
      try (RecoverableFsDataOutputStream out = writer.open(target)) {
        write(out, DATA1);
        first = out.persist();
        write(out, DATA2);
        second = out.persist();
        write(out, DATA3);
      }
      try (RecoverableFsDataOutputStream older = writer.recover(first)) {
        assertThat(older.getPos()).isEqualTo(DATA1.length());
        write(older, "written after recovering the older state");
      }
      try (RecoverableFsDataOutputStream newer = writer.recover(second)) {
        assertThat(newer.getPos()).isEqualTo(DATA1.length() + DATA2.length());
        assertThat(writer.cleanupRecoverableState(first)).isTrue();
        newer.closeForCommit().commit();
      }
      assertThat(read(target)).isEqualTo(DATA1 + DATA2);
      assertThat(stagedRowsFor(target)).isZero();
    }
  }
}
