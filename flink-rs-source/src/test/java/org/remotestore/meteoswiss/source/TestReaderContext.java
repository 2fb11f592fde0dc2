package org.remotestore.meteoswiss.source;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** A reader context for unit tests. */
final class TestReaderContext implements SourceReaderContext {
  private final SourceReaderMetricGroup metrics;

  TestReaderContext() {
    this(UnregisteredMetricsGroup.createSourceReaderMetricGroup());
  }

  TestReaderContext(SourceReaderMetricGroup metrics) {
    this.metrics = metrics;
  }

  @Override
  public SourceReaderMetricGroup metricGroup() {
    return metrics;
  }

  @Override
  public Configuration getConfiguration() {
    return new Configuration();
  }

  @Override
  public String getLocalHostName() {
    return "localhost";
  }

  @Override
  public int getIndexOfSubtask() {
    return 0;
  }

  @Override
  public void sendSplitRequest() {}

  @Override
  public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

  @Override
  public UserCodeClassLoader getUserCodeClassLoader() {
    return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
  }
}
