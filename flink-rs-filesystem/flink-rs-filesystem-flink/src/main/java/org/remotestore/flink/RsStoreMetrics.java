package org.remotestore.flink;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.remotestore.ext.observe.JmxOperationCounters;
import org.remotestore.ext.observe.JmxOperationCounters.Counts;

/**
 * Shows the operation counts of an {@code rs://} store in a Flink metric group, under the same
 * names as {@link FlinkMetricsObserver} uses for the source: group {@value
 * FlinkMetricsObserver#GROUP}, gauges {@code operations}, {@code errors}, {@code bytesRead}, {@code
 * bytesWritten}, and per operation {@code operation=<name>} with {@code operations} and {@code
 * errors}.
 *
 * <p>The values are the counts of the store in this JVM (the TaskManager), kept by the store's
 * {@code observe.counters} decorator (on by default) and read over JMX, so this works whether
 * {@code rs://} is loaded as a plugin or from the job's class path. They are the same counts as the
 * OpenTelemetry metrics {@code remote_store.operations} and {@code remote_store.errors} of the
 * store. The sinks of {@code flink-rs-sink} register them for their base path; any operator can:
 *
 * <pre>{@code
 * RsStoreMetrics.register(getRuntimeContext().getMetricGroup(), new Path("rs://lake/bronze"));
 * }</pre>
 */
public final class RsStoreMetrics {
  /**
   * The operations that get a per-operation sub-group: those {@code rs://} performs for file sinks,
   * checkpoints and readers.
   */
  public static final List<String> OPERATIONS =
      List.of(
          "create",
          "write",
          "persist",
          "commit",
          "recover",
          "cleanup",
          "abort",
          "getFileInfo",
          "getFolderInfo",
          "listFiles",
          "listFolders",
          "readRange",
          "read",
          "writeAtomic",
          "openAtomic",
          "delete",
          "deleteFolder",
          "move",
          "createFolder");

  private RsStoreMetrics() {}

  /**
   * Registers gauges for the store of {@code path} when it is an {@code rs://} path.
   *
   * @param parent the operator's metric group
   * @param path a path of the store, for example the sink's base path
   * @return whether gauges were registered ({@code false} for other schemes)
   */
  public static boolean register(MetricGroup parent, org.apache.flink.core.fs.Path path) {
    URI uri = path.toUri();
    if (!RsPaths.SCHEME.equals(uri.getScheme()) || uri.getAuthority() == null) {
      return false;
    }
    register(parent, uri.getAuthority());
    return true;
  }

  /**
   * Registers gauges for the store named {@code store}.
   *
   * @param parent the operator's metric group
   * @param store the store name, the authority of {@code rs://<store>/...}
   */
  public static void register(MetricGroup parent, String store) {
    Snapshots counts = new Snapshots(Objects.requireNonNull(store, "store"));
    MetricGroup group =
        Objects.requireNonNull(parent, "parent").addGroup(FlinkMetricsObserver.GROUP);
    group.gauge("operations", (Gauge<Long>) () -> counts.get().operations());
    group.gauge("errors", (Gauge<Long>) () -> counts.get().errors());
    group.gauge("bytesRead", (Gauge<Long>) () -> counts.get().bytesRead());
    group.gauge("bytesWritten", (Gauge<Long>) () -> counts.get().bytesWritten());
    for (String operation : OPERATIONS) {
      MetricGroup op = group.addGroup(FlinkMetricsObserver.OPERATION_GROUP, operation);
      op.gauge("operations", (Gauge<Long>) () -> counts.get().operations(operation));
      op.gauge("errors", (Gauge<Long>) () -> counts.get().errors(operation));
    }
  }

  /**
   * Reads the counts once for all gauges of one report: a snapshot is reused for {@value
   * #REUSE_NANOS} ns.
   */
  private static final class Snapshots {
    private static final long REUSE_NANOS = 200_000_000L;
    private final String store;
    private Counts last;
    private long readAt;

    Snapshots(String store) {
      this.store = store;
    }

    synchronized Counts get() {
      long now = System.nanoTime();
      if (last == null || now - readAt > REUSE_NANOS) {
        last = JmxOperationCounters.snapshot(store);
        readAt = now;
      }
      return last;
    }
  }
}
