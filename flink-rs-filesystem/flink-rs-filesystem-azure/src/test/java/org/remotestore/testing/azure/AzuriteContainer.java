package org.remotestore.testing.azure;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Azurite's blob service in a container ({@code mcr.microsoft.com/azure-storage/azurite}), for the
 * Testcontainers variants of the azure suites. They run only where a Docker engine exists and are
 * skipped otherwise ({@code @Testcontainers(disabledWithoutDocker = true)}).
 */
public final class AzuriteContainer extends GenericContainer<AzuriteContainer> {
  /** The image, pinned to the same Azurite version the build installs from npm. */
  public static final DockerImageName IMAGE =
      DockerImageName.parse("mcr.microsoft.com/azure-storage/azurite:3.35.0");

  private static final int BLOB_PORT = 10000;

  /** Creates the container (not started). */
  public AzuriteContainer() {
    super(IMAGE);
    withCommand(
        "azurite-blob",
        "--blobHost",
        "0.0.0.0",
        "--blobPort",
        Integer.toString(BLOB_PORT),
        "--inMemoryPersistence",
        "--skipApiVersionCheck",
        "--loose",
        "--disableTelemetry");
    withExposedPorts(BLOB_PORT);
    waitingFor(Wait.forLogMessage(".*successfully listens.*", 1));
  }

  /** The blob endpoint as seen from the test JVM. */
  public String blobEndpoint() {
    return "http://" + getHost() + ":" + getMappedPort(BLOB_PORT) + "/" + Azurite.ACCOUNT;
  }
}
