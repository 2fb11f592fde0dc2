package org.remotestore.azure;

import java.util.UUID;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.ext.GlobSuite;

/** The glob cases on the azure backend against Azurite. */
class GlobTest extends GlobSuite {
  private Backend backend;

  @Override
  protected Store createStore() throws Exception {
    backend =
        new AzureBlobBackendFactory()
            .create(AzureTestSupport.config("azure", AzureTestSupport.options()));
    return new DefaultStore(backend, "glob/" + UUID.randomUUID());
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    try {
      store.deleteFolder("");
    } finally {
      backend.close();
    }
  }
}
