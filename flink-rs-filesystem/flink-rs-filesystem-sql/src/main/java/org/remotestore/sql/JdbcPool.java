package org.remotestore.sql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.remotestore.BackendUnavailable;
import org.remotestore.ConfigException;
import org.remotestore.RemoteStoreException;

/**
 * A small pool of JDBC connections. The driver is found with {@link ServiceLoader} on this class's
 * class loader and called directly ({@link Driver#connect}), never through {@link
 * java.sql.DriverManager}, so that a driver jar next to the plugin in Flink's {@code plugins/rs/}
 * is found inside the plugin class loader.
 *
 * <p>At most {@code maxSize} connections are open; a borrower waits up to the connect timeout for
 * one. Idle connections are checked with {@link Connection#isValid(int)} before reuse. The password
 * lives only in the driver properties and never appears in a message or {@link #toString()}.
 */
final class JdbcPool implements AutoCloseable {
  private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String backend;
  private final String url;
  private final Properties properties;
  private final Driver driver;
  private final Semaphore permits;
  private final Duration waitTimeout;
  private final Deque<Idle> idle = new ArrayDeque<>();
  private boolean closed;

  private record Idle(Connection connection, long since) {}

  /**
   * Creates a pool; connects lazily.
   *
   * @param settings the backend's connection settings
   * @param urlKey the configuration key of the URL, named when no driver accepts it
   */
  JdbcPool(SqlConnectionSettings settings, String urlKey) {
    this.backend = settings.backend();
    this.url = settings.url();
    this.properties = settings.dialect().connectionProperties(settings.timeout().toMillis());
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    if (settings.dialect() == SqlDialect.POSTGRESQL) {
      long seconds = Math.max(1, settings.timeout().toSeconds());
      properties.setProperty("connectTimeout", Long.toString(seconds));
      properties.setProperty("loginTimeout", Long.toString(seconds));
    }
    this.driver = findDriver(url, urlKey);
    this.permits = new Semaphore(settings.poolSize(), true);
    this.waitTimeout = settings.timeout();
  }

  private static Driver findDriver(String url, String urlKey) {
    ClassLoader loader = JdbcPool.class.getClassLoader();
    try {
      for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
        try {
          if (candidate.acceptsURL(url)) {
            return candidate;
          }
        } catch (SQLException e) {
          // not this driver
        }
      }
    } catch (ServiceConfigurationError e) {
      // a broken driver jar: fall through to the error below
    }
    String hint =
        url.startsWith("jdbc:sqlite:")
            ? " (add the sqlite-jdbc jar next to the plugin, in plugins/rs/, or to the class path)"
            : "";
    throw new ConfigException(
        urlKey, "No JDBC driver on the class path accepts the URL of " + urlKey + hint);
  }

  /** A connection for one operation; give it back with {@link #release(Connection, boolean)}. */
  Connection borrow() throws RemoteStoreException {
    try {
      if (!permits.tryAcquire(waitTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BackendUnavailable(
            "No free database connection of backend '"
                + backend
                + "' within "
                + waitTimeout.toMillis()
                + " ms (pool-size too small for the parallelism?)",
            backend,
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailable(
          "Interrupted waiting for a database connection", backend, null, e);
    }
    try {
      Connection c = reuse();
      if (c == null) {
        c = driver.connect(url, properties);
        if (c == null) {
          throw new BackendUnavailable("The JDBC driver refused the URL", backend, null);
        }
      }
      c.setAutoCommit(true);
      return c;
    } catch (SQLException e) {
      permits.release();
      throw SqlErrors.map(e, backend, null, "connect");
    } catch (RuntimeException | RemoteStoreException e) {
      permits.release();
      throw e;
    }
  }

  private Connection reuse() {
    while (true) {
      Idle next;
      synchronized (this) {
        next = idle.pollFirst();
      }
      if (next == null) {
        return null;
      }
      try {
        boolean stale = System.nanoTime() - next.since() > VALIDATE_AFTER_IDLE_NANOS;
        if (!next.connection().isClosed() && (!stale || next.connection().isValid(5))) {
          return next.connection();
        }
      } catch (SQLException e) {
        // fall through: discard
      }
      closeQuietly(next.connection());
    }
  }

  /**
   * Gives a connection back.
   *
   * @param broken whether the connection failed and must be discarded
   */
  void release(Connection connection, boolean broken) {
    boolean keep = !broken;
    try {
      if (keep && !connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      keep = false;
    }
    synchronized (this) {
      if (keep && !closed) {
        idle.addFirst(new Idle(connection, System.nanoTime()));
        connection = null;
      }
    }
    if (connection != null) {
      closeQuietly(connection);
    }
    permits.release();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // nothing more to do
    }
  }

  @Override
  public void close() {
    Deque<Idle> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    for (Idle i : toClose) {
      closeQuietly(i.connection());
    }
  }

  @Override
  public String toString() {
    return "JdbcPool{backend=" + backend + "}";
  }
}
