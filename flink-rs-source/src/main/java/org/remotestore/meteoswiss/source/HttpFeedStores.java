package org.remotestore.meteoswiss.source;

import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;

/**
 * The default {@link FeedStoreFactory}: a {@link Registry} with one backend of type {@code http}
 * rooted at the requested URL. The backend's own retries are turned off ({@code retries = 0}) so a
 * throttling answer reaches the source at once, which then backs off without blocking a thread and
 * honours {@code Retry-After} itself.
 */
public final class HttpFeedStores {
  /** The backend name used in the registry (it appears in errors and telemetry). */
  public static final String BACKEND = "meteoswiss";

  private HttpFeedStores() {}

  /** The standard factory with default HTTP options. */
  public static FeedStoreFactory standard() {
    return withOptions(Map.of());
  }

  /**
   * A factory passing extra {@code http} backend options (for example {@code read-timeout}); {@code
   * base-url} is set from the URL the source asks for.
   */
  public static FeedStoreFactory withOptions(Map<String, String> options) {
    Map<String, String> copy = new LinkedHashMap<>(options);
    return rootUrl -> {
      Map<String, String> backend = new LinkedHashMap<>();
      backend.put("retries", "0");
      backend.putAll(copy);
      backend.put("base-url", rootUrl);
      Registry registry =
          Registry.create(
              RegistryConfig.builder()
                  .backend(BACKEND, "http", backend)
                  .store(BACKEND, BACKEND, "")
                  .build());
      return new FeedStoreFactory.OpenedStore(registry.store(BACKEND), registry);
    };
  }
}
