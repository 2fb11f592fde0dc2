package org.remotestore.meteoswiss.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** A reader metric group that keeps every metric registered in it, by name. */
final class RecordingMetricGroup extends UnregisteredMetricsGroup
    implements SourceReaderMetricGroup {
  final Map<String, Metric> metrics = new ConcurrentHashMap<>();

  @Override
  public Counter counter(String name) {
    return counter(name, new SimpleCounter());
  }

  @Override
  public <C extends Counter> C counter(String name, C counter) {
    return register(name, counter);
  }

  @Override
  public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
    return register(name, gauge);
  }

  @Override
  public <H extends Histogram> H histogram(String name, H histogram) {
    return register(name, histogram);
  }

  private <M extends Metric> M register(String name, M metric) {
    if (metrics.putIfAbsent(name, metric) != null) {
      throw new AssertionError("metric " + name + " registered twice");
    }
    return metric;
  }

  long count(String name) {
    Metric m = metrics.get(name);
    if (m instanceof Counter c) {
      return c.getCount();
    }
    throw new AssertionError("no counter " + name + " in " + metrics.keySet());
  }

  @Override
  public Counter getNumRecordsInErrorsCounter() {
    return new SimpleCounter();
  }

  @Override
  public void setPendingBytesGauge(Gauge<Long> gauge) {}

  @Override
  public void setPendingRecordsGauge(Gauge<Long> gauge) {}

  @Override
  public OperatorIOMetricGroup getIOMetricGroup() {
    return UnregisteredMetricsGroup.createOperatorIOMetricGroup();
  }
}
