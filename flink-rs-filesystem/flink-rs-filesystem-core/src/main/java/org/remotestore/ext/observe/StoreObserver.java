package org.remotestore.ext.observe;

import java.util.List;

/**
 * Hooks around every operation of an {@link ObservedStore}. {@link #before} runs when the operation
 * is called; then exactly one of {@link #after} (success) or {@link #onError} (failure) runs when
 * it ends. For streams returned by {@code read}, {@code readRange}, {@code readIfChanged} and
 * {@code openAtomic} the operation ends when the stream is closed (or fails), and the outcome
 * carries the bytes that went through it.
 *
 * <p>Observers must be thread-safe and quick, and should not throw: an exception from an observer
 * is logged and otherwise ignored, never failing the store operation.
 */
public interface StoreObserver {

  /** Called when the operation starts. */
  default void before(StoreOperation operation) {}

  /** Called when the operation succeeded. */
  default void after(StoreOperation operation, OperationOutcome outcome) {}

  /** Called when the operation failed with {@code error} (which the caller then receives). */
  default void onError(StoreOperation operation, OperationOutcome outcome, Throwable error) {}

  /** An observer that calls each of {@code observers} in order, isolating their failures. */
  static StoreObserver composite(StoreObserver... observers) {
    return new CompositeStoreObserver(List.of(observers));
  }

  /** An observer that calls each of {@code observers} in order, isolating their failures. */
  static StoreObserver composite(List<? extends StoreObserver> observers) {
    return new CompositeStoreObserver(List.copyOf(observers));
  }
}
