package org.remotestore.ext.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.ext.TestStores;

class OpenTelemetryObserverTest {
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("remote_store.operation");
  private static final AttributeKey<String> BACKEND =
      AttributeKey.stringKey("remote_store.backend");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("remote_store.path");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

  private InMemorySpanExporter spans;
  private InMemoryMetricReader metrics;
  private OpenTelemetrySdk sdk;
  private Store base;
  private Store store;

  @BeforeEach
  void setUp() throws IOException {
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
    base = TestStores.memory("lake");
    base.write("data/a.csv", "0123456789".getBytes(UTF_8), false);
    store = ObservedStore.wrap(base, OpenTelemetryObserver.create(sdk));
  }

  @AfterEach
  void tearDown() {
    sdk.close();
  }

  @Test
  void spanPerOperationWithAttributes() throws IOException {
    assertThat(store.readBytes("data/a.csv")).hasSize(10);
    store.write("data/b.csv", new byte[7], false);

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished)
        .extracting(SpanData::getName)
        .containsExactly("store.readBytes", "store.write");
    SpanData read = finished.get(0);
    assertThat(read.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(read.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(read.getAttributes().get(OPERATION)).isEqualTo("readBytes");
    assertThat(read.getAttributes().get(BACKEND)).isEqualTo("lake");
    assertThat(read.getAttributes().get(AttributeKey.stringKey("remote_store.backend_type")))
        .isEqualTo("memory");
    assertThat(read.getAttributes().get(PATH)).isEqualTo("data/a.csv");
    assertThat(read.getAttributes().get(AttributeKey.longKey("remote_store.bytes_read")))
        .isEqualTo(10L);
    assertThat(
            finished.get(1).getAttributes().get(AttributeKey.longKey("remote_store.bytes_written")))
        .isEqualTo(7L);
    assertThat(read.getInstrumentationScopeInfo().getName()).isEqualTo("org.remotestore");
  }

  @Test
  void readStreamSpanEndsOnClose() throws IOException {
    InputStream in = store.read("data/a.csv");
    in.readAllBytes();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    in.close();
    assertThat(spans.getFinishedSpanItems())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("store.read");
              assertThat(s.getAttributes().get(AttributeKey.longKey("remote_store.bytes_read")))
                  .isEqualTo(10L);
            });
  }

  @Test
  void failedOperationHasErrorStatusExceptionAndErrorCount() {
    assertThatThrownBy(() -> store.getFileInfo("nope")).isInstanceOf(NotFound.class);
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("store.getFileInfo");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("NotFound");
    assertThat(span.getAttributes().get(OPERATION)).isEqualTo("getFileInfo");
    assertThat(span.getAttributes().get(PATH)).isEqualTo("nope");
    assertThat(span.getEvents())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("exception");
              assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.type")))
                  .isEqualTo(NotFound.class.getName());
            });

    Map<String, MetricData> byName = metricsByName();
    LongPointData errors = onlyLongPoint(byName.get("remote_store.errors"));
    assertThat(errors.getValue()).isEqualTo(1);
    assertThat(errors.getAttributes().get(OPERATION)).isEqualTo("getFileInfo");
    assertThat(errors.getAttributes().get(BACKEND)).isEqualTo("lake");
    assertThat(errors.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("NotFound");
    assertThat(errors.getAttributes().get(PATH)).isNull();
    LongPointData failed = onlyLongPoint(byName.get("remote_store.operations"));
    assertThat(failed.getAttributes().get(STATUS)).isEqualTo("error");
  }

  @Test
  void countersAndDurationHistogramInSeconds() throws IOException {
    store.exists("data/a.csv");
    store.exists("data/b.csv");
    store.readBytes("data/a.csv");
    assertThatThrownBy(() -> store.read("missing")).isInstanceOf(NotFound.class);

    Map<String, MetricData> byName = metricsByName();
    assertThat(byName)
        .containsKeys(
            "remote_store.operations", "remote_store.errors", "remote_store.operation.duration");

    Map<String, Long> operations =
        byName.get("remote_store.operations").getLongSumData().getPoints().stream()
            .collect(
                Collectors.toMap(p -> p.getAttributes().get(OPERATION), LongPointData::getValue));
    assertThat(operations)
        .containsExactlyInAnyOrderEntriesOf(Map.of("exists", 2L, "readBytes", 1L, "read", 1L));
    assertThat(byName.get("remote_store.operations").getLongSumData().getPoints())
        .allSatisfy(
            p -> {
              assertThat(p.getAttributes().get(BACKEND)).isEqualTo("lake");
              assertThat(p.getAttributes().get(PATH)).isNull();
              assertThat(p.getAttributes().get(STATUS))
                  .isEqualTo("read".equals(p.getAttributes().get(OPERATION)) ? "error" : "ok");
            });
    assertThat(byName.get("remote_store.errors").getLongSumData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getAttributes().get(OPERATION)).isEqualTo("read"));

    MetricData duration = byName.get("remote_store.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    Collection<HistogramPointData> points = duration.getHistogramData().getPoints();
    assertThat(points)
        .extracting(p -> p.getAttributes().get(OPERATION))
        .containsExactlyInAnyOrder("exists", "readBytes", "read");
    HistogramPointData exists =
        points.stream()
            .filter(p -> "exists".equals(p.getAttributes().get(OPERATION)))
            .findFirst()
            .orElseThrow();
    assertThat(exists.getCount()).isEqualTo(2);
    // seconds, not milliseconds or nanoseconds: an in-memory call is far below a minute
    assertThat(exists.getMax()).isGreaterThanOrEqualTo(0).isLessThan(60);
    assertThat(exists.getBoundaries()).contains(0.005, 1.0);
  }

  private Map<String, MetricData> metricsByName() {
    return metrics.collectAllMetrics().stream()
        .collect(Collectors.toMap(MetricData::getName, m -> m));
  }

  private static LongPointData onlyLongPoint(MetricData data) {
    assertThat(data.getLongSumData().getPoints()).hasSize(1);
    return data.getLongSumData().getPoints().iterator().next();
  }
}
