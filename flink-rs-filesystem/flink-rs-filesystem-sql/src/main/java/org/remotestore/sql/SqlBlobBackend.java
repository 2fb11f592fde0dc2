package org.remotestore.sql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.Capabilities;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.ResumableWrites;

/**
 * Files in a database table over JDBC (PostgreSQL or SQLite): type {@code sql-blob}. One row per
 * file in the main table; content up to one chunk in the row, larger content in a chunk table, so
 * that neither a write nor a read ever holds more than one chunk in memory. Every mutation is one
 * transaction: a write publishes its row (and drops the replaced content) at once, a move is an
 * {@code UPDATE} of the key, a copy an {@code INSERT ... SELECT}. Folders are implied by keys, as
 * on an object store. See {@link SqlBlobSchema} for the tables, created on first use.
 *
 * <p>Thread-safe; connections come from a small pool. What crashed writers leave (staged chunks of
 * uncommitted resumable writes, chunks of unpublished writes) is listed and removed through {@link
 * LeftoverSupport}, see {@link SqlBlobLeftovers}.
 */
public final class SqlBlobBackend implements Backend, LeftoverSupport {

  /** The backend type name. */
  public static final String TYPE = "sql-blob";

  private final BackendConfig config;
  private final SqlBlobSettings settings;
  private final SqlExecutor executor;
  private final SqlBlobRows rows;
  private final String keyColumn;
  private volatile boolean schemaReady;

  /**
   * Creates the backend; nothing connects before the first call.
   *
   * @throws org.remotestore.ConfigException naming the key of a missing or malformed option, or of
   *     the URL when no driver accepts it
   */
  public SqlBlobBackend(BackendConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.settings = SqlBlobSettings.from(config);
    this.executor =
        new SqlExecutor(
            config.name(),
            new JdbcPool(settings.connection(), config.key(SqlConnectionSettings.URL)));
    this.rows = new SqlBlobRows(settings, config.name());
    this.keyColumn = "key" + settings.connection().dialect().keyCollation();
  }

  /** The settings (without secrets in their {@code toString()}). */
  public SqlBlobSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.all();
  }

  @Override
  public boolean isObjectStore() {
    return true;
  }

  /** The executor after the tables are ensured (once per backend). */
  SqlExecutor db() throws IOException {
    if (!schemaReady) {
      synchronized (this) {
        if (!schemaReady) {
          try {
            executor.run("create tables", null, this::ensureSchema);
          } catch (IOException first) {
            // two processes creating the same tables at once: the loser checks again
            executor.run("create tables", null, this::ensureSchema);
          }
          schemaReady = true;
        }
      }
    }
    return executor;
  }

  private Void ensureSchema(Connection c) throws SQLException {
    SqlBlobSchema.ensure(c, settings, config);
    return null;
  }

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    Stored s = db().run("read", key, c -> stored(c, key, true));
    if (s == null) {
      throw notFound(key);
    }
    long from = Math.min(offset, s.size());
    long to = length < 0 ? s.size() : Math.min(s.size(), from + length);
    if (s.data() != null) {
      return new ByteArrayInputStream(s.data(), (int) from, (int) (to - from));
    }
    return new SqlChunkInputStream(
        executor, settings.chunkTable(), key, s.blobId(), s.chunkSize(), from, to);
  }

  private record Stored(
      long blobId, long size, long modifiedAt, String digest, int chunkSize, byte[] data) {
    FileInfo info(String key) {
      return new FileInfo(
          key, size, Instant.ofEpochMilli(modifiedAt), Long.toHexString(blobId), digest);
    }
  }

  private Stored stored(Connection c, String key, boolean withData) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT blob_id, size, modified_at, digest, chunk_size"
                + (withData ? ", data" : "")
                + " FROM "
                + settings.table()
                + " WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Stored(
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getString(4),
            rs.getInt(5),
            withData ? rs.getBytes(6) : null);
      }
    }
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    Stored s = db().run("stat", key, c -> stored(c, key, false));
    return s == null ? null : s.info(key);
  }

  /** {@code WHERE} condition selecting every key below {@code folderKey} (binary key order). */
  private String below(String folderKey) {
    return folderKey.isEmpty() ? "1 = 1" : keyColumn + " >= ? AND " + keyColumn + " < ?";
  }

  private static int bindBelow(PreparedStatement ps, int index, String folderKey)
      throws SQLException {
    if (folderKey.isEmpty()) {
      return index;
    }
    ps.setString(index, folderKey + "/");
    ps.setString(index + 1, folderKey + "0"); // '0' follows '/'
    return index + 2;
  }

  @Override
  public List<FileInfo> listRecursive(String folderKey) throws IOException {
    return db().run(
            "list",
            folderKey,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT key, blob_id, size, modified_at, digest FROM "
                          + settings.table()
                          + " WHERE "
                          + below(folderKey)
                          + " ORDER BY "
                          + keyColumn)) {
                bindBelow(ps, 1, folderKey);
                ps.setFetchSize(1000);
                List<FileInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(
                        new Stored(
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getString(5),
                                0,
                                null)
                            .info(rs.getString(1)));
                  }
                }
                return out;
              }
            });
  }

  @Override
  public Level list(String folderKey) throws IOException {
    String prefix = folderKey.isEmpty() ? "" : folderKey + "/";
    List<FileInfo> files = new ArrayList<>();
    Set<String> folders = new LinkedHashSet<>();
    for (FileInfo f : listRecursive(folderKey)) {
      String rest = f.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        files.add(f);
      } else {
        folders.add(prefix + rest.substring(0, slash));
      }
    }
    return new Level(files, new ArrayList<>(folders));
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    return db().run(
            "list",
            folderKey,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT 1 FROM "
                          + settings.table()
                          + " WHERE "
                          + below(folderKey)
                          + " LIMIT 1")) {
                bindBelow(ps, 1, folderKey);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next();
                }
              }
            });
  }

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    if (!overwrite && stat(key) != null) {
      throw rows.alreadyExists(key);
    }
    return new SqlBlobOutputStream(db(), settings, rows, key, overwrite);
  }

  @Override
  public boolean delete(String key) throws IOException {
    return db().inTransaction("delete", key, c -> rows.deleteRow(c, key));
  }

  @Override
  public void deleteFolder(String folderKey) throws IOException {
    db().inTransaction(
            "deleteFolder",
            folderKey,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "DELETE FROM "
                          + settings.chunkTable()
                          + " WHERE blob_id IN (SELECT blob_id FROM "
                          + settings.table()
                          + " WHERE "
                          + below(folderKey)
                          + ")")) {
                bindBelow(ps, 1, folderKey);
                ps.executeUpdate();
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "DELETE FROM " + settings.table() + " WHERE " + below(folderKey))) {
                bindBelow(ps, 1, folderKey);
                return ps.executeUpdate();
              }
            });
  }

  /** Copies in one transaction: the chunks and the row by {@code INSERT ... SELECT}. */
  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    return db().inTransaction(
            "copy",
            targetKey,
            c -> {
              Long source = rows.lock(c, sourceKey);
              if (source == null) {
                throw notFound(sourceKey);
              }
              Long old = sourceKey.equals(targetKey) ? source : rows.lock(c, targetKey);
              if (old != null && !overwrite) {
                throw rows.alreadyExists(targetKey);
              }
              if (sourceKey.equals(targetKey)) {
                return true;
              }
              if (old != null) {
                rows.deleteRow(c, targetKey);
              }
              long blobId = SqlBlobRows.newId();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO "
                          + settings.chunkTable()
                          + " (blob_id, seq, data) SELECT ?, seq, data FROM "
                          + settings.chunkTable()
                          + " WHERE blob_id = ?")) {
                ps.setLong(1, blobId);
                ps.setLong(2, source);
                ps.executeUpdate();
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO "
                          + settings.table()
                          + " (key, blob_id, size, modified_at, content_type, digest, metadata,"
                          + " chunk_size, data) SELECT ?, ?, size, ?, content_type, digest,"
                          + " metadata, chunk_size, data FROM "
                          + settings.table()
                          + " WHERE key = ?")) {
                ps.setString(1, targetKey);
                ps.setLong(2, blobId);
                ps.setLong(3, System.currentTimeMillis());
                ps.setString(4, sourceKey);
                ps.executeUpdate();
              }
              return true;
            });
  }

  /** Moves in one transaction: an {@code UPDATE} of the key (the content stays where it is). */
  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    return db().inTransaction(
            "move",
            targetKey,
            c -> {
              if (rows.lock(c, sourceKey) == null) {
                throw notFound(sourceKey);
              }
              if (sourceKey.equals(targetKey)) {
                return true;
              }
              if (rows.lock(c, targetKey) != null) {
                if (!overwrite) {
                  throw rows.alreadyExists(targetKey);
                }
                rows.deleteRow(c, targetKey);
              }
              try (PreparedStatement ps =
                  c.prepareStatement("UPDATE " + settings.table() + " SET key = ? WHERE key = ?")) {
                ps.setString(1, targetKey);
                ps.setString(2, sourceKey);
                ps.executeUpdate();
              }
              return true;
            });
  }

  @Override
  public ResumableWrites resumableWrites() {
    return new SqlResumableWrites(this, settings, rows);
  }

  /** Lists staged chunks of uncommitted resumable writes and chunks of unpublished writes. */
  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    return new SqlBlobLeftovers(db(), settings).listLeftovers(folderKey);
  }

  /** Removes one listed leftover in one transaction; never a published file. */
  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    return new SqlBlobLeftovers(db(), settings).removeLeftover(leftover);
  }

  @Override
  public void close() {
    executor.close();
  }

  NotFound notFound(String key) {
    return new NotFound(
        "No such file: '" + key + "' in SQL backend '" + config.name() + "'", config.name(), key);
  }

  @Override
  public String toString() {
    return "SqlBlobBackend{name="
        + config.name()
        + ", table="
        + settings.table()
        + ", connection="
        + settings.connection()
        + "}";
  }
}
