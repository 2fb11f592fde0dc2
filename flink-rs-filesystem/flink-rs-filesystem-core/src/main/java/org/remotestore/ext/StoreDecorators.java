package org.remotestore.ext;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;
import org.remotestore.Store;
import org.remotestore.StoreProfile;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CachingStore;
import org.remotestore.ext.observe.JmxOperationCounters;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.observe.OpenTelemetryObserver;
import org.remotestore.ext.observe.StoreObserver;
import org.remotestore.ext.retry.RetryPolicy;
import org.remotestore.ext.retry.RetryingStore;

/**
 * The decorators a store gets from its configuration, {@code rs.stores.<name>.retry.*}, {@code
 * .cache.*} and {@code .observe.*}, always composed in one order: retry innermost (one observed
 * operation however many attempts it took, and a cache that never stores a transient failure), then
 * the cache, then the observer outermost (so it sees every call, cached or not).
 *
 * <table>
 *   <caption>Decorator keys (below {@code rs.stores.<name>.})</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code retry.max-attempts}</td><td>attempts, the first included, at least 1</td>
 *       <td>3 when any {@code retry.*} key is set; no retry otherwise</td></tr>
 *   <tr><td>{@code retry.initial-backoff}</td><td>duration, doubled per retry</td><td>100ms</td></tr>
 *   <tr><td>{@code retry.max-backoff}</td><td>duration, cap of one wait</td><td>5s</td></tr>
 *   <tr><td>{@code retry.max-total-wait}</td><td>duration, all waits of one call</td><td>30s</td></tr>
 *   <tr><td>{@code cache.enabled}</td><td>true / false</td>
 *       <td>true when any other {@code cache.*} key is set</td></tr>
 *   <tr><td>{@code cache.ttl}</td><td>duration, positive</td><td>60s</td></tr>
 *   <tr><td>{@code cache.max-entries}</td><td>positive integer</td><td>10000</td></tr>
 *   <tr><td>{@code cache.max-bytes}</td><td>size, e.g. 64mb</td><td>64mb</td></tr>
 *   <tr><td>{@code cache.max-entry-bytes}</td><td>size</td><td>1mb</td></tr>
 *   <tr><td>{@code observe.opentelemetry}</td><td>true / false: spans and metrics through
 *       {@link GlobalOpenTelemetry}</td><td>false</td></tr>
 *   <tr><td>{@code observe.counters}</td><td>true / false: operation counts kept in the JVM and
 *       published over JMX ({@link JmxOperationCounters}), which the sinks show in their Flink
 *       metric groups; applies to stores of a {@link org.remotestore.Registry}</td>
 *       <td>true</td></tr>
 * </table>
 *
 * <p>Every other key under {@code retry.}, {@code cache.} or {@code observe.} is refused, naming
 * the key and the known ones.
 */
public final class StoreDecorators {
  /** The retry keys, without the {@code retry.} prefix. */
  public static final Set<String> RETRY_KEYS =
      Set.of("max-attempts", "initial-backoff", "max-backoff", "max-total-wait");

  /** The cache keys, without the {@code cache.} prefix. */
  public static final Set<String> CACHE_KEYS =
      Set.of("enabled", "ttl", "max-entries", "max-bytes", "max-entry-bytes");

  /** The observe keys, without the {@code observe.} prefix. */
  public static final Set<String> OBSERVE_KEYS = Set.of("opentelemetry", "counters");

  private static final Map<String, Set<String>> GROUPS =
      Map.of("retry", RETRY_KEYS, "cache", CACHE_KEYS, "observe", OBSERVE_KEYS);

  private StoreDecorators() {}

  /**
   * Checks every decorator key of a store without creating anything.
   *
   * @throws ConfigException naming the key at fault
   */
  public static void validate(StoreProfile profile) {
    for (String option : profile.options().keySet()) {
      int dot = option.indexOf('.');
      if (dot < 0) {
        continue;
      }
      Set<String> known = GROUPS.get(option.substring(0, dot));
      if (known != null && !known.contains(option.substring(dot + 1))) {
        String key = profile.key(option);
        throw new ConfigException(
            key,
            "Unknown option "
                + key
                + "; known "
                + option.substring(0, dot)
                + " options: "
                + new TreeSet<>(known));
      }
    }
    retryPolicy(profile);
    cacheConfig(profile);
    observe(profile);
    counters(profile);
  }

  /** {@code store} wrapped as its profile's decorator keys say (itself when none is set). */
  public static Store decorate(Store store, StoreProfile profile) {
    return decorate(store, profile, null);
  }

  /**
   * {@code store} wrapped as its profile's decorator keys say, with {@code alsoObserve} (when not
   * {@code null}) observing in the outermost layer next to OpenTelemetry.
   */
  public static Store decorate(Store store, StoreProfile profile, StoreObserver alsoObserve) {
    Store decorated = store;
    RetryPolicy retry = retryPolicy(profile);
    if (retry.retries()) {
      decorated = RetryingStore.wrap(decorated, retry);
    }
    CacheConfig cache = cacheConfig(profile);
    if (cache != null) {
      decorated = CachingStore.wrap(decorated, cache);
    }
    List<StoreObserver> observers = new ArrayList<>(2);
    if (observe(profile)) {
      observers.add(OpenTelemetryObserver.create(GlobalOpenTelemetry.get()));
    }
    if (alsoObserve != null) {
      observers.add(alsoObserve);
    }
    if (observers.size() == 1) {
      decorated = ObservedStore.wrap(decorated, observers.get(0));
    } else if (observers.size() > 1) {
      decorated = ObservedStore.wrap(decorated, StoreObserver.composite(observers));
    }
    return decorated;
  }

  /** The retry policy of the profile; {@link RetryPolicy#none()} when no retry key is set. */
  public static RetryPolicy retryPolicy(StoreProfile profile) {
    Options o = new Options(profile, "retry.");
    if (!o.any()) {
      return RetryPolicy.none();
    }
    RetryPolicy.Builder b = RetryPolicy.builder();
    b.maxAttempts((int) o.positiveLong("max-attempts", 3));
    b.initialBackoff(o.duration("initial-backoff", b.build().initialBackoff(), false));
    b.maxBackoff(o.duration("max-backoff", b.build().maxBackoff(), false));
    b.maxTotalWait(o.duration("max-total-wait", b.build().maxTotalWait(), false));
    return b.build();
  }

  /** The cache settings of the profile, or {@code null} when the store is not cached. */
  public static CacheConfig cacheConfig(StoreProfile profile) {
    Options o = new Options(profile, "cache.");
    boolean enabled = o.bool("enabled", o.anyBut("enabled"));
    if (!enabled) {
      return null;
    }
    CacheConfig defaults = CacheConfig.defaults();
    return CacheConfig.builder()
        .ttl(o.duration("ttl", defaults.ttl(), true))
        .maxEntries(o.positiveLong("max-entries", defaults.maxEntries()))
        .maxBytes(o.bytes("max-bytes", defaults.maxBytes()))
        .maxEntryBytes(o.bytes("max-entry-bytes", defaults.maxEntryBytes()))
        .build();
  }

  /** Whether the profile asks for OpenTelemetry spans and metrics. */
  public static boolean observe(StoreProfile profile) {
    return new Options(profile, "observe.").bool("opentelemetry", false);
  }

  /** Whether the profile keeps operation counts ({@code observe.counters}, default true). */
  public static boolean counters(StoreProfile profile) {
    return new Options(profile, "observe.").bool("counters", true);
  }

  /** The options of one decorator, read and checked with errors naming the store key. */
  private static final class Options {
    private final StoreProfile profile;
    private final String prefix;

    Options(StoreProfile profile, String prefix) {
      this.profile = profile;
      this.prefix = prefix;
    }

    boolean any() {
      return profile.options().keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    boolean anyBut(String option) {
      return profile.options().keySet().stream()
          .anyMatch(k -> k.startsWith(prefix) && !k.equals(prefix + option));
    }

    private String value(String option) {
      String v = profile.options().get(prefix + option);
      return v == null || v.isBlank() ? null : v.trim();
    }

    private String key(String option) {
      return profile.key(prefix + option);
    }

    boolean bool(String option, boolean fallback) {
      String v = value(option);
      if (v == null) {
        return fallback;
      }
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(v);
      }
      throw malformed(option, v, "true or false");
    }

    long positiveLong(String option, long fallback) {
      String v = value(option);
      if (v == null) {
        return fallback;
      }
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw malformed(option, v, "a positive integer");
      }
      if (n < 1 || n > Integer.MAX_VALUE) {
        throw malformed(option, v, "a positive integer");
      }
      return n;
    }

    Duration duration(String option, Duration fallback, boolean positive) {
      String v = value(option);
      if (v == null) {
        return fallback;
      }
      if (v.startsWith("-")) {
        throw malformed(option, v, positive ? "a positive duration" : "a duration of 0 or more");
      }
      Duration d;
      try {
        d = BackendConfig.parseDuration(v, key(option));
      } catch (ConfigException e) {
        throw malformed(option, v, "a duration such as 30s");
      }
      if (positive && d.isZero()) {
        throw malformed(option, v, "a positive duration");
      }
      return d;
    }

    long bytes(String option, long fallback) {
      String v = value(option);
      if (v == null) {
        return fallback;
      }
      long n;
      try {
        n =
            new BackendConfig(profile.name(), "store", Map.of(option, v))
                .getBytes(option, fallback);
      } catch (ConfigException e) {
        throw malformed(option, v, "a size such as 64mb");
      }
      if (n < 1) {
        throw malformed(option, v, "a positive size");
      }
      return n;
    }

    private ConfigException malformed(String option, String value, String expected) {
      return new ConfigException(
          key(option),
          "Malformed value '" + value + "' for " + key(option) + ": expected " + expected);
    }
  }
}
