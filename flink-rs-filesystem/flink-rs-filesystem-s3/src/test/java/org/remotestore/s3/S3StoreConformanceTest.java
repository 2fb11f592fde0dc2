package org.remotestore.s3;

import java.util.Map;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * The conformance suite on the s3 backend against S3Proxy: a fresh bucket per test, the store
 * rooted below a prefix, small parts so that multipart paths are exercised.
 */
class S3StoreConformanceTest extends StoreConformanceSuite {
  private S3Backend backend;

  @Override
  protected Store createStore() throws Exception {
    S3TestEndpoint server = S3ProxyServer.shared();
    backend =
        server.newBackend(
            "s3-conformance",
            server.createBucket("conformance"),
            Map.of("part-size", "5mb", "multipart-threshold", "5mb"));
    return new DefaultStore(backend, "root/of/store");
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    backend.close();
  }

  /**
   * S3Proxy ignores {@code If-None-Match: *} on PUT, so two creators racing between the backend's
   * existence check and the PUT can both succeed there. S3 and MinIO honour it (see the MinIO
   * variant of this suite).
   */
  @Override
  protected boolean serverSupportsExclusiveCreate() {
    return false;
  }

  @Override
  protected long largeStreamBytes() {
    // the 2 GiB stream runs separately in a small heap (S3LargeStreamTest)
    return 48L << 20;
  }
}
