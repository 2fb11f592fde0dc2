package org.remotestore.azure;

import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * The optional azure-identity library. Only the default credential chain (none of {@code
 * connection-string}, {@code account-key} and {@code sas-token} given) needs it; the plugin jar
 * leaves it out and {@code flink-rs-filesystem-<version>-plugin-azure-identity.jar} adds it.
 */
final class AzureIdentity {
  /** The class the default credential is built with (renamed with the library when shaded). */
  static final String BUILDER_CLASS = "com.azure.identity.DefaultAzureCredentialBuilder";

  /** The extra plugin jar that holds azure-identity, relocated like the plugin jar. */
  static final String PLUGIN_JAR = "flink-rs-filesystem-<version>-plugin-azure-identity.jar";

  private AzureIdentity() {}

  /** Whether {@code loader} can load azure-identity's default credential builder. */
  static boolean available(ClassLoader loader) {
    try {
      Class.forName(BUILDER_CLASS, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
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
