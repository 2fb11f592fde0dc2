package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.io.Serializable;
import org.remotestore.Store;

/**
 * Opens the {@link Store} the source reads the feed through. It is created on the client and
 * shipped to the task managers, so it must be serializable; each reader and the enumerator open
 * their own store and close it when they stop.
 */
@FunctionalInterface
public interface FeedStoreFactory extends Serializable {

  /**
   * Opens a store rooted at {@code rootUrl}: the data root, or the folder of a STAC page (then the
   * URL may carry the page query, which the {@code http} backend appends to every request).
   *
   * @param rootUrl an absolute URL whose path ends in {@code /}
   */
  OpenedStore open(String rootUrl) throws IOException;

  /**
   * A store together with whatever must be closed when it is no longer needed (for example the
   * registry that owns its backend).
   *
   * @param store the store
   * @param resources closed by {@link #close()}, may be {@code null}
   */
  record OpenedStore(Store store, AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (resources != null) {
        try {
          resources.close();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("Closing the store " + store.name() + " failed", e);
        }
      }
    }
  }
}
