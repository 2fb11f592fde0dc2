package org.remotestore.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * The three tables of a {@code sql-blob} backend, created when missing and checked for shape:
 *
 * <ul>
 *   <li>{@code <table>}: one row per file: {@code key} (primary key), {@code blob_id} (names the
 *       content version; the entity tag), {@code size}, {@code modified_at} (epoch milliseconds),
 *       {@code content_type}, {@code digest} ({@code sha256:<hex>} when known), {@code metadata}
 *       (user metadata, JSON text), {@code chunk_size}, and {@code data}: the content itself when
 *       it fits in one chunk, otherwise {@code NULL}.
 *   <li>{@code <table>_chunks}: the content of larger files, {@code (blob_id, seq, data)}, chunk
 *       {@code seq} holding bytes {@code [seq * chunk_size, (seq + 1) * chunk_size)}.
 *   <li>{@code <table>_staging}: staged chunks of resumable writes, {@code (upload_id, seq,
 *       target_key, created_at, data)}, moved into the chunk table by the commit.
 * </ul>
 */
final class SqlBlobSchema {
  static final List<String> MAIN_COLUMNS =
      List.of(
          "key",
          "blob_id",
          "size",
          "modified_at",
          "content_type",
          "digest",
          "metadata",
          "chunk_size",
          "data");
  static final List<String> CHUNK_COLUMNS = List.of("blob_id", "seq", "data");
  static final List<String> STAGING_COLUMNS =
      List.of("upload_id", "seq", "target_key", "created_at", "data");

  private SqlBlobSchema() {}

  /** Creates missing tables (when allowed) and checks that every table has every column. */
  static void ensure(Connection c, SqlBlobSettings settings, BackendConfig config)
      throws SQLException {
    SqlDialect d = settings.connection().dialect();
    String bin = d.binaryType();
    if (settings.createTables()) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + settings.table()
                + " (key TEXT"
                + d.keyCollation()
                + " NOT NULL PRIMARY KEY, blob_id BIGINT NOT NULL, size BIGINT NOT NULL,"
                + " modified_at BIGINT NOT NULL, content_type TEXT, digest TEXT, metadata TEXT,"
                + " chunk_size INTEGER NOT NULL, data "
                + bin
                + ")");
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + settings.chunkTable()
                + " (blob_id BIGINT NOT NULL, seq INTEGER NOT NULL, data "
                + bin
                + " NOT NULL, PRIMARY KEY (blob_id, seq))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + settings.stagingTable()
                + " (upload_id BIGINT NOT NULL, seq INTEGER NOT NULL, target_key TEXT NOT NULL,"
                + " created_at BIGINT NOT NULL, data "
                + bin
                + " NOT NULL, PRIMARY KEY (upload_id, seq))");
      }
    }
    String tableKey = config.key(SqlBlobSettings.TABLE);
    check(c, settings.table(), MAIN_COLUMNS, tableKey);
    check(c, settings.chunkTable(), CHUNK_COLUMNS, tableKey);
    check(c, settings.stagingTable(), STAGING_COLUMNS, tableKey);
  }

  private static void check(Connection c, String table, List<String> columns, String tableKey)
      throws SQLException {
    if (probe(c, "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE 1 = 0")) {
      return;
    }
    if (!probe(c, "SELECT * FROM " + table + " WHERE 1 = 0")) {
      throw new ConfigException(
          tableKey,
          "Table '"
              + table
              + "' does not exist and "
              + tableKey.replace(SqlBlobSettings.TABLE, SqlBlobSettings.CREATE_TABLES)
              + " is false (or the user may not read it)");
    }
    for (String column : columns) {
      if (!probe(c, "SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
        throw new ConfigException(
            tableKey,
            "Table '"
                + table
                + "' (from "
                + tableKey
                + ") has the wrong shape: column '"
                + column
                + "' is missing; expected columns "
                + columns);
      }
    }
  }

  private static boolean probe(Connection c, String sql) throws SQLException {
    boolean auto = c.getAutoCommit();
    try (Statement s = c.createStatement()) {
      s.executeQuery(sql).close();
      return true;
    } catch (SQLException e) {
      if (SqlErrors.isTransient(e)) {
        throw e;
      }
      if (!auto) {
        c.rollback();
      }
      return false;
    }
  }
}
