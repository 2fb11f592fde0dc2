package org.remotestore;

import java.time.Duration;
import java.util.Optional;

/**
 * The backend could not be reached or answered with a transient failure (throttling, 5xx,
 * connection reset). Retrying later may succeed; when the server said how long to wait (HTTP {@code
 * Retry-After}), {@link #retryAfter()} carries it.
 */
public class BackendUnavailable extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** The server's requested wait, or {@code null}; a {@link Duration} is serializable. */
  private final Duration retryAfter;

  /** Creates the exception. */
  public BackendUnavailable(String message, String backend, String path, Throwable cause) {
    this(message, backend, path, cause, null);
  }

  /** Creates the exception without a cause. */
  public BackendUnavailable(String message, String backend, String path) {
    this(message, backend, path, null, null);
  }

  /**
   * Creates the exception with the wait the server asked for.
   *
   * @param retryAfter the server's {@code Retry-After} as a wait from the moment of the answer
   *     (negative values are taken as zero), or {@code null} when the server gave none
   */
  public BackendUnavailable(
      String message, String backend, String path, Throwable cause, Duration retryAfter) {
    super(message, backend, path, cause);
    this.retryAfter = retryAfter == null || !retryAfter.isNegative() ? retryAfter : Duration.ZERO;
  }

  /**
   * How long the server asked the client to wait before trying again (HTTP {@code Retry-After} of a
   * {@code 429} or {@code 503} answer), or empty when it did not say.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
