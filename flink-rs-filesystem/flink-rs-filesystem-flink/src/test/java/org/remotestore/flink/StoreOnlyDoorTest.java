package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotestore.testing.FaultProxy;
import org.remotestore.testing.guard.GuardedBackend;
import org.remotestore.testing.guard.GuardedBackendFactory;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestStores;

/**
 * The Store is the only door: with {@code observe.opentelemetry} configured on a memory, a local
 * and an S3 (S3Proxy) store, a checkpointed FileSink job and its checkpoints through {@code rs://}
 * produce spans for every kind of operation they need, and the backend (wrapped in a guard) is
 * never called except from within the observing decorator.
 */
class StoreOnlyDoorTest {
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("remote_store.operation");
  private static final long RECORDS = 1_500;

  private static InMemorySpanExporter spans;
  private static InMemoryMetricReader metrics;
  private static OpenTelemetrySdk sdk;

  @BeforeAll
  static void installOpenTelemetry() {
    spans = InMemorySpanExporter.create();
    metrics = InMemoryMetricReader.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(sdk);
  }

  @AfterAll
  static void removeOpenTelemetry() {
    GlobalOpenTelemetry.resetForTest();
    sdk.close();
  }

  @BeforeEach
  void clear() {
    spans.reset();
    GuardedBackend.VIOLATIONS.clear();
  }

  static List<Arguments> stores() {
    return List.of(
        Arguments.of("memory", (Supplier<Configuration>) () -> RsTestStores.memory("doormem")),
        Arguments.of("local", (Supplier<Configuration>) () -> RsTestStores.local("doordisk")),
        Arguments.of(
            "s3",
            (Supplier<Configuration>)
                () -> S3TestStores.s3("doors3", S3ProxyServer.shared(), Map.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void fileSinkJobAndCheckpointsGoThroughTheObservedStoreOnly(
      String kind, Supplier<Configuration> base) throws Exception {
    Configuration conf = guardedAndObserved(base.get());
    String store = storeName(conf);
    String output = "rs://" + store + "/out-" + System.nanoTime();
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "rs://" + store + "/checkpoints");

    RsFileSinkJob job = new RsFileSinkJob(conf, output, RsFileSinkJob.Format.ROW, RECORDS, false);
    job.run();
    assertThat(job.completedCheckpoints()).as("checkpoints completed").isPositive();
    RsFileSinkJob.Output out = job.readBack();
    assertThat(out.values()).isEqualTo(LongStream.range(0, RECORDS).boxed().toList());

    // A reader's calls: status, listing, open and read.
    FileSystem fs = new Path(output).getFileSystem();
    FileStatus[] buckets = fs.listStatus(new Path(output));
    assertThat(buckets).isNotEmpty();
    FileStatus[] parts = fs.listStatus(buckets[0].getPath());
    FileStatus part = fs.getFileStatus(parts[0].getPath());
    try (var in = fs.open(part.getPath())) {
      assertThat(in.read()).isNotNegative();
    }

    // Only this store's spans: a previous job's late clean-up may still end spans of its own.
    String backend = store + "-" + backendSuffix(kind);
    Set<String> operations =
        spans.getFinishedSpanItems().stream()
            .filter(
                s ->
                    backend.equals(
                        s.getAttributes().get(AttributeKey.stringKey("remote_store.backend"))))
            .map(s -> s.getAttributes().get(OPERATION))
            .filter(op -> op != null)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(operations)
        .as("operations seen by the observer on " + kind)
        .contains("create", "write", "persist", "commit", "pathStatus", "listFolder", "readRange");
    assertThat(GuardedBackend.CALLS.get()).isPositive();
    assertThat(GuardedBackend.VIOLATIONS).as("backend calls around the Store").isEmpty();

    List<String> metricNames =
        metrics.collectAllMetrics().stream().map(MetricData::getName).toList();
    assertThat(metricNames).contains("remote_store.operations", "remote_store.operation.duration");
  }

  /**
   * A transient S3 fault (503 on starting multipart uploads and on metadata requests, with the
   * SDK's own retries off) is retried by the store's {@code retry.*} decorator: the FileSink job,
   * run without any restart strategy, finishes with exact output.
   */
  @org.junit.jupiter.api.Test
  void aRetriedTransientS3FaultIsInvisibleToTheJob() throws Exception {
    org.remotestore.testing.s3.S3TestEndpoint server = S3ProxyServer.shared();
    try (FaultProxy proxy = FaultProxy.start(server.endpoint())) {
      Configuration conf =
          S3TestStores.s3(
              "doorretry", server, Map.of("endpoint", proxy.uri().toString(), "retries", "1"));
      conf.setString("rs.stores.doorretry.retry.max-attempts", "6");
      conf.setString("rs.stores.doorretry.retry.initial-backoff", "20ms");
      String output = "rs://doorretry/out-" + System.nanoTime();
      FaultProxy.Rule uploads =
          proxy.inject(
              FaultProxy.Fault.serviceUnavailable(),
              r -> r.method().equals("POST") && r.query() != null && r.query().contains("uploads"),
              3);
      FaultProxy.Rule heads =
          proxy.inject(FaultProxy.Fault.serviceUnavailable(), FaultProxy.method("HEAD"), 3);

      RsFileSinkJob job = new RsFileSinkJob(conf, output, RsFileSinkJob.Format.ROW, RECORDS, false);
      Configuration jobConf = job.jobConfiguration();
      jobConf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      RsFileSystems.initialize(jobConf);
      StreamExecutionEnvironment env =
          RsMiniCluster.environment(jobConf, RsFileSinkJob.PARALLELISM);
      job.build(env);
      env.execute("retried-s3-faults");

      assertThat(uploads.triggered()).as("503s on starting uploads").isEqualTo(3);
      assertThat(job.readBack().values()).isEqualTo(LongStream.range(0, RECORDS).boxed().toList());
      FileSystem fs = new Path(output).getFileSystem();
      FileStatus[] buckets = fs.listStatus(new Path(output));
      assertThat(fs.getFileStatus(buckets[0].getPath()).isDir()).isTrue();
      assertThat(heads.triggered()).as("503s on metadata requests").isEqualTo(3);
    }
  }

  private static String backendSuffix(String kind) {
    return switch (kind) {
      case "memory" -> "mem";
      case "local" -> "disk";
      default -> "s3";
    };
  }

  /** The configuration with every backend behind the guard and every store observed. */
  private static Configuration guardedAndObserved(Configuration base) throws IOException {
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : base.toMap().entrySet()) {
      String key = e.getKey();
      if (key.startsWith("rs.backends.") && key.endsWith(".type")) {
        conf.setString(key, "guarded");
        conf.setString(
            key.substring(0, key.length() - "type".length()) + GuardedBackendFactory.DELEGATE_TYPE,
            e.getValue());
      } else {
        conf.setString(key, e.getValue());
      }
    }
    conf.setString("rs.stores." + storeName(base) + ".observe.opentelemetry", "true");
    return conf;
  }

  private static String storeName(Configuration conf) {
    return conf.toMap().keySet().stream()
        .filter(k -> k.startsWith("rs.stores.") && k.endsWith(".backend"))
        .map(k -> k.substring("rs.stores.".length(), k.length() - ".backend".length()))
        .findFirst()
        .orElseThrow();
  }
}
