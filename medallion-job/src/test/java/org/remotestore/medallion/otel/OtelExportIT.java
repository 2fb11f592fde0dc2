package org.remotestore.medallion.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.MedallionJob;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The medallion job, run by its {@code main} with {@code otel.*} flags, exports its store
 * operations over OTLP/HTTP (protobuf) to a loopback receiver: spans {@code store.<operation>} of
 * kind CLIENT with the {@code remote_store.*} attributes, and the metrics {@code
 * remote_store.operations}, {@code remote_store.errors} and {@code remote_store.operation.duration}
 * without any path attribute.
 */
class OtelExportIT {
  private static final String SCOPE = "org.remotestore";
  private static final Set<String> STORE_METRICS =
      Set.of("remote_store.operations", "remote_store.errors", "remote_store.operation.duration");

  @TempDir Path tmp;
  private HttpServer receiver;
  private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    GlobalOpenTelemetry.resetForTest();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = requestBody(exchange);
          traces.add(ExportTraceServiceRequest.parseFrom(body));
          respond(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        });
    receiver.createContext(
        "/v1/metrics",
        exchange -> {
          byte[] body = requestBody(exchange);
          metrics.add(ExportMetricsServiceRequest.parseFrom(body));
          respond(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    GlobalOpenTelemetry.resetForTest();
    RsFileSystems.initialize(new Configuration());
  }

  @Test
  void theJobsStoreOperationsArriveAsOtlpSpansAndMetrics() throws Exception {
    String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort();
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(java.time.Instant.parse("2026-06-15T09:05:00Z"))
            .stations("GVE")
            .build()
            .start()) {
      MedallionJob.main(
          new String[] {
            "--stations", "GVE",
            "--feed.base-url", replay.dataRoot().toString(),
            "--feed.bounded", "true",
            "--checkpoints.interval", "500ms",
            "--parallelism", "1",
            "--rs.backends.disk.type", "local",
            "--rs.backends.disk.root", tmp.resolve("lake").toString(),
            "--rs.stores.lake.backend", "disk", // observed by the job, as OpenTelemetry is on
            "--otel.traces.exporter", "otlp",
            "--otel.metrics.exporter", "otlp",
            "--otel.exporter.otlp.protocol", "http/protobuf",
            "--otel.exporter.otlp.endpoint", endpoint,
            "--otel.service.name", "otel-export-it",
            "--otel.bsp.schedule.delay", "100",
            "--otel.metric.export.interval", "500"
          });
    } // main returns after the bounded job ends, with the SDK flushed and shut down

    assertThat(contentTypes).isNotEmpty().allMatch(t -> t.startsWith("application/x-protobuf"));

    List<Span> spans = new ArrayList<>();
    for (ExportTraceServiceRequest request : traces) {
      for (ResourceSpans rs : request.getResourceSpansList()) {
        assertThat(attributes(rs.getResource())).containsEntry("service.name", "otel-export-it");
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          if (ss.getScope().getName().equals(SCOPE)) {
            spans.addAll(ss.getSpansList());
          }
        }
      }
    }
    assertThat(spans).as("spans of the stores").isNotEmpty();
    for (Span span : spans) {
      Map<String, String> a = attributes(span.getAttributesList());
      assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(a).containsKeys("remote_store.operation", "remote_store.backend");
      assertThat(span.getName()).isEqualTo("store." + a.get("remote_store.operation"));
      assertThat(a.get("remote_store.backend")).isNotBlank();
      if (span.getStatus().getCode()
          == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR) {
        assertThat(a).containsKey("error.type");
      }
    }
    assertThat(spans)
        .as("the source's reads of the feed, with their paths")
        .anySatisfy(
            s -> {
              Map<String, String> a = attributes(s.getAttributesList());
              assertThat(s.getName()).startsWith("store.read");
              assertThat(a.get("remote_store.path")).isNotBlank();
            });

    // with an exporter set, the job observes its lake store: the FileSinks' recoverable writes
    Set<String> lakeOperations =
        spans.stream()
            .map(sp -> attributes(sp.getAttributesList()))
            .filter(a -> "disk".equals(a.get("remote_store.backend")))
            .map(a -> a.get("remote_store.operation"))
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    assertThat(lakeOperations).as("operations on the lake store").contains("commit");

    Map<String, List<Metric>> byName = new TreeMap<>();
    for (ExportMetricsServiceRequest request : metrics) {
      for (ResourceMetrics rm : request.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          if (sm.getScope().getName().equals(SCOPE)) {
            for (Metric m : sm.getMetricsList()) {
              byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
            }
          }
        }
      }
    }
    assertThat(byName).containsKeys("remote_store.operations", "remote_store.operation.duration");
    assertThat(STORE_METRICS).containsAll(byName.keySet());
    for (Metric m : byName.get("remote_store.operations")) {
      assertThat(m.getSum().getDataPointsList())
          .isNotEmpty()
          .allSatisfy(
              p -> {
                Map<String, String> a = attributes(p.getAttributesList());
                assertThat(a).containsKeys("remote_store.operation", "remote_store.backend");
                assertThat(a.get("status")).isIn("ok", "error");
                assertThat(a).doesNotContainKey("remote_store.path");
              });
    }
    for (Metric m : byName.get("remote_store.operation.duration")) {
      assertThat(m.getUnit()).isEqualTo("s");
      assertThat(m.getHistogram().getDataPointsList())
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(attributes(p.getAttributesList()))
                    .containsKey("remote_store.operation")
                    .doesNotContainKey("remote_store.path");
                assertThat(p.getCount()).isPositive();
              });
    }
    for (Metric m : byName.getOrDefault("remote_store.errors", List.of())) {
      assertThat(m.getSum().getDataPointsList())
          .allSatisfy(
              p ->
                  assertThat(attributes(p.getAttributesList()))
                      .containsKey("error.type")
                      .doesNotContainKey("remote_store.path"));
    }
  }

  private byte[] requestBody(HttpExchange exchange) throws IOException {
    contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void respond(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> attributes(Resource resource) {
    return attributes(resource.getAttributesList());
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    return list.stream()
        .collect(
            Collectors.toMap(
                KeyValue::getKey,
                kv ->
                    kv.getValue().hasStringValue()
                        ? kv.getValue().getStringValue()
                        : String.valueOf(kv.getValue().getIntValue()),
                (x, y) -> y,
                TreeMap::new));
  }
}
