package org.remotestore.sql;

import org.remotestore.RemoteStoreException;

/**
 * A write to a {@code sql-blob} backend went past the configured {@code max-blob-size}. Nothing of
 * the write is visible: the bytes staged so far are discarded.
 */
public class BlobTooLarge extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /** Creates the exception for {@code key} and the limit it broke. */
  public BlobTooLarge(String backend, String key, long limit, String limitKey) {
    super(
        "Blob '"
            + key
            + "' exceeds the maximum blob size of "
            + limit
            + " bytes ("
            + limitKey
            + ") of SQL backend '"
            + backend
            + "'; nothing was written",
        backend,
        key);
    this.limit = limit;
  }

  /** The maximum blob size in bytes. */
  public long limit() {
    return limit;
  }
}
