package org.remotestore.azure;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * The optional Azure default credential chain. Only it (none of {@code connection-string}, {@code
 * account-key} and {@code sas-token} given) needs azure-identity; the backend finds an {@link
 * AzureTokenSource} with {@link ServiceLoader}, which only {@code
 * flink-rs-filesystem-<version>-plugin-azure-identity.jar} (or azure-identity with this module
 * outside Flink) provides.
 */
final class AzureIdentity {
  /** The extra plugin jar that holds azure-identity and the token source on it. */
  static final String PLUGIN_JAR = "flink-rs-filesystem-<version>-plugin-azure-identity.jar";

  private AzureIdentity() {}

  /** Whether {@code loader} provides a token source (that is, azure-identity). */
  static boolean available(ClassLoader loader) {
    return find(loader) != null;
  }

  /** The token source {@code loader} provides; fails when there is none. */
  static AzureTokenSource tokenSource(ClassLoader loader) {
    AzureTokenSource source = find(loader);
    if (source == null) {
      throw new IllegalStateException("azure-identity is not on the class path");
    }
    return source;
  }

  private static AzureTokenSource find(ClassLoader loader) {
    try {
      for (AzureTokenSource source : ServiceLoader.load(AzureTokenSource.class, loader)) {
        return source;
      }
      return null;
    } catch (ServiceConfigurationError | LinkageError e) {
      return null;
    }
  }

  /**
   * Fails with a {@link ConfigException} naming the credential keys when {@code loader} lacks
   * azure-identity, which the default credential chain needs.
   */
  static void require(BackendConfig config, ClassLoader loader) {
    if (available(loader)) {
      return;
    }
    throw new ConfigException(
        config.key(AzureBlobSettings.CONNECTION_STRING),
        "Backend '"
            + config.name()
            + "' sets none of "
            + config.key(AzureBlobSettings.CONNECTION_STRING)
            + ", "
            + config.key(AzureBlobSettings.ACCOUNT_KEY)
            + " and "
            + config.key(AzureBlobSettings.SAS_TOKEN)
            + ", so it needs the Azure default credential (managed or workload identity, Azure"
            + " CLI, ...), which needs azure-identity, and it is not on the class path: set one of"
            + " those keys, or add "
            + PLUGIN_JAR
            + " next to the plugin jar in plugins/rs/ (outside Flink: com.azure:azure-identity)");
  }
}
