package org.remotestore.ext;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.remotestore.DefaultStore;
import org.remotestore.InvalidPath;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.spi.BatchDeleteSupport;

/** Base stores for the extension tests: fresh memory stores, and a backend with a batch delete. */
public final class TestStores {
  private TestStores() {}

  /** A fresh, empty store on its own memory instance, rooted below {@code root}. */
  public static Store memory(String backendName) {
    return over(new MemoryBackend(backendName, "ext-" + UUID.randomUUID()));
  }

  /** Creates a store over {@code backend} rooted below {@code root}. */
  public static Store over(org.remotestore.spi.Backend backend) {
    try {
      return new DefaultStore(backend, backend.name(), "root");
    } catch (InvalidPath e) {
      throw new IllegalStateException(e);
    }
  }

  /** A memory backend that also deletes in batches, recording requests and failing chosen keys. */
  public static final class BatchingMemoryBackend extends ForwardingBackend
      implements BatchDeleteSupport {
    public final List<List<String>> requests = new CopyOnWriteArrayList<>();
    public final Set<String> failingKeys = ConcurrentHashMap.newKeySet();
    public volatile IOException failRequest;
    private final int maxBatchSize;

    public BatchingMemoryBackend(String name, int maxBatchSize) {
      super(new MemoryBackend(name, "ext-batch-" + UUID.randomUUID()));
      this.maxBatchSize = maxBatchSize;
    }

    @Override
    public int maxBatchSize() {
      return maxBatchSize;
    }

    @Override
    public Map<String, RemoteStoreException> deleteAll(List<String> keys) throws IOException {
      requests.add(List.copyOf(keys));
      if (keys.size() > maxBatchSize) {
        throw new IllegalArgumentException("too many keys: " + keys.size());
      }
      if (failRequest != null) {
        throw failRequest;
      }
      Map<String, RemoteStoreException> failures = new ConcurrentHashMap<>();
      for (String key : keys) {
        if (failingKeys.contains(key)) {
          failures.put(key, new RemoteStoreException("injected", name(), key));
        } else {
          delegate.delete(key);
        }
      }
      return failures;
    }
  }
}
