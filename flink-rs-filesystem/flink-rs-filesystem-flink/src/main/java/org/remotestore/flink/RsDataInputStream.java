package org.remotestore.flink;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.FSDataInputStream;
import org.remotestore.Store;

/**
 * A seekable stream over one file that fetches bounded byte ranges lazily with {@link
 * Store#readRange(String, long, long)}. Nothing is fetched until the first read; a seek closes the
 * current range unless the target lies a short distance ahead in it, so reading a Parquet footer
 * fetches the footer, not the file.
 */
final class RsDataInputStream extends FSDataInputStream {
  /** Seeks forward by at most this many bytes are served by skipping within the open range. */
  private static final long SKIP_WITHIN_RANGE_BYTES = 128 * 1024;

  private final Store store;
  private final String path;
  private final long length;
  private final long rangeBytes;

  private InputStream range;
  private long rangeEnd;
  private long position;
  private boolean closed;

  /**
   * Creates the stream.
   *
   * @param store the store holding the file
   * @param path the file's path in the store
   * @param length the file's length
   * @param rangeBytes the size of each fetched range
   */
  RsDataInputStream(Store store, String path, long length, long rangeBytes) {
    this.store = store;
    this.path = path;
    this.length = length;
    this.rangeBytes = Math.max(1, rangeBytes);
  }

  @Override
  public void seek(long desired) throws IOException {
    ensureOpen();
    if (desired < 0) {
      throw new EOFException("Cannot seek to negative position " + desired + " in " + path);
    }
    if (desired == position) {
      return;
    }
    if (range != null && desired > position && desired < rangeEnd) {
      long gap = desired - position;
      if (gap <= SKIP_WITHIN_RANGE_BYTES) {
        range.skipNBytes(gap);
        position = desired;
        return;
      }
    }
    closeRange();
    position = desired;
  }

  @Override
  public long getPos() {
    return position;
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    if (!ensureRange()) {
      return -1;
    }
    int b = range.read();
    if (b < 0) {
      throw prematureEnd();
    }
    position++;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int len) throws IOException {
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (!ensureRange()) {
      return -1;
    }
    int wanted = (int) Math.min(len, rangeEnd - position);
    int n = range.read(buffer, offset, wanted);
    if (n < 0) {
      throw prematureEnd();
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long target = Math.min(length, position + n);
    long skipped = target - position;
    seek(target);
    return skipped;
  }

  @Override
  public int available() {
    if (range == null) {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE, rangeEnd - position);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      closeRange();
    }
  }

  /** Opens a range at the current position if none is open; false at the end of the file. */
  private boolean ensureRange() throws IOException {
    if (range != null && position < rangeEnd) {
      return true;
    }
    closeRange();
    if (position >= length) {
      return false;
    }
    long count = Math.min(rangeBytes, length - position);
    range = store.readRange(path, position, count);
    rangeEnd = position + count;
    return true;
  }

  private void closeRange() throws IOException {
    if (range != null) {
      InputStream r = range;
      range = null;
      r.close();
    }
  }

  private IOException prematureEnd() {
    return new EOFException(
        "File "
            + path
            + " in store "
            + store.name()
            + " ended at "
            + position
            + ", expected "
            + length
            + " bytes (was it replaced while being read?)");
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream for " + path + " is closed");
    }
  }
}
