package org.remotestore.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;
import org.apache.hc.client5.http.utils.DateUtils;
import org.remotestore.ext.retry.RetryPolicy;

/**
 * When and how long the http backend waits before retrying: the project's shared {@link
 * RetryPolicy} (exponential back-off with jitter, bounded per wait and in total, the server's wait
 * honoured when it fits the budget) set from the backend's options, plus the parsing of {@code
 * Retry-After} (seconds or an HTTP-date) by this backend's clock.
 */
final class HttpRetryPolicy {

  /** Waits; replaced in tests so nothing depends on wall-clock time. */
  @FunctionalInterface
  interface Sleeper {
    /** Sleeps for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper. */
    static Sleeper system() {
      return d -> Thread.sleep(d.toMillis());
    }
  }

  private final RetryPolicy shared;
  private final Clock clock;
  private final Sleeper sleeper;

  HttpRetryPolicy(
      int retries,
      Duration baseDelay,
      Duration maxDelay,
      Duration maxTotal,
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random) {
    this.shared =
        RetryPolicy.builder()
            .maxAttempts(retries + 1)
            .initialBackoff(baseDelay)
            .maxBackoff(maxDelay)
            .maxTotalWait(maxTotal)
            .sleeper(sleeper::sleep)
            .random(random)
            .build();
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The shared policy that retries the backend's requests. */
  RetryPolicy shared() {
    return shared;
  }

  /** The retries after the first attempt. */
  int retries() {
    return shared.maxAttempts() - 1;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /**
   * The server's {@code Retry-After} header value as a wait from now (by this policy's clock), or
   * {@code null} when absent or malformed.
   */
  Duration retryAfter(String value) {
    return parseRetryAfter(value, clock.instant());
  }

  /** Exponential back-off for retry number {@code retry}, capped, with jitter in [50%, 100%]. */
  Duration backoff(int retry) {
    return shared.backoff(retry);
  }

  /**
   * A {@code Retry-After} value as a wait from {@code now}: delta-seconds or an HTTP-date (a date
   * in the past means no wait). Returns {@code null} when absent or malformed.
   */
  static Duration parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return null; // absurdly long
      }
    }
    Instant at;
    try {
      at = DateUtils.parseStandardDate(v);
    } catch (DateTimeParseException e) {
      return null;
    }
    if (at == null) {
      return null;
    }
    Duration d = Duration.between(now, at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
