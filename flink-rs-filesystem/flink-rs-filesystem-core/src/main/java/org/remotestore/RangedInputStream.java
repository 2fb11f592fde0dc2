package org.remotestore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one seekable read stream of the project: it fetches bounded byte ranges lazily with {@link
 * Store#readRange(String, long, long)}. Nothing is fetched until the first read; a range, once
 * open, is reused by sequential reads and by short forward seeks (skipped within it), and is closed
 * by any other seek; so reading a Parquet footer fetches the footer, not the file.
 */
final class RangedInputStream extends SeekableInputStream {
  /** Forward seeks of at most this many bytes are served by skipping within the open range. */
  static final long SKIP_WITHIN_RANGE_BYTES = 128 * 1024;

  private final Store store;
  private final String path;
  private final long length;
  private final long rangeBytes;

  private InputStream range;
  private long rangeEnd;
  private long position;
  private boolean closed;

  RangedInputStream(Store store, String path, long length, long rangeBytes) {
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("rangeBytes must be at least 1, was " + rangeBytes);
    }
    this.store = store;
    this.path = path;
    this.length = length;
    this.rangeBytes = rangeBytes;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void seek(long desired) throws IOException {
    ensureOpen();
    if (desired < 0) {
      throw new EOFException(
          "Cannot seek to negative position " + desired + " in '" + path + "' of " + store.name());
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
    long skipped = Math.max(0, target - position);
    seek(Math.max(position, target));
    return skipped;
  }

  @Override
  public int available() {
    if (range == null || closed) {
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
        "File '"
            + path
            + "' in store "
            + store.name()
            + " ended at "
            + position
            + ", expected "
            + length
            + " bytes (was it replaced while being read?)");
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream for '" + path + "' in store " + store.name() + " is closed");
    }
  }
}
