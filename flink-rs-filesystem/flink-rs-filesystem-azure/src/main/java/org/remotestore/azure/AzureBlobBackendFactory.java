package org.remotestore.azure;

import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@code azure} backends: Azure Blob Storage (or Azurite) through the Azure Storage Blob
 * SDK on the JDK HTTP client.
 *
 * <p>Options ({@code rs.backends.<name>.<option>}): {@code account-name}, {@code container}
 * (required), {@code endpoint}, at most one of the secrets {@code connection-string}, {@code
 * account-key} and {@code sas-token} (none: the SDK's default credential chain), {@code
 * block-size}, {@code read-block-size}, {@code max-concurrency}, {@code max-connections}, {@code
 * create-container}, {@code connect-timeout}, {@code request-timeout}, {@code max-retries}, {@code
 * retry-delay}, {@code max-retry-delay}, {@code copy-timeout}.
 */
public final class AzureBlobBackendFactory implements BackendFactory {
  /** The type name, as in {@code rs.backends.<name>.type: azure}. */
  public static final String TYPE = "azure";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Set<String> options() {
    return Set.of(
        AzureBlobSettings.ACCOUNT_NAME,
        AzureBlobSettings.CONTAINER,
        AzureBlobSettings.ENDPOINT,
        AzureBlobSettings.CONNECTION_STRING,
        AzureBlobSettings.ACCOUNT_KEY,
        AzureBlobSettings.SAS_TOKEN,
        AzureBlobSettings.BLOCK_SIZE,
        AzureBlobSettings.READ_BLOCK_SIZE,
        AzureBlobSettings.MAX_CONCURRENCY,
        AzureBlobSettings.MAX_CONNECTIONS,
        AzureBlobSettings.CREATE_CONTAINER,
        AzureBlobSettings.CONNECT_TIMEOUT,
        AzureBlobSettings.REQUEST_TIMEOUT,
        AzureBlobSettings.MAX_RETRIES,
        AzureBlobSettings.RETRY_DELAY,
        AzureBlobSettings.MAX_RETRY_DELAY,
        AzureBlobSettings.COPY_TIMEOUT);
  }

  @Override
  public Set<String> secretOptions() {
    return Set.of(
        AzureBlobSettings.CONNECTION_STRING,
        AzureBlobSettings.ACCOUNT_KEY,
        AzureBlobSettings.SAS_TOKEN);
  }

  /** Checks every option (names, values, the credential choice) without any network call. */
  @Override
  public void validate(BackendConfig config) {
    new AzureBlobSettings(config);
  }

  @Override
  public Backend create(BackendConfig config) {
    return new AzureBlobBackend(new AzureBlobSettings(config));
  }
}
