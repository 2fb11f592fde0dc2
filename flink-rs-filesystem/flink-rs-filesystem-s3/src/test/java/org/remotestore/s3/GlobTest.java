package org.remotestore.s3;

import java.util.Map;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.ext.GlobSuite;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/** The glob cases on the s3 backend against S3Proxy: prefix listings, flat only when needed. */
class GlobTest extends GlobSuite {
  private S3Backend backend;

  @Override
  protected Store createStore() throws Exception {
    S3TestEndpoint server = S3ProxyServer.shared();
    backend = server.newBackend("s3-glob", server.createBucket("glob"), Map.of());
    return new DefaultStore(backend, "root");
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    backend.close();
  }
}
