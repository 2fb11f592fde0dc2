package org.remotestore.ext.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.remotestore.FileInfo;
import org.remotestore.Store;

/**
 * Checksums over any {@link Store}: compute ({@link #checksum}), check ({@link #verify}) and write
 * with a checksum ({@link #writeWithHash}, {@link #writeVerified}).
 *
 * <p>Content is streamed in {@value #CHUNK_BYTES}-byte chunks, so a file of any size is hashed in
 * constant memory. {@link #verify} first looks at the digest the backend already knows ({@link
 * FileInfo#checksum()}: the memory backend's MD5, an S3 single-part ETag, Azure's Content-MD5):
 * when it is of the expected algorithm, the answer costs one metadata call and no download.
 */
public final class Integrity {
  /** The size of the chunks in which content is read and hashed: 1 MiB. */
  public static final int CHUNK_BYTES = 1 << 20;

  private Integrity() {}

  /**
   * The SHA-256 checksum of the file's content; see {@link #checksum(Store, String,
   * ChecksumAlgorithm)}.
   */
  public static Checksum checksum(Store store, String path) throws IOException {
    return checksum(store, path, ChecksumAlgorithm.SHA256);
  }

  /**
   * Reads the whole file in {@value #CHUNK_BYTES}-byte chunks and returns its checksum. Always
   * hashes the content, never trusts metadata.
   *
   * @throws org.remotestore.NotFound when there is no file at {@code path}
   */
  public static Checksum checksum(Store store, String path, ChecksumAlgorithm algorithm)
      throws IOException {
    Objects.requireNonNull(algorithm, "algorithm");
    try (HashingInputStream in = new HashingInputStream(store.read(path), algorithm)) {
      byte[] buffer = new byte[CHUNK_BYTES];
      while (in.readNBytes(buffer, 0, buffer.length) > 0) {
        // hashed as it is read
      }
      return in.checksum();
    }
  }

  /**
   * The digest of {@code algorithm} that the backend reports for the file without reading it, if
   * any.
   *
   * @throws org.remotestore.NotFound when there is no file at {@code path}
   */
  public static Optional<Checksum> nativeChecksum(
      Store store, String path, ChecksumAlgorithm algorithm) throws IOException {
    return nativeChecksum(store.getFileInfo(path), algorithm);
  }

  /** The digest of {@code algorithm} in {@code info}, if the backend reported one. */
  public static Optional<Checksum> nativeChecksum(FileInfo info, ChecksumAlgorithm algorithm) {
    String text = info.checksum();
    if (text == null) {
      return Optional.empty();
    }
    try {
      Checksum known = Checksum.parse(text);
      return known.algorithm() == algorithm ? Optional.of(known) : Optional.empty();
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty(); // a backend-specific form we do not interpret
    }
  }

  /**
   * Checks that the file has the checksum {@code expected}: from the backend's own digest when it
   * has one of that algorithm (no download), otherwise by streaming and hashing the content.
   *
   * @return how the check was made
   * @throws ChecksumMismatch naming the path and algorithm when the checksums differ
   * @throws org.remotestore.NotFound when there is no file at {@code path}
   */
  public static Verification verify(Store store, String path, Checksum expected)
      throws IOException {
    Objects.requireNonNull(expected, "expected");
    FileInfo info = store.getFileInfo(path);
    Optional<Checksum> known = nativeChecksum(info, expected.algorithm());
    Checksum actual = known.isPresent() ? known.get() : checksum(store, path, expected.algorithm());
    if (!actual.equals(expected)) {
      throw new ChecksumMismatch(store.backendName(), path, expected, actual);
    }
    return new Verification(path, actual, known.isPresent());
  }

  /**
   * Writes {@code data} atomically to {@code path} and returns the checksum of what was written,
   * computed on the way (the content is read once).
   *
   * @throws org.remotestore.AlreadyExists when the file exists and {@code overwrite} is false
   */
  public static Checksum writeWithHash(
      Store store, String path, InputStream data, boolean overwrite, ChecksumAlgorithm algorithm)
      throws IOException {
    return write(store, path, data, overwrite, algorithm, null);
  }

  /**
   * Writes {@code data} atomically to {@code path}, publishing it only if its checksum is {@code
   * expected}. On a mismatch nothing is published: a file that was there keeps its old content, and
   * no new file appears.
   *
   * @throws ChecksumMismatch when the data does not have the expected checksum
   * @throws org.remotestore.AlreadyExists when the file exists and {@code overwrite} is false
   */
  public static Checksum writeVerified(
      Store store, String path, InputStream data, boolean overwrite, Checksum expected)
      throws IOException {
    Objects.requireNonNull(expected, "expected");
    return write(store, path, data, overwrite, expected.algorithm(), expected);
  }

  private static Checksum write(
      Store store,
      String path,
      InputStream data,
      boolean overwrite,
      ChecksumAlgorithm algorithm,
      Checksum expected)
      throws IOException {
    Objects.requireNonNull(algorithm, "algorithm");
    Store.AtomicOutputStream target = store.openAtomic(path, overwrite);
    boolean published = false;
    try {
      HashingOutputStream out = new HashingOutputStream(target, algorithm);
      data.transferTo(out);
      Checksum actual = out.checksum();
      if (expected != null && !actual.equals(expected)) {
        throw new ChecksumMismatch(store.backendName(), path, expected, actual);
      }
      target.close();
      published = true;
      return actual;
    } finally {
      if (!published) {
        target.abort();
      }
    }
  }
}
