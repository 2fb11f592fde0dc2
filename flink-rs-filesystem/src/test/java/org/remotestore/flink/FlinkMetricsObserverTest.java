package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.ext.TestStores;
import org.remotestore.ext.observe.ObservedStore;

class FlinkMetricsObserverTest {

  @Test
  void countsOperationsErrorsAndBytesInTheMetricGroup() throws IOException {
    Map<String, Counter> counters = new TreeMap<>();
    FlinkMetricsObserver observer =
        FlinkMetricsObserver.register(new RecordingGroup("task.", counters));
    Store store = ObservedStore.wrap(TestStores.memory("lake"), observer);

    store.write("a.csv", new byte[5], false);
    store.write("b.csv", new byte[3], false);
    assertThat(store.readBytes("a.csv")).hasSize(5);
    assertThatThrownBy(() -> store.getFileInfo("missing")).isInstanceOf(NotFound.class);

    assertThat(counts(counters))
        .containsEntry("task.remote_store.operations", 4L)
        .containsEntry("task.remote_store.errors", 1L)
        .containsEntry("task.remote_store.bytesRead", 5L)
        .containsEntry("task.remote_store.bytesWritten", 8L)
        .containsEntry("task.remote_store.operation.write.operations", 2L)
        .containsEntry("task.remote_store.operation.write.errors", 0L)
        .containsEntry("task.remote_store.operation.readBytes.operations", 1L)
        .containsEntry("task.remote_store.operation.getFileInfo.operations", 1L)
        .containsEntry("task.remote_store.operation.getFileInfo.errors", 1L);
    assertThat(observer.operations()).isEqualTo(4);
    assertThat(observer.errors()).isEqualTo(1);
  }

  private static Map<String, Long> counts(Map<String, Counter> counters) {
    Map<String, Long> counts = new TreeMap<>();
    counters.forEach((k, v) -> counts.put(k, v.getCount()));
    return counts;
  }

  /** A metric group recording its counters by their dotted path. */
  private static final class RecordingGroup extends UnregisteredMetricsGroup {
    private final String prefix;
    private final Map<String, Counter> counters;

    RecordingGroup(String prefix, Map<String, Counter> counters) {
      this.prefix = prefix;
      this.counters = counters;
    }

    @Override
    public Counter counter(String name) {
      return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
      counters.put(prefix + name, counter);
      return counter;
    }

    @Override
    public MetricGroup addGroup(String name) {
      return new RecordingGroup(prefix + name + ".", counters);
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
      return new RecordingGroup(prefix + key + "." + value + ".", counters);
    }
  }
}
