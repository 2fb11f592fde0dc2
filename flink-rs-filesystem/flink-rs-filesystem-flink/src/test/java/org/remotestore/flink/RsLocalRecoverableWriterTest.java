package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;

/** Flink's RecoverableWriter suite through rs:// on the local backend. */
class RsLocalRecoverableWriterTest extends AbstractRsRecoverableWriterTest {
  private static final Configuration CONF = RsTestStores.local("writerlocal");

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "writerlocal";
  }
}
