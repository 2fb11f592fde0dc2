package org.remotestore.azure;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.azure.AzureTestSupport;

/**
 * The Store conformance suite on the azure backend against Azurite (started by the harness): one
 * container for the class, a fresh root folder per test, small blocks so that multi-block uploads
 * and multi-chunk reads are exercised.
 */
class AzureStoreConformanceTest extends StoreConformanceSuite {
  private static Backend backend;

  @BeforeAll
  static void startBackend() {
    Map<String, String> options = AzureTestSupport.options();
    options.put("block-size", "1mb");
    options.put("read-block-size", "1mb");
    backend = new AzureBlobBackendFactory().create(AzureTestSupport.config("azure", options));
  }

  @AfterAll
  static void closeBackend() throws Exception {
    if (backend != null) {
      backend.close();
    }
  }

  @Override
  protected Store createStore() throws Exception {
    return new DefaultStore(backend, "conformance/" + UUID.randomUUID());
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    store.deleteFolder(""); // keeps the in-memory emulator small
  }

  @Override
  protected long largeStreamBytes() {
    return 64L << 20; // the 2 GiB stream runs in its own small-heap JVM (AzureLargeStreamTest)
  }
}
