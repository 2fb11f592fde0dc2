package org.remotestore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.remotestore.flink.RsFileSystems;

/**
 * A FileSink job writing through {@code rs://} shows its store's operation counts in the sink's
 * Flink metric groups (writer and committer), and they are the same counts as the store's
 * OpenTelemetry metric {@code remote_store.operations}.
 */
class SinkStoreMetricsTest {
  private static final String STORE = "metered" + UUID.randomUUID().toString().substring(0, 8);
  private static final String BACKEND = STORE + "-mem";

  /** Every metric Flink registered in this JVM, by its full name. */
  static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

  private static InMemoryMetricReader otelMetrics;
  private static OpenTelemetrySdk sdk;

  @BeforeAll
  static void setUp() {
    otelMetrics = InMemoryMetricReader.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(otelMetrics).build())
            .build();
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(sdk);
    Configuration rs = new Configuration();
    rs.setString("rs.backends." + BACKEND + ".type", "memory");
    rs.setString("rs.backends." + BACKEND + ".instance", "test-" + UUID.randomUUID());
    rs.setString("rs.stores." + STORE + ".backend", BACKEND);
    rs.setString("rs.stores." + STORE + ".observe.opentelemetry", "true");
    RsFileSystems.initialize(rs);
  }

  @AfterAll
  static void tearDown() {
    RsFileSystems.initialize(new Configuration());
    GlobalOpenTelemetry.resetForTest();
    sdk.close();
  }

  @Test
  void writerAndCommitterGroupsCarryTheStoreCounts() throws Exception {
    Configuration conf = new Configuration();
    conf.setString("metrics.reporter.capture.factory.class", Capture.class.getName());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(100);
    Path base = new Path("rs://" + STORE + "/out");
    env.fromData(Types.LONG, LongStream.range(0, 500).boxed().toArray(Long[]::new))
        .sinkTo(CsvSinks.byProcessingDay(base, "n", String::valueOf, StandardCharsets.UTF_8))
        .name("metered-sink");
    env.execute("metered sink");

    Long writerOps = gauge("Writer", "remote_store.operations");
    Long committerOps = gauge("Committer", "remote_store.operations");
    long otelOps = otelOperations();
    assertThat(writerOps).as("writer group").isPositive();
    assertThat(committerOps)
        .as("committer group: the same store, the same counts")
        .isEqualTo(writerOps);
    assertThat(writerOps).as("equal to OpenTelemetry's remote_store.operations").isEqualTo(otelOps);
    assertThat(gauge("Writer", "remote_store.operation.create.operations")).isPositive();
    assertThat(gauge("Writer", "remote_store.operation.commit.operations")).isPositive();
    assertThat(gauge("Writer", "remote_store.errors")).isZero();
    assertThat(gauge("Writer", "remote_store.bytesWritten")).isGreaterThan(500);
  }

  private static Long gauge(String operatorPart, String suffix) {
    List<Map.Entry<String, Metric>> matches =
        METRICS.entrySet().stream()
            .filter(e -> e.getKey().contains("metered-sink") && e.getKey().contains(operatorPart))
            .filter(e -> e.getKey().endsWith("." + suffix))
            .toList();
    assertThat(matches).as(operatorPart + " ... " + suffix + " in " + METRICS.keySet()).hasSize(1);
    return (Long) ((Gauge<?>) matches.get(0).getValue()).getValue();
  }

  private static long otelOperations() {
    long sum = 0;
    for (MetricData data : otelMetrics.collectAllMetrics()) {
      if (!data.getName().equals("remote_store.operations")) {
        continue;
      }
      for (LongPointData point : data.getLongSumData().getPoints()) {
        if (BACKEND.equals(
            point.getAttributes().get(AttributeKey.stringKey("remote_store.backend")))) {
          sum += point.getValue();
        }
      }
    }
    return sum;
  }

  /** A metric reporter that keeps every metric it is told about. */
  public static final class Capture implements MetricReporter, MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(java.util.Properties properties) {
      return new Capture();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
  }
}
