package org.remotestore.meteoswiss.source;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CacheStats;
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

  private static final Set<CachingStore> OPEN_CACHES = ConcurrentHashMap.newKeySet();
  private static final long[] CLOSED_COUNTS = new long[5];

  private HttpFeedStores() {}

  /**
   * The counters of every feed cache these factories opened in this JVM, summed: hits, misses,
   * evictions, expirations and invalidations of open and closed caches, entries and bytes of the
   * open ones. In a local environment or MiniCluster the source's readers run in this JVM, so this
   * is the source's HTTP cache (the demo prints it after the first bronze ingest).
   */
  public static CacheStats cacheStats() {
    long[] sum;
    synchronized (CLOSED_COUNTS) {
      sum = CLOSED_COUNTS.clone();
    }
    long entries = 0;
    long bytes = 0;
    for (CachingStore cache : OPEN_CACHES) {
      CacheStats s = cache.stats();
      sum[0] += s.hits();
      sum[1] += s.misses();
      sum[2] += s.evictions();
      sum[3] += s.expirations();
      sum[4] += s.invalidations();
      entries += s.entries();
      bytes += s.bytes();
    }
    return new CacheStats(sum[0], sum[1], sum[2], sum[3], sum[4], entries, bytes);
  }

  private static void retire(CachingStore cache) {
    if (OPEN_CACHES.remove(cache)) {
      CacheStats s = cache.stats();
      synchronized (CLOSED_COUNTS) {
        CLOSED_COUNTS[0] += s.hits();
        CLOSED_COUNTS[1] += s.misses();
        CLOSED_COUNTS[2] += s.evictions();
        CLOSED_COUNTS[3] += s.expirations();
        CLOSED_COUNTS[4] += s.invalidations();
      }
    }
  }

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
      CachingStore cached =
          CachingStore.wrap(observed, CacheConfig.builder().ttl(METADATA_CACHE_TTL).build());
      OPEN_CACHES.add(cached);
      AutoCloseable resources =
          () -> {
            retire(cached);
            registry.close();
          };
      return new FeedStoreFactory.OpenedStore(cached, resources);
    };
  }
}
