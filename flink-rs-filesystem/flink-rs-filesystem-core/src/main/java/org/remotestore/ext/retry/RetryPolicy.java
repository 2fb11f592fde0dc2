package org.remotestore.ext.retry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import org.remotestore.BackendUnavailable;
import org.remotestore.RemoteStoreException;

/**
 * When and how long to wait before trying a failed operation again: at most {@link #maxAttempts()}
 * attempts, exponential back-off from {@link #initialBackoff()} capped at {@link #maxBackoff()},
 * with jitter (each wait is drawn between half and all of the capped back-off), all waits together
 * bounded by {@link #maxTotalWait()}, and the server's own wait ({@link
 * BackendUnavailable#retryAfter()}) honoured when it fits that budget.
 *
 * <p>Only failures that {@link #isRetryable(Throwable)} accepts are retried: by default the
 * transient ones, {@link RemoteStoreException#isRetryable()} (throttling, 5xx, connection resets);
 * never a missing file, a denied permission or an invalid path.
 *
 * <p>Immutable and thread-safe; shared by the retrying store decorator and the http backend.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(50)).build();
 * byte[] bytes = policy.execute("read", () -> store.readBytes("a.csv"));
 * }</pre>
 */
public final class RetryPolicy {

  /** Waits between attempts; replaced in tests so nothing depends on wall-clock time. */
  @FunctionalInterface
  public interface Sleeper {
    /** Sleeps for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper, {@link Thread#sleep(long)}. */
    static Sleeper system() {
      return d -> Thread.sleep(d.toMillis());
    }
  }

  /** One attempt of an operation. */
  @FunctionalInterface
  public interface Attempt<T> {
    /** Runs the operation once. */
    T run() throws IOException;
  }

  /** Told about each retry, for logging or metrics. */
  @FunctionalInterface
  public interface RetryListener {
    /**
     * Called before waiting for retry number {@code retry} (1 for the first retry).
     *
     * @param operation the operation's name
     * @param retry the number of the coming retry
     * @param wait how long the policy waits first
     * @param failure the failure of the previous attempt
     */
    void onRetry(String operation, int retry, Duration wait, IOException failure);

    /** A listener that does nothing. */
    static RetryListener none() {
      return (operation, retry, wait, failure) -> {};
    }
  }

  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxTotalWait;
  private final Predicate<Throwable> retryable;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final RetryListener listener;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxTotalWait = b.maxTotalWait;
    this.retryable = b.retryable;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.listener = b.listener;
  }

  /** A builder with the defaults: 3 attempts, 100 ms initial back-off, 5 s cap, 30 s in total. */
  public static Builder builder() {
    return new Builder();
  }

  /** The policy that never retries (one attempt). */
  public static RetryPolicy none() {
    return NONE;
  }

  /** The most attempts, the first included ({@code 1}: no retry). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The back-off before the first retry, doubled for each further one. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The longest single back-off. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The most time spent waiting for one operation, all retries together. */
  public Duration maxTotalWait() {
    return maxTotalWait;
  }

  /** Whether this policy retries at all. */
  public boolean retries() {
    return maxAttempts > 1;
  }

  /** A copy of this policy that tells {@code listener} about every retry. */
  public RetryPolicy withListener(RetryListener listener) {
    Builder b = toBuilder();
    b.listener = Objects.requireNonNull(listener, "listener");
    return b.build();
  }

  /** A builder holding this policy's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.maxTotalWait = maxTotalWait;
    b.retryable = retryable;
    b.sleeper = sleeper;
    b.random = random;
    b.listener = listener;
    return b;
  }

  /** Whether a failure is worth another attempt. */
  public boolean isRetryable(Throwable failure) {
    return retryable.test(failure);
  }

  /**
   * Runs {@code attempt}, again after a wait each time it fails with a retryable failure, until it
   * succeeds, fails otherwise, runs out of attempts or would exceed the total wait. The last
   * failure is thrown, with the earlier ones suppressed.
   *
   * @param operation the operation's name, for the listener
   * @throws InterruptedIOException when the thread is interrupted while waiting
   */
  public <T> T execute(String operation, Attempt<T> attempt) throws IOException {
    Duration waited = Duration.ZERO;
    IOException first = null;
    for (int number = 1; ; number++) {
      try {
        return attempt.run();
      } catch (IOException e) {
        Duration wait = number < maxAttempts && isRetryable(e) ? waitBefore(number, e) : null;
        if (wait == null || waited.plus(wait).compareTo(maxTotalWait) > 0) {
          if (first != null && first != e) {
            e.addSuppressed(first);
          }
          throw e;
        }
        if (first == null) {
          first = e;
        }
        listener.onRetry(operation, number, wait, e);
        sleep(wait);
        waited = waited.plus(wait);
      }
    }
  }

  /**
   * The wait before retry number {@code retry} (1 for the first): the server's {@code Retry-After}
   * when the failure carries one, else the jittered exponential back-off.
   */
  public Duration waitBefore(int retry, Throwable failure) {
    if (failure instanceof BackendUnavailable u && u.retryAfter().isPresent()) {
      return u.retryAfter().get();
    }
    return backoff(retry);
  }

  /** The jittered exponential back-off before retry number {@code retry} (1 for the first). */
  public Duration backoff(int retry) {
    long base = Math.max(1, initialBackoff.toMillis());
    int shift = Math.min(30, Math.max(0, retry - 1));
    long capped = Math.min(maxBackoff.toMillis(), base << shift);
    double factor = 0.5 + 0.5 * random.getAsDouble();
    return Duration.ofMillis(Math.max(0, Math.round(capped * factor)));
  }

  private void sleep(Duration wait) throws InterruptedIOException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("Interrupted while waiting to retry");
      io.initCause(e);
      throw io;
    }
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", maxTotalWait="
        + maxTotalWait
        + "}";
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Duration maxTotalWait = Duration.ofSeconds(30);
    private Predicate<Throwable> retryable =
        t -> t instanceof RemoteStoreException r && r.isRetryable();
    private Sleeper sleeper = Sleeper.system();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private RetryListener listener = RetryListener.none();

    private Builder() {}

    /** The most attempts, the first included; at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The back-off before the first retry; not negative. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /** The longest single back-off; not negative. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /** The most time spent waiting for one operation; not negative. */
    public Builder maxTotalWait(Duration maxTotalWait) {
      this.maxTotalWait = nonNegative(maxTotalWait, "maxTotalWait");
      return this;
    }

    /** Which failures are retried (default: {@link RemoteStoreException#isRetryable()}). */
    public Builder retryOn(Predicate<Throwable> retryable) {
      this.retryable = Objects.requireNonNull(retryable, "retryable");
      return this;
    }

    /** How to wait (tests pass one that records instead of sleeping). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The source of jitter, values in [0, 1) (tests pass a constant). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Told about every retry. */
    public Builder listener(RetryListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
