package org.remotestore.ext.observe;

import java.lang.System.Logger.Level;

/** Calls an observer so that its own failures are logged and never reach the store's caller. */
final class ObserverCalls {
  private static final System.Logger LOG = System.getLogger(ObservedStore.class.getName());

  private ObserverCalls() {}

  static void before(StoreObserver observer, StoreOperation operation) {
    try {
      observer.before(operation);
    } catch (RuntimeException e) {
      log(observer, "before", operation, e);
    }
  }

  static void after(StoreObserver observer, StoreOperation operation, OperationOutcome outcome) {
    try {
      observer.after(operation, outcome);
    } catch (RuntimeException e) {
      log(observer, "after", operation, e);
    }
  }

  static void onError(
      StoreObserver observer, StoreOperation operation, OperationOutcome outcome, Throwable error) {
    try {
      observer.onError(operation, outcome, error);
    } catch (RuntimeException e) {
      log(observer, "onError", operation, e);
    }
  }

  private static void log(
      StoreObserver observer, String hook, StoreOperation operation, RuntimeException e) {
    LOG.log(
        Level.WARNING, "Store observer " + observer + " failed in " + hook + " of " + operation, e);
  }
}
