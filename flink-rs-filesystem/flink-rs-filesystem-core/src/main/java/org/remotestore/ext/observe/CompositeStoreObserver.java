package org.remotestore.ext.observe;

import java.util.List;

/** Calls several observers in order; one failing observer does not keep the others from running. */
final class CompositeStoreObserver implements StoreObserver {
  private final List<StoreObserver> observers;

  CompositeStoreObserver(List<StoreObserver> observers) {
    this.observers = observers;
  }

  @Override
  public void before(StoreOperation operation) {
    for (StoreObserver o : observers) {
      ObserverCalls.before(o, operation);
    }
  }

  @Override
  public void after(StoreOperation operation, OperationOutcome outcome) {
    for (StoreObserver o : observers) {
      ObserverCalls.after(o, operation, outcome);
    }
  }

  @Override
  public void onError(StoreOperation operation, OperationOutcome outcome, Throwable error) {
    for (StoreObserver o : observers) {
      ObserverCalls.onError(o, operation, outcome, error);
    }
  }

  @Override
  public String toString() {
    return "CompositeStoreObserver" + observers;
  }
}
