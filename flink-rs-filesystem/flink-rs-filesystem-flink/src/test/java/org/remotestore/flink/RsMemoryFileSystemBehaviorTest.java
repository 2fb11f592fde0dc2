package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;

/** Flink's file system behaviour suite through rs:// on the memory backend. */
class RsMemoryFileSystemBehaviorTest extends AbstractRsFileSystemBehaviorTest {
  private static final Configuration CONF = RsTestStores.memory("behaviormemory");

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "behaviormemory";
  }
}
