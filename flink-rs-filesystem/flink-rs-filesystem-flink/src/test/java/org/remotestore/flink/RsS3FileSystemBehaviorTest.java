package org.remotestore.flink;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestStores;

/** Flink's file system behaviour suite through rs:// on the s3 backend (S3Proxy). */
class RsS3FileSystemBehaviorTest extends AbstractRsFileSystemBehaviorTest {
  private static final Configuration CONF =
      S3TestStores.s3("behaviors3", S3ProxyServer.shared(), Map.of());

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "behaviors3";
  }
}
