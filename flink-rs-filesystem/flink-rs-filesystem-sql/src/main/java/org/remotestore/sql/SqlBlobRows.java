package org.remotestore.sql;

import java.net.URLConnection;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import org.remotestore.AlreadyExists;

/**
 * The statements that change rows of the main table, each run inside the caller's transaction: lock
 * a key's row, publish a row (insert, or replace when overwriting, dropping the replaced content),
 * and fresh content ids.
 */
final class SqlBlobRows {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PUBLISH_ATTEMPTS = 5;
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "csv", "text/csv",
          "jsonl", "application/jsonl",
          "json", "application/json",
          "parquet", "application/vnd.apache.parquet",
          "txt", "text/plain");

  private final SqlBlobSettings settings;
  private final String backend;

  /** The values of a row to publish. {@code data} is the inline content or {@code null}. */
  record Row(
      long blobId,
      long size,
      long modifiedAt,
      String contentType,
      String digest,
      int chunkSize,
      byte[] data) {}

  SqlBlobRows(SqlBlobSettings settings, String backend) {
    this.settings = settings;
    this.backend = backend;
  }

  /** A new content id: random, positive, never reused in practice. */
  static long newId() {
    return RANDOM.nextLong() & Long.MAX_VALUE | 1L;
  }

  /** A content type guessed from the key's extension, or {@code null}. */
  static String contentType(String key) {
    int dot = key.lastIndexOf('.');
    if (dot >= 0 && dot > key.lastIndexOf('/')) {
      String known = CONTENT_TYPES.get(key.substring(dot + 1).toLowerCase(Locale.ROOT));
      if (known != null) {
        return known;
      }
    }
    return URLConnection.guessContentTypeFromName(key);
  }

  /** The content id of {@code key}, locking its row (PostgreSQL), or {@code null}. */
  Long lock(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT blob_id FROM "
                + settings.table()
                + " WHERE key = ?"
                + settings.connection().dialect().forUpdate())) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** Deletes the chunks of a content id. */
  void deleteChunks(Connection c, long blobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + settings.chunkTable() + " WHERE blob_id = ?")) {
      ps.setLong(1, blobId);
      ps.executeUpdate();
    }
  }

  /** Deletes the row of {@code key} and its chunks; returns whether there was one. */
  boolean deleteRow(Connection c, String key) throws SQLException {
    Long old = lock(c, key);
    if (old == null) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + settings.table() + " WHERE key = ?")) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
    deleteChunks(c, old);
    return true;
  }

  /**
   * Makes {@code row} the content of {@code key}, inside the caller's transaction.
   *
   * @throws AlreadyExists when a file exists and {@code overwrite} is false
   */
  void publish(Connection c, String key, Row row, boolean overwrite)
      throws SQLException, AlreadyExists {
    for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
      Long old = lock(c, key);
      if (old != null) {
        if (!overwrite) {
          throw alreadyExists(key);
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + settings.table()
                    + " SET blob_id = ?, size = ?, modified_at = ?, content_type = ?, digest = ?,"
                    + " metadata = NULL, chunk_size = ?, data = ? WHERE key = ?")) {
          bind(ps, row);
          ps.setString(8, key);
          ps.executeUpdate();
        }
        if (old != row.blobId()) {
          deleteChunks(c, old);
        }
        return;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + settings.table()
                  + " (blob_id, size, modified_at, content_type, digest, chunk_size, data, key)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")) {
        bind(ps, row);
        ps.setString(8, key);
        if (ps.executeUpdate() == 1) {
          return;
        }
      }
      if (!overwrite) {
        throw alreadyExists(key); // a concurrent writer published first
      }
    }
    throw new SQLException("Could not publish '" + key + "' amid concurrent writers", "40001");
  }

  private void bind(PreparedStatement ps, Row row) throws SQLException {
    ps.setLong(1, row.blobId());
    ps.setLong(2, row.size());
    ps.setLong(3, row.modifiedAt());
    setText(ps, 4, row.contentType());
    setText(ps, 5, row.digest());
    ps.setInt(6, row.chunkSize());
    if (row.data() == null) {
      ps.setNull(7, Types.BINARY);
    } else {
      ps.setBytes(7, row.data());
    }
  }

  private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  AlreadyExists alreadyExists(String key) {
    return new AlreadyExists(
        "File exists: '" + key + "' in SQL backend '" + backend + "' and overwrite is false",
        backend,
        key);
  }
}
