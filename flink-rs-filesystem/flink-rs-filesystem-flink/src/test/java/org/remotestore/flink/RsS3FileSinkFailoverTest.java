package org.remotestore.flink;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestStores;

/**
 * Exactly-once FileSink with failover through rs:// on the s3 backend (S3Proxy), in both formats:
 * the row-format job persists, resumes and commits in-progress parts across the failure (multipart
 * upload plus tail objects); the Parquet job rolls on checkpoints (closeForCommit and commit).
 */
class RsS3FileSinkFailoverTest extends AbstractRsFileSinkFailoverTest {
  private static final Configuration CONF =
      S3TestStores.s3("sinks3", S3ProxyServer.shared(), Map.of("part-size", "5mb"));

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "sinks3";
  }
}
