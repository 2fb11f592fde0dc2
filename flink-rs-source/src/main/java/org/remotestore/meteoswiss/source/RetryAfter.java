package org.remotestore.meteoswiss.source;

import java.time.Duration;
import org.remotestore.BackendUnavailable;

/**
 * Finds the server's Retry-After in a failure: the typed {@link BackendUnavailable#retryAfter()} of
 * the first {@link BackendUnavailable} in the cause chain that carries one (the {@code http}
 * backend sets it from the {@code Retry-After} header of a {@code 429} or {@code 503} answer).
 */
final class RetryAfter {
  private RetryAfter() {}

  /** The Retry-After carried by {@code error} or one of its causes, or {@code null}. */
  static Duration of(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof BackendUnavailable unavailable && unavailable.retryAfter().isPresent()) {
        return unavailable.retryAfter().get();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
