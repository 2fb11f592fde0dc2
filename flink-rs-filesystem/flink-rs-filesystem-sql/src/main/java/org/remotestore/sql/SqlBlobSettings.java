package org.remotestore.sql;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * Immutable configuration of a {@code sql-blob} backend: the connection, the table, the chunk size
 * of large objects, the maximum blob size and whether to create missing tables.
 *
 * @param connection the connection options
 * @param table the main table (optionally {@code schema.table}); the chunk and staging tables are
 *     named {@code <table>_chunks} and {@code <table>_staging}
 * @param chunkSize bytes per stored chunk; an object of at most this size is kept in the main row
 * @param maxBlobSize the largest object accepted, in bytes
 * @param createTables whether missing tables are created
 */
public record SqlBlobSettings(
    SqlConnectionSettings connection,
    String table,
    int chunkSize,
    long maxBlobSize,
    boolean createTables) {

  /** Option: the table name (default {@code rs_blobs}). */
  public static final String TABLE = "table";

  /** Option: the chunk size (default 1mb, from 1kb to 64mb). */
  public static final String CHUNK_SIZE = "chunk-size";

  /** Option: the maximum blob size (default: no limit). */
  public static final String MAX_BLOB_SIZE = "max-blob-size";

  /** Option: whether to create missing tables (default true). */
  public static final String CREATE_TABLES = "create-tables";

  /** Every option of the {@code sql-blob} type. */
  public static final Set<String> OPTIONS =
      Set.of(
          SqlConnectionSettings.URL,
          SqlConnectionSettings.USER,
          SqlConnectionSettings.PASSWORD,
          SqlConnectionSettings.POOL_SIZE,
          SqlConnectionSettings.TIMEOUT,
          TABLE,
          CHUNK_SIZE,
          MAX_BLOB_SIZE,
          CREATE_TABLES);

  private static final Pattern TABLE_NAME =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,40}\\.)?[A-Za-z_][A-Za-z0-9_]{0,40}");

  /** Validates the record. */
  public SqlBlobSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(table, "table");
  }

  /**
   * Reads the options.
   *
   * @throws ConfigException naming the key at fault
   */
  public static SqlBlobSettings from(BackendConfig config) {
    SqlConnectionSettings connection = SqlConnectionSettings.from(config);
    String table = config.get(TABLE, "rs_blobs");
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new ConfigException(
          config.key(TABLE),
          "Malformed table name '"
              + table
              + "' for "
              + config.key(TABLE)
              + ": letters, digits and _ (optionally schema.table)");
    }
    long chunk = config.getBytes(CHUNK_SIZE, 1L << 20);
    if (chunk < 1024 || chunk > 64L << 20) {
      throw new ConfigException(
          config.key(CHUNK_SIZE), config.key(CHUNK_SIZE) + " must be between 1kb and 64mb");
    }
    long max = config.getBytes(MAX_BLOB_SIZE, Long.MAX_VALUE);
    if (max < 0) {
      throw new ConfigException(
          config.key(MAX_BLOB_SIZE), config.key(MAX_BLOB_SIZE) + " must not be negative");
    }
    return new SqlBlobSettings(
        connection, table, (int) chunk, max, config.getBoolean(CREATE_TABLES, true));
  }

  /** The table of chunks of objects larger than one chunk. */
  public String chunkTable() {
    return table + "_chunks";
  }

  /** The table of staged chunks of resumable (Flink) writes. */
  public String stagingTable() {
    return table + "_staging";
  }
}
