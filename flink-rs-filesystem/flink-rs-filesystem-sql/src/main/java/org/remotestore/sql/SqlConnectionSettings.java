package org.remotestore.sql;

import java.time.Duration;
import java.util.Objects;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * The connection options both SQL backend types share: {@code url}, {@code user}, {@code password}
 * (write it as {@code ${VAR}}), {@code pool-size} and {@code timeout}. Immutable; the password is
 * never shown by {@link #toString()}.
 *
 * @param backend the backend name
 * @param url the JDBC URL
 * @param user the database user, or {@code null}
 * @param password the password, or {@code null}
 * @param dialect the dialect chosen from the URL
 * @param poolSize the most connections open at once
 * @param timeout how long to wait for a connection (and, on SQLite, for the write lock)
 */
public record SqlConnectionSettings(
    String backend,
    String url,
    String user,
    String password,
    SqlDialect dialect,
    int poolSize,
    Duration timeout) {

  /** Option: the JDBC URL. */
  public static final String URL = "url";

  /** Option: the database user. */
  public static final String USER = "user";

  /** Option: the password (secret). */
  public static final String PASSWORD = "password";

  /** Option: the most connections open at once (default 8). */
  public static final String POOL_SIZE = "pool-size";

  /** Option: connect and lock wait timeout (default 30s). */
  public static final String TIMEOUT = "timeout";

  /** Validates the record. */
  public SqlConnectionSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Reads the shared options.
   *
   * @throws ConfigException naming the key at fault
   */
  public static SqlConnectionSettings from(BackendConfig config) {
    String url = config.require(URL);
    SqlDialect dialect = SqlDialect.fromUrl(url, config.key(URL));
    int poolSize = config.getInt(POOL_SIZE, 8);
    if (poolSize < 1 || poolSize > 256) {
      throw new ConfigException(
          config.key(POOL_SIZE), config.key(POOL_SIZE) + " must be between 1 and 256");
    }
    Duration timeout = config.getDuration(TIMEOUT, Duration.ofSeconds(30));
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigException(config.key(TIMEOUT), config.key(TIMEOUT) + " must be positive");
    }
    return new SqlConnectionSettings(
        config.name(), url, config.get(USER), config.get(PASSWORD), dialect, poolSize, timeout);
  }

  /** The URL without its query string, which may carry credentials. */
  public String safeUrl() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?****";
  }

  /** Shows everything but the password (and the URL's query). */
  @Override
  public String toString() {
    return "SqlConnectionSettings{backend="
        + backend
        + ", url="
        + safeUrl()
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "****")
        + ", dialect="
        + dialect
        + ", poolSize="
        + poolSize
        + ", timeout="
        + timeout
        + "}";
  }
}
