package org.remotestore.flink;

import java.io.IOException;
import java.util.Objects;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;

/**
 * One configured store as the Flink adapter needs it: its name (the authority of {@code
 * rs://<name>/}), the {@link Store} serving its paths and the {@link Backend} it lives on.
 *
 * @param name the store name
 * @param store the store
 * @param backend the store's backend
 */
public record RsStoreAccess(String name, Store store, Backend backend) {
  /** Validates the record. */
  public RsStoreAccess {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(backend, "backend");
  }

  /** The backend's resumable writes; fails when the backend has none (for example http). */
  public ResumableWrites resumableWrites() throws IOException {
    return backend.resumableWrites();
  }

  /** Finds the access to a store by name. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * The store named {@code name}.
     *
     * @throws IOException naming the store and the configured stores when it is unknown
     */
    RsStoreAccess resolve(String name) throws IOException;
  }
}
