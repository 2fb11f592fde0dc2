package org.remotestore.ext.cache;

/**
 * A snapshot of a {@link CachingStore}'s counters, shared by the store and its children.
 *
 * @param hits answers served from the cache
 * @param misses answers fetched from the wrapped store (including expired entries)
 * @param evictions entries dropped to respect the size bounds
 * @param expirations entries dropped because their TTL had passed
 * @param invalidations entries dropped because a write, delete, copy or move went through the cache
 * @param entries entries held now
 * @param bytes content bytes held now
 */
public record CacheStats(
    long hits,
    long misses,
    long evictions,
    long expirations,
    long invalidations,
    long entries,
    long bytes) {

  /** Hits divided by lookups, or {@code 0} before the first lookup. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }
}
