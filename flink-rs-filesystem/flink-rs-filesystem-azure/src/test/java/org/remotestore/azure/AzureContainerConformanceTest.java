package org.remotestore.azure;

import java.util.Map;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.AzuriteContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Store conformance suite on the azure backend against Azurite in a container; skipped where no
 * Docker engine is available (the same suite runs against the npm Azurite in {@link
 * AzureStoreConformanceTest}).
 */
@Testcontainers(disabledWithoutDocker = true)
class AzureContainerConformanceTest extends AzureStoreConformanceTest {
  @Container static final AzuriteContainer AZURITE = new AzuriteContainer();

  @Override
  protected Map<String, String> backendOptions() {
    return AzureTestSupport.options(AZURITE.blobEndpoint(), AzureTestSupport.newContainerName());
  }
}
