package org.remotestore;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.ext.cache.CachingStore;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.retry.RetryingStore;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.FeedStoreFactory;
import org.remotestore.meteoswiss.source.HttpFeedStores;

/**
 * Cache, retry and observe configured by store keys compose in the documented order (retry
 * innermost, then cache, then observe outermost) wherever the store is used: the Store API from a
 * {@link Registry}, {@code rs://}, and the MeteoSwiss source's feed stores. The order shows in
 * behaviour against a real HTTP server that fails the first request: the failure is retried inside
 * one observed operation (one span, status OK, two requests), and a second call is served by the
 * cache yet still observed (a second span, no new request).
 */
class DecoratorOrderTest {
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("remote_store.operation");

  private static InMemorySpanExporter spans;
  private static OpenTelemetrySdk sdk;
  private MeteoSwissReplayServer server;

  @BeforeAll
  static void installOpenTelemetry() {
    spans = InMemorySpanExporter.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
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
  void startServer() throws IOException {
    server = MeteoSwissReplayServer.builder().stations("BER").build().start();
    spans.reset();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static Map<String, String> decoratorKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("retry.max-attempts", "3");
    keys.put("retry.initial-backoff", "1ms");
    keys.put("cache.ttl", "10min");
    keys.put("observe.opentelemetry", "true");
    return keys;
  }

  private Map<String, String> flatKeys(String store) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("rs.backends." + store + "-http.type", "http");
    keys.put("rs.backends." + store + "-http.base-url", server.dataRoot().toString());
    keys.put("rs.backends." + store + "-http.retries", "0");
    keys.put("rs.stores." + store + ".backend", store + "-http");
    decoratorKeys().forEach((k, v) -> keys.put("rs.stores." + store + "." + k, v));
    return keys;
  }

  @Test
  void storeApiComposesRetryThenCacheThenObserve() throws IOException {
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(flatKeys("api")))) {
      Store store = registry.store("api");
      assertThat(store).isInstanceOf(ObservedStore.class);
      assertThat(store.unwrap(CachingStore.class)).isPresent();
      assertThat(store.unwrap(RetryingStore.class)).isPresent();
      checkOrder(() -> store.readBytes(FeedFile.META_STATIONS).length, "readBytes");
    }
  }

  @Test
  void rsFileSystemComposesRetryThenCacheThenObserve() throws IOException {
    Configuration conf = new Configuration();
    flatKeys("fsorder").forEach(conf::setString);
    RsFileSystems.initialize(conf);
    FileSystem fs = FileSystem.get(URI.create("rs://fsorder/"));
    Path file = new Path("rs://fsorder/" + FeedFile.META_PARAMETERS);
    checkOrder(
        () -> {
          FileStatus status = fs.getFileStatus(file);
          return (int) status.getLen();
        },
        "pathStatus");
  }

  @Test
  void feedStoresOfTheSourceComposeRetryThenCacheThenObserve() throws Exception {
    FeedStoreFactory factory = HttpFeedStores.withOptions(Map.of(), decoratorKeys());
    try (FeedStoreFactory.OpenedStore opened = factory.open(server.dataRoot().toString())) {
      Store store = opened.store();
      assertThat(store).isInstanceOf(ObservedStore.class);
      checkOrder(() -> store.readBytes(FeedFile.META_DATA_INVENTORY).length, "readBytes");
    }
  }

  @FunctionalInterface
  private interface Call {
    int run() throws IOException;
  }

  private void checkOrder(Call call, String operation) throws IOException {
    server.faults().failNext(1);
    server.clearRequests();

    assertThat(call.run()).as("first call succeeds after a retried 500").isPositive();
    assertThat(server.requests()).as("the failed request and its retry").hasSize(2);
    assertThat(server.requests().get(0).status()).isEqualTo(500);
    List<SpanData> first = spansOf(operation);
    assertThat(first).as("retry is inside the observer: one operation").hasSize(1);
    assertThat(first.get(0).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);

    assertThat(call.run()).isPositive();
    assertThat(server.requests()).as("the second call is served by the cache").hasSize(2);
    assertThat(spansOf(operation)).as("the cache is inside the observer").hasSize(2);
  }

  private static List<SpanData> spansOf(String operation) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> operation.equals(s.getAttributes().get(OPERATION)))
        .toList();
  }
}
