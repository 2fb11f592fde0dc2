package org.remotestore.testing.azure;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.remotestore.BackendConfig;

/** Backend options for tests against an Azurite instance. */
public final class AzureTestSupport {
  private AzureTestSupport() {}

  /** A fresh container name, unique in the JVM. */
  public static String newContainerName() {
    return "rs-"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
  }

  /**
   * Options ({@code rs.backends.<name>.<option>} without the prefix) for a backend on {@code
   * azurite} with the account key, a given container created on first write.
   */
  public static Map<String, String> options(String endpoint, String container) {
    Map<String, String> options = new HashMap<>();
    options.put("account-name", Azurite.ACCOUNT);
    options.put("account-key", Azurite.ACCOUNT_KEY);
    options.put("endpoint", endpoint);
    options.put("container", container);
    options.put("create-container", "true");
    options.put("max-retries", "2");
    options.put("retry-delay", "50ms");
    options.put("max-retry-delay", "500ms");
    options.put("request-timeout", "60s");
    return options;
  }

  /** Options for the shared in-memory Azurite and a fresh container. */
  public static Map<String, String> options() {
    return options(Azurite.shared().blobEndpoint(), newContainerName());
  }

  /**
   * Flat {@code rs.} keys defining store {@code store} on a fresh container of the shared Azurite,
   * as given to Flink's configuration or {@code RegistryConfig.fromFlatKeys}.
   */
  public static Map<String, String> flatKeys(String store) {
    Map<String, String> keys = new HashMap<>();
    String backend = store + "-azure";
    keys.put("rs.backends." + backend + ".type", "azure");
    options().forEach((k, v) -> keys.put("rs.backends." + backend + "." + k, v));
    keys.put("rs.stores." + store + ".backend", backend);
    return keys;
  }

  /** A backend configuration named {@code name} of type {@code azure}. */
  public static BackendConfig config(String name, Map<String, String> options) {
    return new BackendConfig(name, "azure", options);
  }
}
