package org.remotestore.ext.integrity;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream that hashes every byte read through it. {@link #checksum()} gives the checksum of
 * what was read so far once the stream is exhausted; {@code mark}/{@code reset} are not supported,
 * so no byte is counted twice.
 */
public final class HashingInputStream extends FilterInputStream {
  private final ChecksumAlgorithm algorithm;
  private final ChecksumAlgorithm.Hasher hasher;
  private long count;
  private Checksum result;

  /** Hashes what is read from {@code in} with {@code algorithm}. */
  public HashingInputStream(InputStream in, ChecksumAlgorithm algorithm) {
    super(Objects.requireNonNull(in, "in"));
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.hasher = algorithm.newHasher();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      requireOpenHash();
      hasher.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
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
    throw new IOException("mark/reset not supported by a hashing stream");
  }

  /** How many bytes were hashed. */
  public long count() {
    return count;
  }

  /** The checksum of the bytes read so far; no byte may be read after this call. */
  public Checksum checksum() {
    if (result == null) {
      result = new Checksum(algorithm, hasher.hex());
    }
    return result;
  }

  private void requireOpenHash() throws IOException {
    if (result != null) {
      throw new IOException("The checksum was already taken; the stream cannot hash more bytes");
    }
  }
}
