package org.remotestore.azure;

import java.util.Map;
import java.util.UUID;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.ext.IntegritySuite;

/**
 * The integrity cases on the azure backend against Azurite: a blob written in one request carries
 * its Content-MD5, so an MD5 verify costs a properties call and no download.
 */
class IntegrityTest extends IntegritySuite {
  private Backend backend;

  @Override
  protected Store createStore() throws Exception {
    Map<String, String> options = AzureTestSupport.options();
    options.put("block-size", "1mb");
    backend = new AzureBlobBackendFactory().create(AzureTestSupport.config("azure", options));
    return new DefaultStore(backend, "integrity/" + UUID.randomUUID());
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    try {
      store.deleteFolder("");
    } finally {
      backend.close();
    }
  }

  @Override
  protected boolean reportsMd5ForSmallFiles() {
    return true;
  }
}
