package org.remotestore.meteoswiss.source;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.cache.CacheStats;
import org.remotestore.ext.cache.CachingStore;

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
      Store store = registry.store(BACKEND);
      // the cache the registry built from the cache keys, counted by cacheStats()
      CachingStore cache = store.unwrap(CachingStore.class).orElse(null);
      if (cache == null) {
        return new FeedStoreFactory.OpenedStore(store, registry);
      }
      OPEN_CACHES.add(cache);
      AutoCloseable resources =
          () -> {
            retire(cache);
            registry.close();
          };
      return new FeedStoreFactory.OpenedStore(store, resources);
    };
  }
}
