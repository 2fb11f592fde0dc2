package org.remotestore.ext.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every hook call as a line such as {@code after read a.txt r=5 w=-1}. */
final class RecordingObserver implements StoreObserver {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<StoreOperation> started = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @Override
  public void before(StoreOperation op) {
    started.add(op);
    events.add("before " + op.operation() + " " + op.path());
  }

  @Override
  public void after(StoreOperation op, OperationOutcome outcome) {
    if (outcome.duration().isNegative()) {
      throw new AssertionError("negative duration");
    }
    events.add(
        "after "
            + op.operation()
            + " "
            + op.path()
            + " r="
            + outcome.bytesRead()
            + " w="
            + outcome.bytesWritten());
  }

  @Override
  public void onError(StoreOperation op, OperationOutcome outcome, Throwable error) {
    errors.add(error);
    events.add(
        "error "
            + op.operation()
            + " "
            + op.path()
            + " "
            + error.getClass().getSimpleName()
            + " w="
            + outcome.bytesWritten());
  }
}
