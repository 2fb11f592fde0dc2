package org.remotestore.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.remotestore.RemoteStoreException;

/**
 * An optional facet of a {@link Backend} that deletes many files in one request, such as S3's
 * {@code DeleteObjects}. A backend implements it next to {@link Backend}; callers reach it through
 * {@link org.remotestore.Store#unwrap(Class)} and fall back to one {@code delete} per file when it
 * is absent.
 *
 * <p>Implemented by a backend, the keys are backend keys. The facet that {@link
 * org.remotestore.Store#unwrap(Class)} hands out takes paths relative to that store instead,
 * checked like every other path, so that a child store can never delete outside its folder.
 */
public interface BatchDeleteSupport {

  /** The largest number of keys one {@link #deleteAll(List)} call accepts, for example 1000. */
  int maxBatchSize();

  /**
   * Deletes the files at {@code keys} (at most {@link #maxBatchSize()}). A key with no file is not
   * a failure.
   *
   * @param keys the keys (or store paths, see above), without duplicates
   * @return the keys that could not be deleted, each with the reason; empty when all went well
   * @throws IOException when the request as a whole failed, so that no key can be assumed deleted
   */
  Map<String, RemoteStoreException> deleteAll(List<String> keys) throws IOException;
}
