package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * azure-identity is optional: the default credential chain needs it, shared key, SAS and connection
 * strings do not, and its absence is a {@link ConfigException} naming the credential keys.
 */
class AzureIdentityTest {
  /**
   * A class loader that sees everything of the test class path except azure-identity and the token
   * source built on it (with its service registration), as the plugin jar without the extra jar.
   */
  private static final ClassLoader WITHOUT_IDENTITY =
      new ClassLoader(AzureIdentityTest.class.getClassLoader()) {
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
          if (name.startsWith("com.azure.identity.")
              || name.startsWith("org.remotestore.azure.identity.")) {
            throw new ClassNotFoundException(name);
          }
          return super.loadClass(name, resolve);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
          if (name.equals("META-INF/services/" + AzureTokenSource.class.getName())) {
            return Collections.emptyEnumeration();
          }
          return super.getResources(name);
        }
      };

  private static BackendConfig config(Map<String, String> options) {
    return new BackendConfig("blob", "azure", options);
  }

  @Test
  void theDefaultCredentialWithoutAzureIdentityFailsNamingTheKeysAndTheJar() {
    BackendConfig config = config(Map.of("account-name", "acct", "container", "lake"));
    assertThat(AzureIdentity.available(WITHOUT_IDENTITY)).isFalse();
    assertThatThrownBy(() -> AzureIdentity.require(config, WITHOUT_IDENTITY))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.key()).isEqualTo("rs.backends.blob.connection-string"))
        .hasMessageContaining("rs.backends.blob.connection-string")
        .hasMessageContaining("rs.backends.blob.account-key")
        .hasMessageContaining("rs.backends.blob.sas-token")
        .hasMessageContaining("azure-identity")
        .hasMessageContaining(AzureIdentity.PLUGIN_JAR);
  }

  @Test
  void theDefaultCredentialWithAzureIdentityOnTheClassPathValidates() {
    assertThat(AzureIdentity.available(AzureIdentityTest.class.getClassLoader())).isTrue();
    BackendConfig config = config(Map.of("account-name", "acct", "container", "lake"));
    assertThatCode(() -> new AzureBlobBackendFactory().validate(config)).doesNotThrowAnyException();
  }

  @Test
  void sharedKeySasAndConnectionStringsNeedNoAzureIdentity() {
    // require() is only reached for the default credential; these settings never ask for it
    for (Map<String, String> options :
        List.of(
            Map.of("account-name", "acct", "container", "lake", "account-key", "a2V5"),
            Map.of("account-name", "acct", "container", "lake", "sas-token", "sv=1&sig=x"),
            Map.of(
                "container",
                "lake",
                "connection-string",
                "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5"))) {
      AzureBlobSettings settings = new AzureBlobSettings(config(options));
      assertThat(settings.auth).isNotEqualTo(AzureBlobSettings.Auth.DEFAULT_CREDENTIAL);
    }
  }
}
