package org.remotestore;

import java.util.UUID;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.testing.StoreConformanceSuite;

/**
 * Runs the suite against a store whose backend can only read, list and describe (as HTTP can), with
 * fixtures written through a writable store over the same data: every write test must be skipped,
 * every read test must pass, and every missing capability must fail clearly.
 */
class ReadOnlyStoreConformanceTest extends StoreConformanceSuite {
  private String instance;

  @Override
  protected Store createStore() throws Exception {
    instance = "read-only-" + UUID.randomUUID();
    RecordingBackend readOnly = new RecordingBackend(new MemoryBackend("web", instance));
    readOnly.capabilities =
        Capabilities.of(
            Capability.READ, Capability.RANGE_READ, Capability.LIST, Capability.METADATA);
    return new DefaultStore(readOnly, "site");
  }

  @Override
  protected Store seedStore(Store store) throws Exception {
    return new DefaultStore(new MemoryBackend("seed", instance), "site");
  }

  @Override
  protected void destroyStore(Store store) {
    MemoryBackend.clear(instance);
  }
}
