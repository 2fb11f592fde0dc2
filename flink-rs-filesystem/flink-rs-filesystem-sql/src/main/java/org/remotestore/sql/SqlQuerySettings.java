package org.remotestore.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * Immutable configuration of a {@code sql-query} backend: the connection and the named queries,
 * each {@code queries.<file name> = <SELECT ...>}, where the file name's extension picks the
 * format.
 *
 * @param connection the connection options
 * @param queries file name to query, sorted by name
 * @param fetchSize rows fetched per round trip while streaming
 * @param sizeCache how long a measured output size is reused by metadata calls
 * @param parquetRowGroupSize bytes of a Parquet row group (what a {@code .parquet} read holds in
 *     memory at most, about)
 * @param parquetCompression the Parquet codec of {@code .parquet} files
 */
public record SqlQuerySettings(
    SqlConnectionSettings connection,
    Map<String, Query> queries,
    int fetchSize,
    Duration sizeCache,
    long parquetRowGroupSize,
    String parquetCompression) {

  /** The prefix of the query options: {@code queries.<file name>}. */
  public static final String QUERIES = "queries.";

  /** Option: rows per fetch (default 1000). */
  public static final String FETCH_SIZE = "fetch-size";

  /** Option: how long a measured size is reused (default 1min; 0 measures on every call). */
  public static final String SIZE_CACHE = "size-cache";

  /** Option: the row group size of {@code .parquet} files (default 8mb). */
  public static final String PARQUET_ROW_GROUP_SIZE = "parquet.row-group-size";

  /** Option: the codec of {@code .parquet} files: snappy (default), gzip, zstd, uncompressed. */
  public static final String PARQUET_COMPRESSION = "parquet.compression";

  private static final Set<String> CODECS = Set.of("snappy", "gzip", "zstd", "uncompressed");

  /** The fixed options of the {@code sql-query} type (besides {@code queries.<name>}). */
  public static final Set<String> OPTIONS =
      Set.of(
          SqlConnectionSettings.URL,
          SqlConnectionSettings.USER,
          SqlConnectionSettings.PASSWORD,
          SqlConnectionSettings.POOL_SIZE,
          SqlConnectionSettings.TIMEOUT,
          FETCH_SIZE,
          SIZE_CACHE,
          PARQUET_ROW_GROUP_SIZE,
          PARQUET_COMPRESSION);

  /**
   * One named query.
   *
   * @param sql the query text
   * @param format the output format
   * @param key the configuration key defining it, for messages
   */
  public record Query(String sql, QueryFormat format, String key) {}

  /** Validates the record. */
  public SqlQuerySettings {
    Objects.requireNonNull(connection, "connection");
    queries = Map.copyOf(queries);
  }

  /**
   * Reads the options.
   *
   * @throws ConfigException naming the key at fault: no query, an unsupported format, a bad name
   */
  public static SqlQuerySettings from(BackendConfig config) {
    SqlConnectionSettings connection = SqlConnectionSettings.from(config);
    Map<String, Query> queries = new TreeMap<>();
    for (Map.Entry<String, String> e : config.options().entrySet()) {
      if (!e.getKey().startsWith(QUERIES)) {
        continue;
      }
      String name = e.getKey().substring(QUERIES.length());
      String key = config.key(e.getKey());
      if (!validName(name)) {
        throw new ConfigException(
            key,
            key + ": the virtual file name must be a relative path without empty, . or .. parts");
      }
      String sql = e.getValue() == null ? "" : e.getValue().trim();
      if (sql.isEmpty()) {
        throw new ConfigException(key, key + " holds no query");
      }
      queries.put(name, new Query(sql, QueryFormat.of(name, key), key));
    }
    if (queries.isEmpty()) {
      throw new ConfigException(
          config.key("queries"),
          "A sql-query backend needs at least one query: "
              + config.key("queries")
              + ".<name>.csv = SELECT ...");
    }
    int fetch = config.getInt(FETCH_SIZE, 1000);
    if (fetch < 1) {
      throw new ConfigException(config.key(FETCH_SIZE), config.key(FETCH_SIZE) + " must be >= 1");
    }
    long rowGroup = config.getBytes(PARQUET_ROW_GROUP_SIZE, 8L << 20);
    if (rowGroup < 1024 || rowGroup > Integer.MAX_VALUE) {
      throw new ConfigException(
          config.key(PARQUET_ROW_GROUP_SIZE),
          config.key(PARQUET_ROW_GROUP_SIZE) + " must be between 1kb and 2gb");
    }
    String codec = config.get(PARQUET_COMPRESSION, "snappy").trim().toLowerCase(Locale.ROOT);
    if (!CODECS.contains(codec)) {
      throw new ConfigException(
          config.key(PARQUET_COMPRESSION),
          config.key(PARQUET_COMPRESSION) + " must be one of " + new TreeSet<>(CODECS));
    }
    return new SqlQuerySettings(
        connection,
        queries,
        fetch,
        config.getDuration(SIZE_CACHE, Duration.ofMinutes(1)),
        rowGroup,
        codec);
  }

  private static boolean validName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")) {
      return false;
    }
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
