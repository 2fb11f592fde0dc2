package org.remotestore.sql;

import java.util.Properties;
import org.remotestore.ConfigException;

/**
 * The SQL differences between the supported databases, chosen from the JDBC URL: column types, the
 * binary key collation and row locks. Everything else the backends send is plain SQL that
 * PostgreSQL and SQLite share.
 */
public enum SqlDialect {
  /** PostgreSQL ({@code jdbc:postgresql:}). */
  POSTGRESQL("BYTEA", " COLLATE \"C\"", " FOR UPDATE"),
  /** SQLite ({@code jdbc:sqlite:}), run in WAL mode with immediate write transactions. */
  SQLITE("BLOB", "", "");

  private final String binaryType;
  private final String keyCollation;
  private final String forUpdate;

  SqlDialect(String binaryType, String keyCollation, String forUpdate) {
    this.binaryType = binaryType;
    this.keyCollation = keyCollation;
    this.forUpdate = forUpdate;
  }

  /**
   * The dialect of a JDBC URL.
   *
   * @param url the JDBC URL
   * @param key the configuration key holding it, named in the error
   * @throws ConfigException when the database is not supported
   */
  public static SqlDialect fromUrl(String url, String key) {
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (url.startsWith("jdbc:sqlite:")) {
      if (url.contains(":memory:") || url.contains("mode=memory")) {
        throw new ConfigException(
            key,
            "An in-memory SQLite database is private to one connection; "
                + key
                + " must name a database file (jdbc:sqlite:/path/to/file.db)");
      }
      return SQLITE;
    }
    throw new ConfigException(
        key,
        "Unsupported JDBC URL for "
            + key
            + ": expected jdbc:postgresql://host/db or jdbc:sqlite:/path/file.db");
  }

  /** The column type for binary data. */
  String binaryType() {
    return binaryType;
  }

  /** The collation clause that orders and compares keys by code point ({@code ""} if native). */
  String keyCollation() {
    return keyCollation;
  }

  /** The row-lock clause appended to a {@code SELECT} inside a write transaction. */
  String forUpdate() {
    return forUpdate;
  }

  /**
   * Driver properties this dialect needs besides user and password: for SQLite WAL journal mode, a
   * busy timeout, and transactions that take the write lock when they begin (so that two writers
   * never deadlock upgrading a read lock).
   */
  Properties connectionProperties(long busyTimeoutMillis) {
    Properties p = new Properties();
    if (this == SQLITE) {
      p.setProperty("journal_mode", "WAL");
      p.setProperty("busy_timeout", Long.toString(busyTimeoutMillis));
      p.setProperty("transaction_mode", "IMMEDIATE");
    }
    return p;
  }
}
