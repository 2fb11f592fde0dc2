package org.remotestore.azure;

import org.apache.flink.configuration.Configuration;
import org.remotestore.flink.AbstractRsFileSystemBehaviorTest;
import org.remotestore.testing.azure.AzureTestSupport;

/** Flink's FileSystemBehaviorTestSuite through rs:// on the azure backend (Azurite). */
class AzureRsFileSystemBehaviorTest extends AbstractRsFileSystemBehaviorTest {
  private static final String STORE = "azurefilesystembehavior";
  private static final Configuration CONF = Configuration.fromMap(AzureTestSupport.flatKeys(STORE));

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return STORE;
  }
}
