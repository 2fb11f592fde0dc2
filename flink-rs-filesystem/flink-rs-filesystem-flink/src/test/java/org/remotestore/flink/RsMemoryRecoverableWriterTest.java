package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;

/** Flink's RecoverableWriter suite through rs:// on the memory backend. */
class RsMemoryRecoverableWriterTest extends AbstractRsRecoverableWriterTest {
  private static final Configuration CONF = RsTestStores.memory("writermemory");

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "writermemory";
  }
}
