package org.remotestore.sql;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.function.Function;

/**
 * The output of one running query as bytes: rows are encoded one at a time as the reader asks for
 * them (the driver fetches {@code fetch-size} rows per round trip), so that a large result never
 * sits in memory. Holds its connection until closed.
 */
final class QueryResultStream extends InputStream {
  private final Connection connection;
  private final Statement statement;
  private final ResultSet rows;
  private final RowEncoder encoder;
  private final Function<SQLException, IOException> errors;
  private final Runnable onClose;
  private byte[] current;
  private int index;
  private boolean ended;
  private boolean exhausted;
  private boolean closed;
  private long produced;
  private java.util.function.LongConsumer onEnd;

  QueryResultStream(
      Connection connection,
      Statement statement,
      ResultSet rows,
      RowEncoder encoder,
      Function<SQLException, IOException> errors,
      Runnable onClose)
      throws SQLException, IOException {
    this.connection = connection;
    this.statement = statement;
    this.rows = rows;
    this.encoder = encoder;
    this.errors = errors;
    this.onClose = onClose;
    this.current = encoder.start();
  }

  /** Calls {@code listener} with the total byte count when the reader reaches the end. */
  void onEnd(java.util.function.LongConsumer listener) {
    this.onEnd = listener;
  }

  private boolean fill() throws IOException {
    while (index >= current.length) {
      if (exhausted) {
        return false;
      }
      try {
        if (ended) {
          exhausted = true;
          current = new byte[0];
          if (onEnd != null) {
            onEnd.accept(produced);
          }
        } else if (rows.next()) {
          current = encoder.row(rows);
        } else {
          ended = true;
          current = encoder.end();
        }
      } catch (SQLException e) {
        throw errors.apply(e);
      }
      index = 0;
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("Query stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    int total = 0;
    while (total < len && fill()) {
      int n = Math.min(len - total, current.length - index);
      System.arraycopy(current, index, b, off + total, n);
      index += n;
      total += n;
      produced += n;
    }
    return total == 0 ? -1 : total;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    encoder.close();
    try {
      rows.close();
      statement.close();
    } catch (SQLException e) {
      // the connection is rolled back and checked by the pool
    }
    onClose.run();
  }
}
