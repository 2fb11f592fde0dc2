package org.remotestore.memory;

import java.util.UUID;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;

class MemoryStoreConformanceTest extends StoreConformanceSuite {
  private String instance;

  @Override
  protected Store createStore() throws Exception {
    instance = "conformance-" + UUID.randomUUID();
    return new DefaultStore(new MemoryBackend("mem", instance), "root/of/store");
  }

  @Override
  protected void destroyStore(Store store) {
    MemoryBackend.clear(instance);
  }
}
