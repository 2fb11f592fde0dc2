package org.remotestore.http;

import java.io.IOException;
import java.io.InputStream;

/** Skips {@code skip} bytes of a stream, then passes at most {@code limit} (-1: all). */
final class HttpRangeOfStream extends InputStream {
  private final InputStream in;
  private long toSkip;
  private long left;
  private boolean sourceDrained;

  HttpRangeOfStream(InputStream in, long skip, long limit) {
    this.in = in;
    this.toSkip = skip;
    this.left = limit < 0 ? Long.MAX_VALUE : limit;
  }

  boolean sourceDrained() {
    return sourceDrained;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (toSkip > 0) {
      byte[] scratch = new byte[(int) Math.min(64 * 1024, toSkip)];
      while (toSkip > 0) {
        int r = in.read(scratch, 0, (int) Math.min(scratch.length, toSkip));
        if (r < 0) {
          sourceDrained = true;
          toSkip = 0;
          left = 0;
          return -1;
        }
        toSkip -= r;
      }
    }
    if (left <= 0) {
      return -1;
    }
    int r = in.read(b, off, (int) Math.min(len, left));
    if (r < 0) {
      sourceDrained = true;
      left = 0;
      return -1;
    }
    left -= r;
    return r;
  }
}
