package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;

/** Exactly-once FileSink with failover through rs:// on the local backend. */
class RsLocalFileSinkFailoverTest extends AbstractRsFileSinkFailoverTest {
  private static final Configuration CONF = RsTestStores.local("sinklocal");

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "sinklocal";
  }
}
