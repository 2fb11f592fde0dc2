package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to poll next: the regular interval with jitter, and exponential backoff after failures that
 * honours a server's Retry-After.
 *
 * @param pollInterval time between two polls of the same file
 * @param jitter fraction of the interval added at random (0 to 1), so that many splits do not poll
 *     in lock step
 * @param initialBackoff delay after the first failure in a row
 * @param maxBackoff upper bound of the delay after failures (a longer Retry-After still wins)
 */
public record PollTiming(
    Duration pollInterval, double jitter, Duration initialBackoff, Duration maxBackoff)
    implements Serializable {

  /** The defaults: poll every 10 minutes with 10 % jitter; back off from 5 s up to 5 min. */
  public static final PollTiming DEFAULT =
      new PollTiming(Duration.ofMinutes(10), 0.1, Duration.ofSeconds(5), Duration.ofMinutes(5));

  /** Validates the values. */
  public PollTiming {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive: " + pollInterval);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max: " + initialBackoff + ", " + maxBackoff);
    }
  }

  /** The same timing with another poll interval. */
  public PollTiming withPollInterval(Duration interval) {
    return new PollTiming(interval, jitter, initialBackoff, maxBackoff);
  }

  /** The delay until the next regular poll: the interval plus up to {@code jitter} of it. */
  public long nextPollDelayMillis(RandomGenerator random) {
    long base = pollInterval.toMillis();
    return base + (long) (base * jitter * random.nextDouble());
  }

  /**
   * The delay after {@code consecutiveFailures} failures in a row (1 = the first): {@code initial *
   * 2^(n-1)} capped at the maximum, with up to half of it taken off at random, and never less than
   * the server's Retry-After.
   *
   * @param retryAfter the server's Retry-After, or {@code null}
   */
  public long backoffDelayMillis(
      int consecutiveFailures, Duration retryAfter, RandomGenerator random) {
    int exponent = Math.max(0, Math.min(30, consecutiveFailures - 1));
    long capped = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << exponent);
    if (exponent >= 30) {
      capped = maxBackoff.toMillis();
    }
    long jittered = capped - (long) (capped * 0.5 * random.nextDouble());
    long floor = retryAfter == null ? 0 : Math.max(0, retryAfter.toMillis());
    return Math.max(jittered, floor);
  }
}
