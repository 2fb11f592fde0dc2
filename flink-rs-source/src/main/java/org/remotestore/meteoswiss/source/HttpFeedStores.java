package org.remotestore.meteoswiss.source;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CachingStore;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.observe.OpenTelemetryObserver;

/**
 * The default {@link FeedStoreFactory}: a {@link Registry} with one backend of type {@code http}
 * rooted at the requested URL, observed ({@link ObservedStore} reporting to {@link
 * GlobalOpenTelemetry}, so every request becomes a span and a metric) and cached ({@link
 * CachingStore}: whole-file reads such as the metadata files and STAC pages are kept for 5 minutes;
 * conditional reads of the station files always go to the server).
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
      Store observed =
          ObservedStore.wrap(
              registry.store(BACKEND), OpenTelemetryObserver.create(GlobalOpenTelemetry.get()));
      Store cached =
          CachingStore.wrap(observed, CacheConfig.builder().ttl(METADATA_CACHE_TTL).build());
      return new FeedStoreFactory.OpenedStore(cached, registry);
    };
  }
}
