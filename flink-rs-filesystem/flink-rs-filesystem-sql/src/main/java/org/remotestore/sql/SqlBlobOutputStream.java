package org.remotestore.sql;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.remotestore.NotFound;
import org.remotestore.Store;

/**
 * An atomic write to a {@code sql-blob} backend. Bytes gather in a buffer of one chunk; a file that
 * fits in one chunk is published in its main row, a larger one streams each full chunk into the
 * chunk table under a fresh content id that no row references yet (so it is invisible), and {@link
 * #close()} publishes the row in one transaction. {@link #abort()} deletes the chunks written so
 * far. The SHA-256 of the content becomes the row's digest.
 */
final class SqlBlobOutputStream extends Store.AtomicOutputStream {
  private static final int FIRST_BUFFER = 8192;

  /** How often a running write moves its marker's time forward. */
  private static final long TOUCH_MILLIS = 60_000;

  private final SqlExecutor executor;
  private final SqlBlobSettings settings;
  private final SqlBlobRows rows;
  private final String key;
  private final boolean overwrite;
  private final long blobId = SqlBlobRows.newId();
  private final SqlBlobLeftovers leftovers;
  private long touched;
  private boolean marked;
  private final MessageDigest sha256;
  private byte[] buffer;
  private int used;
  private int chunksWritten;
  private long size;
  private boolean done;

  SqlBlobOutputStream(
      SqlExecutor executor,
      SqlBlobSettings settings,
      SqlBlobRows rows,
      String key,
      boolean overwrite) {
    this.executor = executor;
    this.settings = settings;
    this.rows = rows;
    this.key = key;
    this.overwrite = overwrite;
    this.leftovers = new SqlBlobLeftovers(executor, settings);
    this.buffer = new byte[Math.min(FIRST_BUFFER, settings.chunkSize())];
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (done) {
      throw new IOException("Stream for '" + key + "' is closed or aborted");
    }
    if (size + len > settings.maxBlobSize() || size + len < 0) {
      abort();
      throw new BlobTooLarge(
          executor.backend(),
          key,
          settings.maxBlobSize(),
          "rs.backends." + executor.backend() + "." + SqlBlobSettings.MAX_BLOB_SIZE);
    }
    sha256.update(b, off, len);
    size += len;
    int chunk = settings.chunkSize();
    while (len > 0) {
      if (used == chunk) {
        flushChunk();
      }
      if (used == buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(chunk, buffer.length * 2));
      }
      int n = Math.min(len, buffer.length - used);
      System.arraycopy(b, off, buffer, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  private void flushChunk() throws IOException {
    byte[] data = used == buffer.length ? buffer : Arrays.copyOf(buffer, used);
    int seq = chunksWritten;
    try {
      executor.run(
          "write",
          key,
          c -> {
            long now = System.currentTimeMillis();
            if (seq == 0) {
              marked = true;
              leftovers.mark(c, blobId, key); // the sweeper can tell these chunks' key and age
              touched = now;
            } else if (now - touched > TOUCH_MILLIS) {
              if (!leftovers.touch(c, blobId)) {
                throw swept();
              }
              touched = now;
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO "
                        + settings.chunkTable()
                        + " (blob_id, seq, data) VALUES (?, ?, ?)")) {
              ps.setLong(1, blobId);
              ps.setInt(2, seq);
              ps.setBytes(3, data);
              return ps.executeUpdate();
            }
          });
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    chunksWritten++;
    used = 0;
  }

  @Override
  public synchronized void close() throws IOException {
    if (done) {
      return;
    }
    byte[] inline = null;
    if (chunksWritten == 0) {
      inline = Arrays.copyOf(buffer, used);
    } else if (used > 0) {
      flushChunk();
    }
    done = true;
    buffer = null;
    SqlBlobRows.Row row =
        new SqlBlobRows.Row(
            blobId,
            size,
            System.currentTimeMillis(),
            SqlBlobRows.contentType(key),
            "sha256:" + HexFormat.of().formatHex(sha256.digest()),
            settings.chunkSize(),
            inline);
    try {
      executor.inTransaction(
          "write",
          key,
          c -> {
            if (chunksWritten > 0 && !leftovers.unmark(c, blobId)) {
              throw swept();
            }
            rows.publish(c, key, row, overwrite);
            return null;
          });
    } catch (IOException | RuntimeException e) {
      dropChunks();
      throw e;
    }
  }

  /** The write's marker is gone: a sweep took its chunks for a crashed writer's leftovers. */
  private NotFound swept() {
    return new NotFound(
        "The chunks written so far for '"
            + key
            + "' on sql-blob backend '"
            + executor.backend()
            + "' were removed by a sweep of leftovers (the write ran longer than the sweep's age"
            + " threshold); nothing is published",
        executor.backend(),
        key);
  }

  @Override
  public synchronized void abort() {
    if (done) {
      return;
    }
    done = true;
    buffer = null;
    dropChunks();
  }

  private void dropChunks() {
    if (chunksWritten == 0 && !marked) {
      return;
    }
    try {
      executor.run(
          "abort",
          key,
          c -> {
            rows.deleteChunks(c, blobId);
            leftovers.unmark(c, blobId);
            return null;
          });
    } catch (IOException | RuntimeException e) {
      // unreferenced chunks are invisible; they stay until removed by hand (see README)
    }
  }
}
