package org.remotestore.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.remotestore.ConfigException;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CachingStore;
import org.remotestore.ext.observe.JmxOperationCounters;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.retry.RetryPolicy;
import org.remotestore.ext.retry.RetryingStore;

/** Store decorators from configuration keys: what each key gives, and every bad input. */
class StoreDecoratorsTest {

  private static Registry registry(Map<String, String> storeKeys) {
    RegistryConfig.Builder b =
        RegistryConfig.builder()
            .backend("mem", "memory", Map.of("instance", "decorators-" + System.nanoTime()));
    b.store("s", "mem", "", storeKeys);
    return Registry.create(b.build());
  }

  @Test
  void noDecoratorKeysGiveACountedStoreAndCountersOffThePlainOne() throws Exception {
    try (Registry r = registry(Map.of())) {
      Store s = r.store("s");
      assertThat(s).isInstanceOf(ObservedStore.class);
      long before = JmxOperationCounters.snapshot("s").operations("write");
      s.write("counted.txt", new byte[] {1, 2, 3}, false);
      assertThat(JmxOperationCounters.snapshot("s").operations("write")).isEqualTo(before + 1);
    }
    try (Registry r = registry(Map.of("observe.counters", "false"))) {
      assertThat(r.store("s")).isNotInstanceOf(ForwardingStore.class);
    }
  }

  @Test
  void countersAreUnpublishedWhenTheRegistryCloses() throws Exception {
    String store = "closing" + System.nanoTime();
    RegistryConfig.Builder b =
        RegistryConfig.builder()
            .backend("mem", "memory", Map.of("instance", "decorators-" + System.nanoTime()));
    b.store(store, "mem", "", Map.of());
    Registry r = Registry.create(b.build());
    r.store(store).write("x.txt", new byte[] {1}, false);
    assertThat(JmxOperationCounters.snapshot(store).operations()).isEqualTo(1);
    r.close();
    assertThat(JmxOperationCounters.snapshot(store).operations()).isZero();
  }

  @Test
  void theReadmeYamlComposesRetryCacheAndObserveInTheDocumentedOrder() throws Exception {
    String yaml =
        """
        rs:
          backends:
            lake: {type: memory, instance: readme-decorators}
          stores:
            silver:
              backend: lake
              root-path: silver
              retry: {max-attempts: 4, initial-backoff: 100ms, max-backoff: 2s, max-total-wait: 20s}
              cache: {ttl: 30s, max-entries: 10000, max-bytes: 64mb, max-entry-bytes: 1mb}
              observe: {opentelemetry: true}
        """;
    try (Registry r = Registry.create(RegistryConfig.fromYaml(yaml))) {
      Store silver = r.store("silver");
      assertThat(silver).isInstanceOf(ObservedStore.class);
      CachingStore cache = silver.unwrap(CachingStore.class).orElseThrow();
      assertThat(cache.config().ttl()).isEqualTo(Duration.ofSeconds(30));
      assertThat(cache.config().maxBytes()).isEqualTo(64L << 20);
      RetryPolicy retry = silver.unwrap(RetryingStore.class).orElseThrow().policy();
      assertThat(retry.maxAttempts()).isEqualTo(4);
      assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
      assertThat(retry.maxTotalWait()).isEqualTo(Duration.ofSeconds(20));
      // Children are decorated the same way.
      assertThat(silver.child("daily")).isInstanceOf(ObservedStore.class);
      assertThat(r.store("silver")).isSameAs(silver);
    }
  }

  @Test
  void anyCacheKeyEnablesTheCacheUnlessDisabled() {
    try (Registry r = registry(Map.of("cache.ttl", "5min"))) {
      assertThat(r.store("s").unwrap(CachingStore.class)).isPresent();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    try (Registry r = registry(Map.of("cache.ttl", "5min", "cache.enabled", "false"))) {
      assertThat(r.store("s").unwrap(CachingStore.class)).isEmpty();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(
            StoreDecorators.cacheConfig(
                new org.remotestore.StoreProfile("s", "mem", "", Map.of("cache.enabled", "true"))))
        .isNotNull()
        .extracting(CacheConfig::ttl)
        .isEqualTo(CacheConfig.defaults().ttl());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cache.tll|30s|rs.stores.s.cache.tll",
        "cache.ttl|-5s|rs.stores.s.cache.ttl",
        "cache.ttl|0s|rs.stores.s.cache.ttl",
        "cache.ttl|soon|rs.stores.s.cache.ttl",
        "cache.max-entries|0|rs.stores.s.cache.max-entries",
        "cache.max-bytes|lots|rs.stores.s.cache.max-bytes",
        "cache.enabled|yes|rs.stores.s.cache.enabled",
        "retry.max-attempts|0|rs.stores.s.retry.max-attempts",
        "retry.max-attempts|many|rs.stores.s.retry.max-attempts",
        "retry.initial-backoff|-1s|rs.stores.s.retry.initial-backoff",
        "retry.retries|3|rs.stores.s.retry.retries",
        "observe.opentelemetry|yes|rs.stores.s.observe.opentelemetry",
        "observe.exporter|otlp|rs.stores.s.observe.exporter",
      })
  void badDecoratorKeysFailAtStartNamingTheKey(String option, String value, String key) {
    assertThatThrownBy(() -> registry(Map.of(option, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
  }
}
