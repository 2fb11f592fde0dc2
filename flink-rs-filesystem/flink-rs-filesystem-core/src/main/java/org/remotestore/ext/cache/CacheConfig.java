package org.remotestore.ext.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Immutable settings of a {@link CachingStore}, made with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code ttl}: how long an entry is served before it is fetched again (default 60 s);
 *   <li>{@code maxEntries}: how many entries (one per path and kind of answer) are kept (default 10
 *       000);
 *   <li>{@code maxBytes}: how many bytes of file content are kept in total (default 64 MiB);
 *   <li>{@code maxEntryBytes}: the largest file whose content is cached (default 1 MiB; larger
 *       files are always read from the store);
 *   <li>{@code ticker}: the monotonic clock in nanoseconds used for the TTL (default {@link
 *       System#nanoTime()}; tests inject their own).
 * </ul>
 *
 * <p>When either bound is exceeded, the least recently used entries are evicted.
 */
public final class CacheConfig {
  private final Duration ttl;
  private final long maxEntries;
  private final long maxBytes;
  private final long maxEntryBytes;
  private final LongSupplier ticker;

  private CacheConfig(Builder b) {
    this.ttl = b.ttl;
    this.maxEntries = b.maxEntries;
    this.maxBytes = b.maxBytes;
    this.maxEntryBytes = Math.min(b.maxEntryBytes, b.maxBytes);
    this.ticker = b.ticker;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static CacheConfig defaults() {
    return builder().build();
  }

  /** Time to live of an entry. */
  public Duration ttl() {
    return ttl;
  }

  /** Most entries kept. */
  public long maxEntries() {
    return maxEntries;
  }

  /** Most content bytes kept. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Largest file content cached (never more than {@link #maxBytes()}). */
  public long maxEntryBytes() {
    return maxEntryBytes;
  }

  /** The clock for the TTL, in nanoseconds. */
  public LongSupplier ticker() {
    return ticker;
  }

  @Override
  public String toString() {
    return "CacheConfig{ttl="
        + ttl
        + ", maxEntries="
        + maxEntries
        + ", maxBytes="
        + maxBytes
        + ", maxEntryBytes="
        + maxEntryBytes
        + "}";
  }

  /** Builds a {@link CacheConfig}; each setter validates its value. */
  public static final class Builder {
    private Duration ttl = Duration.ofSeconds(60);
    private long maxEntries = 10_000;
    private long maxBytes = 64L << 20;
    private long maxEntryBytes = 1L << 20;
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /** Time to live of an entry; must be positive. */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("cache ttl must be positive, was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** Most entries kept; must be positive. */
    public Builder maxEntries(long maxEntries) {
      if (maxEntries <= 0) {
        throw new IllegalArgumentException("cache maxEntries must be positive, was " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /** Most content bytes kept; {@code 0} caches metadata only. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("cache maxBytes must not be negative, was " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Largest file content cached; {@code 0} caches metadata only. */
    public Builder maxEntryBytes(long maxEntryBytes) {
      if (maxEntryBytes < 0) {
        throw new IllegalArgumentException(
            "cache maxEntryBytes must not be negative, was " + maxEntryBytes);
      }
      this.maxEntryBytes = maxEntryBytes;
      return this;
    }

    /** The monotonic clock for the TTL, in nanoseconds. */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The configuration. */
    public CacheConfig build() {
      return new CacheConfig(this);
    }
  }
}
