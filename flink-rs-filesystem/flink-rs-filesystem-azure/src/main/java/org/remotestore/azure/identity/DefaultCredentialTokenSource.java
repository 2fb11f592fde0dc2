package org.remotestore.azure.identity;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.remotestore.azure.AzureTokenSource;

/**
 * Tokens from azure-identity's default credential chain, cached until two minutes before they
 * expire. Ships only in the extra jar {@code -plugin-azure-identity.jar}, registered there as a
 * {@link java.util.ServiceLoader} provider of {@link AzureTokenSource}.
 */
public final class DefaultCredentialTokenSource implements AzureTokenSource {
  private static final Duration EARLY_REFRESH = Duration.ofMinutes(2);

  private TokenCredential credential;
  private AccessToken cached;
  private String cachedScope;

  /** Creates the source; the credential chain is built on the first token request. */
  public DefaultCredentialTokenSource() {}

  @Override
  public synchronized String token(String scope) throws IOException {
    if (cached != null
        && scope.equals(cachedScope)
        && OffsetDateTime.now().plus(EARLY_REFRESH).isBefore(cached.getExpiresAt())) {
      return cached.getToken();
    }
    if (credential == null) {
      credential = new DefaultAzureCredentialBuilder().build();
    }
    AccessToken token;
    try {
      token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
    } catch (RuntimeException e) {
      throw new IOException(
          "The Azure default credential chain gave no token: " + e.getClass().getSimpleName());
    }
    if (token == null) {
      throw new IOException("The Azure default credential chain gave no token");
    }
    cached = token;
    cachedScope = scope;
    return token.getToken();
  }

  @Override
  public String toString() {
    return "DefaultCredentialTokenSource";
  }
}
