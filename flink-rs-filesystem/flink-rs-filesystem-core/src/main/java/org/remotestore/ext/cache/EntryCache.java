package org.remotestore.ext.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared state of a {@link CachingStore} and its children: answers keyed by full backend key
 * and kind, in least-recently-used order, bounded by entry count and content bytes, with a TTL.
 *
 * <p>Every invalidation advances a generation counter. A load records the generation before it asks
 * the wrapped store and is stored only if no invalidation happened meanwhile, so an answer fetched
 * before a concurrent write can never be cached after it.
 */
final class EntryCache {

  /** The kinds of answers cached per key. */
  enum Kind {
    CONTENT,
    FILE_INFO,
    EXISTS,
    IS_FILE,
    IS_FOLDER
  }

  /** Marks a cached "no such file" answer. */
  static final Object ABSENT = new Object();

  private record Slot(String key, Kind kind) {}

  private record Entry(Object value, long weight, long loadedAt) {}

  private final LinkedHashMap<Slot, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final CacheConfig config;
  private final long ttlNanos;

  private long bytes;
  private long generation;
  private long hits;
  private long misses;
  private long evictions;
  private long expirations;
  private long invalidations;

  EntryCache(CacheConfig config) {
    this.config = config;
    this.ttlNanos = saturatedNanos(config);
  }

  private static long saturatedNanos(CacheConfig config) {
    try {
      return config.ttl().toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  CacheConfig config() {
    return config;
  }

  /** The cached answer, or {@code null} (a miss); counts a hit or a miss. */
  synchronized Object get(String key, Kind kind) {
    Slot slot = new Slot(key, kind);
    Entry entry = entries.get(slot);
    if (entry == null) {
      misses++;
      return null;
    }
    if (config.ticker().getAsLong() - entry.loadedAt() >= ttlNanos) {
      remove(slot, entry);
      expirations++;
      misses++;
      return null;
    }
    hits++;
    return entry.value();
  }

  /** The generation to pass to {@link #put} for a load that starts now. */
  synchronized long generation() {
    return generation;
  }

  /**
   * Caches an answer loaded since {@code loadGeneration}, unless an invalidation happened since or
   * the answer is too large.
   */
  synchronized void put(String key, Kind kind, Object value, long weight, long loadGeneration) {
    if (loadGeneration != generation || weight > config.maxEntryBytes()) {
      return;
    }
    Slot slot = new Slot(key, kind);
    Entry previous = entries.put(slot, new Entry(value, weight, config.ticker().getAsLong()));
    if (previous != null) {
      bytes -= previous.weight();
    }
    bytes += weight;
    Iterator<Map.Entry<Slot, Entry>> eldest = entries.entrySet().iterator();
    while ((entries.size() > config.maxEntries() || bytes > config.maxBytes())
        && eldest.hasNext()) {
      Map.Entry<Slot, Entry> e = eldest.next();
      bytes -= e.getValue().weight();
      eldest.remove();
      evictions++;
    }
  }

  /** Drops every answer about {@code key} and about the folders above it. */
  synchronized void invalidate(String key) {
    generation++;
    removeKey(key);
    removeAncestors(key);
  }

  /** Drops every answer about {@code key}, everything below it and the folders above it. */
  synchronized void invalidateTree(String key) {
    generation++;
    String prefix = key + "/";
    Iterator<Map.Entry<Slot, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Slot, Entry> e = it.next();
      String k = e.getKey().key();
      if (key.isEmpty() || k.equals(key) || k.startsWith(prefix)) {
        bytes -= e.getValue().weight();
        it.remove();
        invalidations++;
      }
    }
    removeAncestors(key);
  }

  /** Drops everything. */
  synchronized void clear() {
    generation++;
    invalidations += entries.size();
    entries.clear();
    bytes = 0;
  }

  synchronized CacheStats stats() {
    return new CacheStats(
        hits, misses, evictions, expirations, invalidations, entries.size(), bytes);
  }

  private void removeAncestors(String key) {
    if (key.isEmpty()) {
      return;
    }
    int slash = key.lastIndexOf('/');
    while (slash > 0) {
      removeKey(key.substring(0, slash));
      slash = key.lastIndexOf('/', slash - 1);
    }
    removeKey("");
  }

  private void removeKey(String key) {
    for (Kind kind : Kind.values()) {
      Slot slot = new Slot(key, kind);
      Entry entry = entries.get(slot);
      if (entry != null) {
        remove(slot, entry);
        invalidations++;
      }
    }
  }

  private void remove(Slot slot, Entry entry) {
    entries.remove(slot);
    bytes -= entry.weight();
  }
}
