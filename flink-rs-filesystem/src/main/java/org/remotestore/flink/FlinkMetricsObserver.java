package org.remotestore.flink;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.remotestore.ext.observe.OperationOutcome;
import org.remotestore.ext.observe.StoreObserver;
import org.remotestore.ext.observe.StoreOperation;

/**
 * A {@link StoreObserver} that counts store operations in a Flink {@link MetricGroup}, so Flink's
 * own metrics (web UI, metric reporters) carry the same counts as the OpenTelemetry metrics {@code
 * remote_store.operations} and {@code remote_store.errors}.
 *
 * <p>Under the group {@value #GROUP} of the operator's metric group:
 *
 * <ul>
 *   <li>{@code operations}: every operation, failed or not; {@code errors}: failed ones;
 *   <li>{@code bytesRead}, {@code bytesWritten}: bytes that went through the store;
 *   <li>per operation, in the sub-group {@code operation=<name>} (for example {@code
 *       remote_store.operation.readIfChanged.operations}), {@code operations} and {@code errors},
 *       registered when the operation is first seen.
 * </ul>
 *
 * <pre>{@code
 * Store counted = ObservedStore.wrap(store, FlinkMetricsObserver.register(getRuntimeContext()
 *     .getMetricGroup()));
 * }</pre>
 */
public final class FlinkMetricsObserver implements StoreObserver {
  /** The name of the metric group holding the counters. */
  public static final String GROUP = "remote_store";

  /** The key of the per-operation sub-groups. */
  public static final String OPERATION_GROUP = "operation";

  private final MetricGroup group;
  private final Counter operations;
  private final Counter errors;
  private final Counter bytesRead;
  private final Counter bytesWritten;
  private final ConcurrentMap<String, Counter[]> perOperation = new ConcurrentHashMap<>();

  private FlinkMetricsObserver(MetricGroup parent) {
    this.group = Objects.requireNonNull(parent, "parent").addGroup(GROUP);
    this.operations = group.counter("operations");
    this.errors = group.counter("errors");
    this.bytesRead = group.counter("bytesRead");
    this.bytesWritten = group.counter("bytesWritten");
  }

  /** Registers the counters in the group {@value #GROUP} under {@code parent}. */
  public static FlinkMetricsObserver register(MetricGroup parent) {
    return new FlinkMetricsObserver(parent);
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
    Counter[] op =
        perOperation.computeIfAbsent(
            operation.operation(),
            name -> {
              MetricGroup g = group.addGroup(OPERATION_GROUP, name);
              return new Counter[] {g.counter("operations"), g.counter("errors")};
            });
    operations.inc();
    op[0].inc();
    if (failed) {
      errors.inc();
      op[1].inc();
    }
    if (outcome.bytesRead() > 0) {
      bytesRead.inc(outcome.bytesRead());
    }
    if (outcome.bytesWritten() > 0) {
      bytesWritten.inc(outcome.bytesWritten());
    }
  }

  /** Operations counted so far. */
  public long operations() {
    return operations.getCount();
  }

  /** Failed operations counted so far. */
  public long errors() {
    return errors.getCount();
  }

  @Override
  public String toString() {
    return "FlinkMetricsObserver{operations=" + operations() + ", errors=" + errors() + "}";
  }
}
