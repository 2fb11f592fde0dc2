package org.remotestore.ext.progress;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An output stream that reports the bytes written through it: after every write, but no more often
 * than every {@code stepBytes} bytes, and once more on {@code close()} if bytes were written since
 * the last report.
 */
public final class ProgressOutputStream extends FilterOutputStream {
  private final long total;
  private final long stepBytes;
  private final ProgressListener listener;
  private long bytes;
  private long reported;

  /**
   * Wraps {@code out}.
   *
   * @param out the stream
   * @param total the expected total, or {@code -1} when unknown
   * @param stepBytes report at most once per this many bytes (and on close); {@code 0}: every write
   * @param listener where progress goes
   */
  public ProgressOutputStream(
      OutputStream out, long total, long stepBytes, ProgressListener listener) {
    super(Objects.requireNonNull(out, "out"));
    if (stepBytes < 0) {
      throw new IllegalArgumentException("stepBytes < 0: " + stepBytes);
    }
    this.total = total < 0 ? -1 : total;
    this.stepBytes = stepBytes;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Wraps {@code out}, reporting after every write. */
  public ProgressOutputStream(OutputStream out, long total, ProgressListener listener) {
    this(out, total, 0, listener);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    advance(1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    if (len > 0) {
      advance(len);
    }
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (bytes != reported) {
      reported = bytes;
      listener.onProgress(bytes, total);
    }
  }

  /** Bytes written so far. */
  public long bytes() {
    return bytes;
  }

  private void advance(long n) {
    bytes += n;
    if (bytes - reported >= stepBytes || bytes == total) {
      reported = bytes;
      listener.onProgress(bytes, total);
    }
  }
}
