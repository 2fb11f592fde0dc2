package org.remotestore.ext.observe;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link StoreObserver} that counts the operations of one store: in total, per operation, failed
 * ones, and the bytes read and written. The same counts as the OpenTelemetry metrics {@code
 * remote_store.operations} and {@code remote_store.errors}, kept in the JVM so that other code
 * (Flink metric groups, JMX) can read them. Cheap: a few {@link LongAdder} increments per call.
 *
 * <pre>{@code
 * OperationCounter counter = new OperationCounter("lake");
 * Store counted = ObservedStore.wrap(store, counter);
 * counted.write("a.txt", bytes);
 * long writes = counter.operationCount("write"); // 1
 * }</pre>
 */
public final class OperationCounter implements StoreObserver, OperationCounterMBean {
  private final String store;
  private final LongAdder operations = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final ConcurrentMap<String, LongAdder[]> perOperation = new ConcurrentHashMap<>();

  /**
   * A counter with every count at zero.
   *
   * @param store the name of the store it counts
   */
  public OperationCounter(String store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void after(StoreOperation operation, OperationOutcome outcome) {
    count(operation, outcome, false);
  }

  @Override
  public void onError(StoreOperation operation, OperationOutcome outcome, Throwable error) {
    count(operation, outcome, true);
  }

  private void count(StoreOperation operation, OperationOutcome outcome, boolean failed) {
    LongAdder[] op =
        perOperation.computeIfAbsent(
            operation.operation(), name -> new LongAdder[] {new LongAdder(), new LongAdder()});
    operations.increment();
    op[0].increment();
    if (failed) {
      errors.increment();
      op[1].increment();
    }
    if (outcome.bytesRead() > 0) {
      bytesRead.add(outcome.bytesRead());
    }
    if (outcome.bytesWritten() > 0) {
      bytesWritten.add(outcome.bytesWritten());
    }
  }

  @Override
  public String getStore() {
    return store;
  }

  @Override
  public long getOperations() {
    return operations.sum();
  }

  @Override
  public long getErrors() {
    return errors.sum();
  }

  @Override
  public long getBytesRead() {
    return bytesRead.sum();
  }

  @Override
  public long getBytesWritten() {
    return bytesWritten.sum();
  }

  @Override
  public String[] getOperationNames() {
    return perOperation.keySet().stream().sorted().toArray(String[]::new);
  }

  @Override
  public long operationCount(String operation) {
    LongAdder[] op = perOperation.get(operation);
    return op == null ? 0 : op[0].sum();
  }

  @Override
  public long errorCount(String operation) {
    LongAdder[] op = perOperation.get(operation);
    return op == null ? 0 : op[1].sum();
  }

  @Override
  public String toString() {
    return "OperationCounter{store="
        + store
        + ", operations="
        + getOperations()
        + ", errors="
        + getErrors()
        + "}";
  }
}
