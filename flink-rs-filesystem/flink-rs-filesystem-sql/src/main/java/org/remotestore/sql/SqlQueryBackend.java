package org.remotestore.sql;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.remotestore.BackendConfig;
import org.remotestore.BackendUnavailable;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.spi.Backend;

/**
 * Read-only virtual files whose content is the result of a named SQL query: type {@code sql-query}.
 * Each {@code queries.<name>} option is one file; its extension picks the {@link QueryFormat}.
 * Reading runs the query and streams the encoded rows; listing shows the configured names.
 *
 * <p>A query's output size is not known before it runs, so metadata ({@link #stat(String)})
 * measures it: it runs the query once, counting bytes without keeping them, and reuses that size
 * for {@code size-cache} (default one minute); a read from the start to the end records its size
 * too. Listing runs no query: it shows the names, with the last measured size where one is known
 * and size 0 without a modification time where none is. The modification time reported is the time
 * of that measurement. A failing query is a {@link QueryFailed} naming the file and its key.
 */
public final class SqlQueryBackend implements Backend {

  /** The backend type name. */
  public static final String TYPE = "sql-query";

  private static final Capabilities CAPABILITIES =
      Capabilities.of(Capability.READ, Capability.RANGE_READ, Capability.LIST, Capability.METADATA);

  private final String name;
  private final SqlQuerySettings settings;
  private final JdbcPool pool;
  private final Map<String, Measured> sizes = new ConcurrentHashMap<>();

  private record Measured(long size, Instant at) {}

  /**
   * Creates the backend; nothing connects before the first read.
   *
   * @throws org.remotestore.ConfigException naming the key of a missing or malformed option
   */
  public SqlQueryBackend(BackendConfig config) {
    this.name = Objects.requireNonNull(config, "config").name();
    this.settings = SqlQuerySettings.from(config);
    this.pool = new JdbcPool(settings.connection(), config.key(SqlConnectionSettings.URL));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public boolean isObjectStore() {
    return true;
  }

  private SqlQuerySettings.Query query(String key) throws NotFound {
    SqlQuerySettings.Query q = settings.queries().get(key);
    if (q == null) {
      throw new NotFound(
          "No query named '" + key + "' in sql-query backend '" + name + "'", name, key);
    }
    return q;
  }

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    SqlQuerySettings.Query q = query(key);
    Instant started = Instant.now();
    QueryResultStream in = run(key, q);
    if (offset == 0 && length < 0) {
      in.onEnd(total -> sizes.put(key, new Measured(total, started)));
      return in;
    }
    try {
      in.skipNBytes(offset);
    } catch (java.io.EOFException e) {
      // past the end: an empty range
    } catch (IOException | RuntimeException e) {
      in.close(); // the query failed while skipping: give the connection back
      throw e;
    }
    return length < 0 ? in : new Bounded(in, length);
  }

  /** Runs a query and returns its output stream (holding one pooled connection). */
  private QueryResultStream run(String key, SqlQuerySettings.Query q) throws IOException {
    Connection c = pool.borrow();
    try {
      if (settings.connection().dialect() == SqlDialect.POSTGRESQL) {
        c.setReadOnly(true);
        c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
      }
      PreparedStatement ps =
          c.prepareStatement(q.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      ps.setFetchSize(settings.fetchSize());
      ResultSet rs = ps.executeQuery();
      RowEncoder encoder;
      try {
        encoder = q.format().encoder(rs.getMetaData(), settings);
      } catch (SQLException | IOException | RuntimeException e) {
        rs.close();
        ps.close();
        throw e;
      }
      return new QueryResultStream(
          c, ps, rs, encoder, e -> failed(key, q, e), () -> release(c, false));
    } catch (SQLException e) {
      release(c, SqlErrors.isTransient(e));
      throw failed(key, q, e);
    } catch (IOException | RuntimeException e) {
      release(c, true);
      throw e;
    }
  }

  private void release(Connection c, boolean broken) {
    try {
      if (!broken && settings.connection().dialect() == SqlDialect.POSTGRESQL) {
        c.rollback();
        c.setAutoCommit(true);
        c.setReadOnly(false);
      }
    } catch (SQLException e) {
      broken = true;
    }
    pool.release(c, broken);
  }

  private IOException failed(String key, SqlQuerySettings.Query q, SQLException e) {
    String message =
        "Query '"
            + key
            + "' ("
            + q.key()
            + ") failed on sql-query backend '"
            + name
            + "' (SQLSTATE "
            + e.getSQLState()
            + "): "
            + e.getMessage();
    if (SqlErrors.isTransient(e)) {
      return new BackendUnavailable(message, name, key, e);
    }
    return new QueryFailed(message, name, key, q.key(), e);
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    SqlQuerySettings.Query q = settings.queries().get(key);
    if (q == null) {
      return null;
    }
    Measured m = sizes.get(key);
    Duration ttl = settings.sizeCache();
    if (m == null || ttl.isZero() || m.at().plus(ttl).isBefore(Instant.now())) {
      Instant at = Instant.now();
      long size = 0;
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = run(key, q)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          size += n;
        }
      }
      m = new Measured(size, at);
      sizes.put(key, m);
    }
    return new FileInfo(key, m.size(), m.at(), null, null);
  }

  @Override
  public Level list(String folderKey) {
    String prefix = folderKey.isEmpty() ? "" : folderKey + "/";
    List<FileInfo> files = new ArrayList<>();
    Set<String> folders = new LinkedHashSet<>();
    for (String file : settings.queries().keySet()) {
      if (!file.startsWith(prefix)) {
        continue;
      }
      String rest = file.substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        Measured m = sizes.get(file);
        files.add(
            m == null
                ? new FileInfo(file, 0, null, null, null)
                : new FileInfo(file, m.size(), m.at(), null, null));
      } else {
        folders.add(prefix + rest.substring(0, slash));
      }
    }
    return new Level(files, new ArrayList<>(folders));
  }

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite)
      throws CapabilityNotSupported {
    throw readOnly("write");
  }

  @Override
  public boolean delete(String key) throws CapabilityNotSupported {
    throw readOnly("delete");
  }

  private CapabilityNotSupported readOnly(String operation) {
    return new CapabilityNotSupported(name, TYPE, Capability.WRITE, operation, null);
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "SqlQueryBackend{name="
        + name
        + ", queries="
        + settings.queries().keySet()
        + ", connection="
        + settings.connection()
        + "}";
  }

  /** At most {@code limit} bytes of a stream. */
  private static final class Bounded extends java.io.FilterInputStream {
    private long left;

    Bounded(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
