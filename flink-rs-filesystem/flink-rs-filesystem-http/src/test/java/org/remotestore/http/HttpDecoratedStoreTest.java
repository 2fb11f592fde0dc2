package org.remotestore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.ConditionalRead;
import org.remotestore.NotFound;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CachingStore;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.observe.OpenTelemetryObserver;
import org.remotestore.testing.http.StaticHttpServer;

/**
 * The http store composed with the cache and observe decorators, as the MeteoSwiss source uses it:
 * cache hits never reach the server, every request that does is traced, and conditional reads pass
 * through both decorators with their zero-body 304.
 */
class HttpDecoratedStoreTest {
  private static final AttributeKey<String> BACKEND_TYPE =
      AttributeKey.stringKey(OpenTelemetryObserver.BACKEND_TYPE);
  private static final AttributeKey<Long> BYTES_READ =
      AttributeKey.longKey(OpenTelemetryObserver.BYTES_READ);

  private StaticHttpServer server;
  private Registry registry;
  private InMemorySpanExporter spans;
  private OpenTelemetrySdk sdk;
  private Store store;

  @BeforeEach
  void start() throws Exception {
    server = StaticHttpServer.start();
    registry =
        Registry.create(
            RegistryConfig.fromFlatKeys(
                Map.of(
                    "rs.backends.meteo.type", "http",
                    "rs.backends.meteo.base-url", server.baseUri() + "smn/",
                    "rs.stores.feed.backend", "meteo")));
    spans = InMemorySpanExporter.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    Store observed = ObservedStore.wrap(registry.store("feed"), OpenTelemetryObserver.create(sdk));
    store =
        CachingStore.wrap(
            observed,
            CacheConfig.builder()
                .ttl(Duration.ofMinutes(5))
                .maxEntries(100)
                .maxBytes(1 << 20)
                .maxEntryBytes(64 << 10)
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    sdk.close();
    registry.close();
    server.close();
  }

  private List<SpanData> spansNamed(String operation) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(OpenTelemetryObserver.SPAN_PREFIX + operation))
        .toList();
  }

  @Test
  void cacheHitsNeverReachTheServerAndMissesAreTraced() throws Exception {
    byte[] stations = "abbr;name\nBER;Bern / Zollikofen\n".getBytes(StandardCharsets.UTF_8);
    server.put("smn/meta/stations.csv", stations);

    assertThat(store.readBytes("meta/stations.csv")).isEqualTo(stations);
    assertThat(store.readBytes("meta/stations.csv")).isEqualTo(stations);
    assertThat(store.getFileInfo("meta/stations.csv").size()).isEqualTo(stations.length);
    assertThat(store.getFileInfo("meta/stations.csv").size()).isEqualTo(stations.length);

    assertThat(server.requestCount("GET")).isEqualTo(1);
    assertThat(server.requestCount("HEAD")).isEqualTo(1);
    List<SpanData> reads = spansNamed("readBytes");
    assertThat(reads).hasSize(1);
    assertThat(reads.get(0).getAttributes().get(BACKEND_TYPE)).isEqualTo("http");
    assertThat(reads.get(0).getAttributes().get(BYTES_READ)).isEqualTo(stations.length);

    assertThatThrownBy(() -> store.readBytes("meta/missing.csv")).isInstanceOf(NotFound.class);
    assertThat(spans.getFinishedSpanItems())
        .anySatisfy(
            s ->
                assertThat(s.getStatus().getStatusCode())
                    .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR));
  }

  @Test
  void conditionalReadsPassThroughBothDecoratorsWithoutBodies() throws Exception {
    byte[] rows =
        "station_abbr;reference_timestamp;tre200s0\nBER;21.11.2026 12:00;3.4\n".getBytes();
    server.put("smn/ber/ogd-smn_ber_t_now.csv", rows);

    String etag;
    try (ConditionalRead first = store.readIfChanged("ber/ogd-smn_ber_t_now.csv", null, null)) {
      assertThat(first.isModified()).isTrue();
      try (InputStream body = first.body()) {
        assertThat(body.readAllBytes()).isEqualTo(rows);
      }
      etag = first.info().etag();
    }
    server.resetCounters();
    for (int i = 0; i < 3; i++) {
      try (ConditionalRead same = store.readIfChanged("ber/ogd-smn_ber_t_now.csv", etag, null)) {
        assertThat(same.isModified()).isFalse();
      }
    }
    assertThat(server.requestCount("GET")).isEqualTo(3);
    assertThat(server.statusCount(304)).isEqualTo(3);
    assertThat(server.bodyBytesSent()).isZero();
    assertThat(spansNamed("readIfChanged")).hasSize(4);
  }
}
