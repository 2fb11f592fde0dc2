package org.remotestore.azure;

import java.io.IOException;

/**
 * A source of OAuth bearer tokens for the Blob service, for the Azure default credential chain
 * (managed or workload identity, Azure CLI, ...). The azure backend finds one with {@link
 * java.util.ServiceLoader}; the implementation on azure-identity ships in the extra jar {@code
 * flink-rs-filesystem-<version>-plugin-azure-identity.jar}, so the plugin jar itself carries no
 * azure-identity.
 */
public interface AzureTokenSource {
  /**
   * A valid access token for {@code scope} (such as {@code https://storage.azure.com/.default}),
   * cached by the implementation while it is valid. Never logged by callers.
   *
   * @throws IOException when no credential of the chain yields a token
   */
  String token(String scope) throws IOException;
}
