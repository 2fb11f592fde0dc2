package org.remotestore.parquet;

import org.remotestore.RemoteStoreException;

/**
 * A dataset's {@code manifest.json} cannot be used: not JSON, a field missing or of the wrong type,
 * or a part whose schema or row count disagrees with it. Names the dataset key.
 */
public class ManifestCorrupted extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the dataset at {@code key}. */
  public ManifestCorrupted(String message, String backend, String key, Throwable cause) {
    super(message, backend, key, cause);
  }
}
