package org.remotestore.flink;

import java.io.IOException;
import java.util.Objects;
import org.remotestore.Store;

/**
 * One configured store as the Flink adapter sees it: its name (the authority of {@code
 * rs://<name>/}) and the {@link Store} serving its paths, decorators included. The adapter never
 * sees the backend: every byte goes through the store, so every decorator sees it.
 *
 * @param name the store name
 * @param store the store, as the registry built it (retry, cache and observe as configured)
 */
public record RsStoreAccess(String name, Store store) {
  /** Validates the record. */
  public RsStoreAccess {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(store, "store");
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
