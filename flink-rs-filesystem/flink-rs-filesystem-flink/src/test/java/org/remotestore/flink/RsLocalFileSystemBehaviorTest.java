package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;

/** Flink's file system behaviour suite through rs:// on the local backend. */
class RsLocalFileSystemBehaviorTest extends AbstractRsFileSystemBehaviorTest {
  private static final Configuration CONF = RsTestStores.local("behaviorlocal");

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "behaviorlocal";
  }
}
