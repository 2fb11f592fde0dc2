package org.remotestore.ext.integrity;

import org.remotestore.RemoteStoreException;

/** The content of a file does not have the expected checksum. Names the path and the algorithm. */
public class ChecksumMismatch extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  private final Checksum expected;
  private final Checksum actual;

  /**
   * Creates the exception.
   *
   * @param backend the backend name
   * @param path the store-relative path
   * @param expected the checksum asked for
   * @param actual the checksum found
   */
  public ChecksumMismatch(String backend, String path, Checksum expected, Checksum actual) {
    super(
        "Checksum mismatch for '"
            + path
            + "' on backend '"
            + backend
            + "': "
            + expected.algorithm().id()
            + " expected "
            + expected.hex()
            + ", found "
            + actual.hex(),
        backend,
        path);
    this.expected = expected;
    this.actual = actual;
  }

  /** The checksum asked for. */
  public Checksum expected() {
    return expected;
  }

  /** The checksum found. */
  public Checksum actual() {
    return actual;
  }

  /** The algorithm of both checksums. */
  public ChecksumAlgorithm algorithm() {
    return expected.algorithm();
  }
}
