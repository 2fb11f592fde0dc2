package org.remotestore.ext.async;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The future of one {@link AsyncStore} call. Cancelling it stops the call: a waiting call never
 * runs, a running one has its abort action run (a read's stream closed, a write's atomic output
 * abandoned) and its thread interrupted.
 *
 * @param <T> the result type
 */
public final class AsyncCall<T> extends CompletableFuture<T> {
  volatile Future<?> task;
  private volatile AbortAction abort;

  AsyncCall() {}

  /**
   * Registers what aborts the running request (for example closing its stream). Runs at once when
   * the call is already cancelled.
   */
  public void onAbort(AbortAction action) throws IOException {
    this.abort = action;
    if (isCancelled()) {
      runAbort();
      throw new AsyncStore.CancelledCall();
    }
  }

  /**
   * Fails fast when the future was cancelled.
   *
   * @throws IOException (an {@link java.io.InterruptedIOException}) when it was
   */
  public void checkNotCancelled() throws IOException {
    if (isCancelled()) {
      throw new AsyncStore.CancelledCall();
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      runAbort();
      Future<?> t = task;
      if (t != null) {
        t.cancel(true); // a waiting call never runs; a running one is interrupted
      }
    }
    return cancelled;
  }

  private void runAbort() {
    AbortAction a = abort;
    if (a != null) {
      try {
        a.abort();
      } catch (IOException | RuntimeException ignored) {
        // aborting is best effort; the future is cancelled either way
      }
    }
  }

  void run(AsyncStore.StoreWork<T> work) {
    if (isDone()) {
      return;
    }
    try {
      complete(work.run(this));
    } catch (Throwable t) {
      if (!isCancelled()) {
        completeExceptionally(t);
      }
    } finally {
      Thread.interrupted(); // an interrupt meant for this call does not leak to the next
    }
  }

  /** Aborts a running request. */
  @FunctionalInterface
  public interface AbortAction {
    /** Aborts; may be called from another thread while the request runs. */
    void abort() throws IOException;
  }
}
