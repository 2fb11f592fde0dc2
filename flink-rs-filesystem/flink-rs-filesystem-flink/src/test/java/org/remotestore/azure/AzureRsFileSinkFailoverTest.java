package org.remotestore.azure;

import org.apache.flink.configuration.Configuration;
import org.remotestore.flink.AbstractRsFileSinkFailoverTest;
import org.remotestore.testing.azure.AzureTestSupport;

/**
 * Exactly-once FileSink (rows and Parquet) with a failure and restart, through rs:// on Azurite.
 */
class AzureRsFileSinkFailoverTest extends AbstractRsFileSinkFailoverTest {
  private static final String STORE = "azurefilesinkfailover";
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
