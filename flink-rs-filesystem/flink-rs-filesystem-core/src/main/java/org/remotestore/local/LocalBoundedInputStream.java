package org.remotestore.local;

import java.io.IOException;
import java.io.InputStream;
import org.remotestore.FileSizeReporting;

/**
 * Reads at most {@code limit} bytes and reports the size of the whole file, taken from the open
 * file, so that seekable readers need no metadata call. When the very first read fails, a check
 * runs that may replace the failure by a better one (reading a folder fails only then: it is
 * reported as not found).
 */
final class LocalBoundedInputStream extends InputStream implements FileSizeReporting {

  /** Runs when the first read fails; throws the exception to report instead, if any. */
  @FunctionalInterface
  interface FirstReadCheck {
    void check() throws IOException;
  }

  private final InputStream in;
  private final FirstReadCheck firstReadCheck;
  private final long fileSize;
  private long remaining;
  private boolean started;

  LocalBoundedInputStream(
      InputStream in, long fileSize, long limit, FirstReadCheck firstReadCheck) {
    this.in = in;
    this.fileSize = fileSize;
    this.remaining = limit;
    this.firstReadCheck = firstReadCheck;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b;
    try {
      b = in.read();
    } catch (IOException e) {
      throw firstReadFailed(e);
    }
    started = true;
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining <= 0) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, remaining));
    } catch (IOException e) {
      throw firstReadFailed(e);
    }
    started = true;
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  private IOException firstReadFailed(IOException e) throws IOException {
    if (!started) {
      started = true;
      firstReadCheck.check();
    }
    return e;
  }

  @Override
  public long fileSize() {
    return fileSize;
  }

  @Override
  public long skip(long n) throws IOException {
    long k = in.skip(Math.min(n, remaining));
    remaining -= k;
    return k;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
