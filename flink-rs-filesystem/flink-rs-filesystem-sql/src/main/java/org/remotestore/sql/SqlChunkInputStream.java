package org.remotestore.sql;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import org.remotestore.NotFound;

/**
 * Reads bytes {@code [from, to)} of a chunked object, one chunk per query, so that at most one
 * chunk is in memory and a ranged read touches only the chunks it needs. No connection is held
 * between chunks. A chunk that vanished (the file was replaced or deleted while being read) ends
 * the stream with {@link NotFound}.
 */
final class SqlChunkInputStream extends InputStream {
  private final SqlExecutor executor;
  private final String chunkTable;
  private final String key;
  private final long blobId;
  private final int chunkSize;
  private final long end;
  private long position;
  private byte[] chunk;
  private long chunkStart = -1;
  private boolean closed;

  SqlChunkInputStream(
      SqlExecutor executor,
      String chunkTable,
      String key,
      long blobId,
      int chunkSize,
      long from,
      long to) {
    this.executor = executor;
    this.chunkTable = chunkTable;
    this.key = key;
    this.blobId = blobId;
    this.chunkSize = chunkSize;
    this.position = from;
    this.end = to;
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
      throw new IOException("Stream of '" + key + "' is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    if (chunk == null || position < chunkStart || position >= chunkStart + chunk.length) {
      load(position / chunkSize);
    }
    int inChunk = (int) (position - chunkStart);
    int n = (int) Math.min(Math.min(len, chunk.length - inChunk), end - position);
    if (n <= 0) {
      throw new NotFound(
          "Chunk of '" + key + "' is shorter than recorded; the file changed while being read",
          executor.backend(),
          key);
    }
    System.arraycopy(chunk, inChunk, b, off, n);
    position += n;
    return n;
  }

  private void load(long seq) throws IOException {
    byte[] data =
        executor.run(
            "read",
            key,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT data FROM " + chunkTable + " WHERE blob_id = ? AND seq = ?")) {
                ps.setLong(1, blobId);
                ps.setInt(2, (int) seq);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getBytes(1) : null;
                }
              }
            });
    if (data == null) {
      throw new NotFound(
          "'" + key + "' was replaced or deleted while being read", executor.backend(), key);
    }
    chunk = data;
    chunkStart = seq * chunkSize;
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, end - position));
    position += k;
    return k;
  }

  @Override
  public int available() {
    if (chunk == null || position < chunkStart) {
      return 0;
    }
    return (int) Math.max(0, Math.min(chunkStart + chunk.length, end) - position);
  }

  @Override
  public void close() {
    closed = true;
    chunk = null;
  }
}
