package org.remotestore.ext.progress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream that reports the bytes read through it: after every read that returned data, but
 * no more often than every {@code stepBytes} bytes, and always once at the end of the stream.
 * Skipped bytes count as read; {@code mark}/{@code reset} are not supported.
 */
public final class ProgressInputStream extends FilterInputStream {
  private final long total;
  private final long stepBytes;
  private final ProgressListener listener;
  private long bytes;
  private long reported = -1;

  /**
   * Wraps {@code in}.
   *
   * @param in the stream
   * @param total the expected total, or {@code -1} when unknown
   * @param stepBytes report at most once per this many bytes (and at the end); {@code 0}: every
   *     read
   * @param listener where progress goes
   */
  public ProgressInputStream(
      InputStream in, long total, long stepBytes, ProgressListener listener) {
    super(Objects.requireNonNull(in, "in"));
    if (stepBytes < 0) {
      throw new IllegalArgumentException("stepBytes < 0: " + stepBytes);
    }
    this.total = total < 0 ? -1 : total;
    this.stepBytes = stepBytes;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Wraps {@code in}, reporting after every read. */
  public ProgressInputStream(InputStream in, long total, ProgressListener listener) {
    this(in, total, 0, listener);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      end();
    } else {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      end();
    } else if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    if (skipped > 0) {
      advance(skipped);
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported by a progress stream");
  }

  /** Bytes read so far. */
  public long bytes() {
    return bytes;
  }

  private void advance(long n) {
    bytes += n;
    if (reported < 0 || bytes - reported >= stepBytes || bytes == total) {
      report();
    }
  }

  private void end() {
    if (reported != bytes) {
      report();
    }
  }

  private void report() {
    reported = bytes;
    listener.onProgress(bytes, total);
  }
}
