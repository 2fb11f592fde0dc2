package org.remotestore.azure;

import java.util.Map;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.AzuriteContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The staged-block resumable-write tests against Azurite in a container; skipped where no Docker
 * engine is available (the same tests run against the npm Azurite in {@link
 * AzureResumableWritesTest}).
 */
@Testcontainers(disabledWithoutDocker = true)
class AzureContainerResumableWritesTest extends AzureResumableWritesTest {
  @Container static final AzuriteContainer AZURITE = new AzuriteContainer();

  @Override
  protected Map<String, String> backendOptions() {
    return AzureTestSupport.options(AZURITE.blobEndpoint(), AzureTestSupport.newContainerName());
  }
}
