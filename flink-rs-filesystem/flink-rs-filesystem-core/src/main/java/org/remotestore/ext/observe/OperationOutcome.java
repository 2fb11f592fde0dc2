package org.remotestore.ext.observe;

import java.time.Duration;
import java.util.Objects;

/**
 * How an operation ended: how long it took and how many bytes it moved.
 *
 * @param duration from the call until the operation ended; for streams, until they were closed
 * @param bytesRead bytes delivered to the caller, or {@code -1} when the operation reads none
 * @param bytesWritten bytes accepted from the caller, or {@code -1} when the operation writes none
 */
public record OperationOutcome(Duration duration, long bytesRead, long bytesWritten) {
  /** Validates the record. */
  public OperationOutcome {
    Objects.requireNonNull(duration, "duration");
  }
}
