package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;

/** Exactly-once FileSink with failover through rs:// on the memory backend. */
class RsMemoryFileSinkFailoverTest extends AbstractRsFileSinkFailoverTest {
  private static final Configuration CONF = RsTestStores.memory("sinkmemory");

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "sinkmemory";
  }
}
