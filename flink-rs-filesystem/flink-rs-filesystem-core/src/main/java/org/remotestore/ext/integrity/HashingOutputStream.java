package org.remotestore.ext.integrity;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** An output stream that hashes every byte written through it before passing it on. */
public final class HashingOutputStream extends FilterOutputStream {
  private final ChecksumAlgorithm algorithm;
  private final ChecksumAlgorithm.Hasher hasher;
  private long count;
  private Checksum result;

  /** Hashes what is written to {@code out} with {@code algorithm}. */
  public HashingOutputStream(OutputStream out, ChecksumAlgorithm algorithm) {
    super(Objects.requireNonNull(out, "out"));
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.hasher = algorithm.newHasher();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (result != null) {
      throw new IOException("The checksum was already taken; the stream cannot hash more bytes");
    }
    out.write(b, off, len);
    hasher.update(b, off, len);
    count += len;
  }

  /** How many bytes were hashed. */
  public long count() {
    return count;
  }

  /** The checksum of the bytes written so far; no byte may be written after this call. */
  public Checksum checksum() {
    if (result == null) {
      result = new Checksum(algorithm, hasher.hex());
    }
    return result;
  }
}
