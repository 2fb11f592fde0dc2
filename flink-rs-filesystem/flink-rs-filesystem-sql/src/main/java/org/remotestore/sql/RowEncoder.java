package org.remotestore.sql;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Turns the rows of one running query into the bytes of a virtual file, a piece at a time: {@link
 * QueryResultStream} asks for the start, then one piece per row, then the end. A piece may be empty
 * (a Parquet row group is emitted only when it is full).
 */
interface RowEncoder extends AutoCloseable {
  /** The bytes before the first row (a CSV header, Parquet's magic number). */
  byte[] start() throws SQLException, IOException;

  /** The bytes the current row of {@code rows} adds; may be empty. */
  byte[] row(ResultSet rows) throws SQLException, IOException;

  /** The bytes after the last row (Parquet's last row group and footer). */
  byte[] end() throws SQLException, IOException;

  /** Releases what the encoder holds when the stream is closed early; never throws. */
  @Override
  default void close() {}
}
