package org.remotestore.azure;

import java.util.Map;
import java.util.UUID;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.azure.AzureTestSupport;

/**
 * The Store conformance suite on the azure backend against Azurite (started by the harness): one
 * fresh container and root folder per test, small blocks so that multi-block uploads and
 * multi-chunk reads are exercised.
 */
class AzureStoreConformanceTest extends StoreConformanceSuite {
  private Backend backend;

  /** Options of the backend under test; the Testcontainers variant points them elsewhere. */
  protected Map<String, String> backendOptions() {
    return AzureTestSupport.options();
  }

  @Override
  protected Store createStore() throws Exception {
    Map<String, String> options = backendOptions();
    options.put("block-size", "1mb");
    options.put("read-block-size", "1mb");
    backend = new AzureBlobBackendFactory().create(AzureTestSupport.config("azure", options));
    return new DefaultStore(backend, "conformance/" + UUID.randomUUID());
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    try {
      store.deleteFolder(""); // keeps the in-memory emulator small
    } finally {
      backend.close();
    }
  }

  @Override
  protected long largeStreamBytes() {
    return 64L << 20; // the 2 GiB stream runs in its own small-heap JVM (AzureLargeStreamTest)
  }
}
