package org.remotestore.ext.observe;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** One running operation; reports its end exactly once. */
final class Invocation {
  private final StoreObserver observer;
  private final StoreOperation operation;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();

  Invocation(StoreObserver observer, StoreOperation operation, long startNanos) {
    this.observer = observer;
    this.operation = operation;
    this.startNanos = startNanos;
  }

  private OperationOutcome outcome(long bytesRead, long bytesWritten) {
    return new OperationOutcome(
        Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos)), bytesRead, bytesWritten);
  }

  void succeeded(long bytesRead, long bytesWritten) {
    if (ended.compareAndSet(false, true)) {
      ObserverCalls.after(observer, operation, outcome(bytesRead, bytesWritten));
    }
  }

  void failed(Throwable error) {
    failed(error, -1, -1);
  }

  void failed(Throwable error, long bytesRead, long bytesWritten) {
    if (ended.compareAndSet(false, true)) {
      ObserverCalls.onError(observer, operation, outcome(bytesRead, bytesWritten), error);
    }
  }
}
