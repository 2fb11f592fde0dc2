package org.remotestore.parquet;

import org.remotestore.RemoteStoreException;

/**
 * A dataset is not complete: its {@code _SUCCESS} marker, its {@code manifest.json} or a part the
 * manifest lists is missing (a write still running, or one that failed). Names the dataset key.
 */
public class DatasetIncomplete extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the dataset at {@code key}. */
  public DatasetIncomplete(String message, String backend, String key) {
    super(message, backend, key);
  }
}
