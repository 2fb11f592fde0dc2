package org.remotestore.meteoswiss.source;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;

/**
 * The default {@link FeedStoreFactory}: a {@link Registry} with one backend of type {@code http}
 * rooted at the requested URL and one store over it, decorated by the registry from store keys like
 * any other store (see {@code org.remotestore.ext.StoreDecorators}): by default observed ({@code
 * observe.opentelemetry: true}, every request a span and a metric through the global OpenTelemetry)
 * and cached ({@code cache.ttl: 5min}: whole-file reads such as the metadata files and STAC pages
 * are kept for 5 minutes; conditional reads of the station files always go to the server). Further
 * store keys (for example {@code retry.max-attempts}) are passed with {@link #withOptions(Map,
 * Map)}, and compose in the registry's one order: retry, then cache, then observe outermost.
 *
 * <p>The backend's own retries are turned off ({@code retries = 0}) so a throttling answer reaches
 * the source at once, which then backs off without blocking a thread and honours {@code
 * Retry-After} itself.
 */
public final class HttpFeedStores {
  /** The backend name used in the registry (it appears in errors and telemetry). */
  public static final String BACKEND = "meteoswiss";

  /** How long whole-file reads (metadata files, STAC pages) are served from the cache. */
  public static final Duration METADATA_CACHE_TTL = Duration.ofMinutes(5);

  /** The store keys every feed store gets unless overridden. */
  public static final Map<String, String> DEFAULT_STORE_OPTIONS =
      Map.of("observe.opentelemetry", "true", "cache.ttl", METADATA_CACHE_TTL.toMinutes() + "min");

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
    return withOptions(options, Map.of());
  }

  /**
   * A factory passing extra {@code http} backend options and store options (decorator keys such as
   * {@code retry.max-attempts}, {@code cache.ttl}, {@code observe.opentelemetry}), which override
   * {@link #DEFAULT_STORE_OPTIONS}.
   */
  public static FeedStoreFactory withOptions(
      Map<String, String> backendOptions, Map<String, String> storeOptions) {
    Map<String, String> backendCopy = new LinkedHashMap<>(backendOptions);
    Map<String, String> storeCopy = new LinkedHashMap<>(DEFAULT_STORE_OPTIONS);
    storeCopy.putAll(storeOptions);
    return rootUrl -> {
      Map<String, String> backend = new LinkedHashMap<>();
      backend.put("retries", "0");
      backend.putAll(backendCopy);
      backend.put("base-url", rootUrl);
      Registry registry =
          Registry.create(
              RegistryConfig.builder()
                  .backend(BACKEND, "http", backend)
                  .store(BACKEND, BACKEND, "", storeCopy)
                  .build());
      return new FeedStoreFactory.OpenedStore(registry.store(BACKEND), registry);
    };
  }
}
