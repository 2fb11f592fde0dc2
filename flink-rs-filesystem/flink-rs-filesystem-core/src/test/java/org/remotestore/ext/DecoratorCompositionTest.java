package org.remotestore.ext;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.Store;
import org.remotestore.ext.TestStores.BatchingMemoryBackend;
import org.remotestore.ext.batch.StoreBatch;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CachingStore;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.observe.OperationOutcome;
import org.remotestore.ext.observe.StoreObserver;
import org.remotestore.ext.observe.StoreOperation;

class DecoratorCompositionTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final StoreObserver observer =
      new StoreObserver() {
        @Override
        public void after(StoreOperation op, OperationOutcome outcome) {
          seen.add(op.operation() + " " + op.path());
        }
      };
  private BatchingMemoryBackend backend;
  private Store base;

  @BeforeEach
  void setUp() throws IOException {
    backend = new BatchingMemoryBackend("mem", 100);
    base = TestStores.over(backend);
    base.write("sub/a.txt", "one".getBytes(UTF_8), false);
  }

  @Test
  void cacheOverObserveOnlyMissesReachTheObserver() throws IOException {
    CachingStore cached =
        CachingStore.wrap(ObservedStore.wrap(base, observer), CacheConfig.defaults());
    cached.readBytes("sub/a.txt");
    cached.readBytes("sub/a.txt");
    assertThat(seen).containsExactly("readBytes sub/a.txt");

    Store child = cached.child("sub");
    assertThat(child).isInstanceOf(CachingStore.class);
    child.write("a.txt", "two".getBytes(UTF_8), true);
    assertThat(seen).contains("write a.txt");
    assertThat(cached.readBytes("sub/a.txt")).isEqualTo("two".getBytes(UTF_8));
    assertThat(seen).filteredOn(s -> s.startsWith("readBytes")).hasSize(2);

    assertThat(StoreBatch.sequential(child).batchDelete(List.of("a.txt")).isSuccess()).isTrue();
    assertThat(backend.requests).hasSize(1);
    assertThat(seen).contains("batchDelete null");
    assertThat(cached.exists("sub/a.txt")).isFalse();
  }

  @Test
  void observeOverCacheSeesEveryCallAndChildrenStayDecorated() throws IOException {
    CachingStore cached = CachingStore.wrap(base, CacheConfig.defaults());
    Store observed = ObservedStore.wrap(cached, observer);
    observed.readBytes("sub/a.txt");
    observed.readBytes("sub/a.txt");
    assertThat(seen).containsExactly("readBytes sub/a.txt", "readBytes sub/a.txt");
    assertThat(cached.stats().hits()).isEqualTo(1);

    Store child = observed.child("sub");
    assertThat(child).isInstanceOf(ObservedStore.class);
    assertThat(child.child("deeper")).isInstanceOf(ObservedStore.class);
    child.write("a.txt", "two".getBytes(UTF_8), true);
    assertThat(observed.readBytes("sub/a.txt")).isEqualTo("two".getBytes(UTF_8));
    assertThat(cached.stats().invalidations()).isPositive();

    assertThat(StoreBatch.sequential(child).batchDelete(List.of("a.txt")).isSuccess()).isTrue();
    assertThat(backend.requests).hasSize(1);
    assertThat(seen).contains("batchDelete null");
    assertThat(observed.exists("sub/a.txt")).isFalse();
  }

  @Test
  void aDecoratorThatDoesNotForwardBatchDeleteIsNotBypassed() throws IOException {
    FaultyStore counting = new FaultyStore(base);
    assertThat(StoreBatch.sequential(counting).batchDelete(List.of("sub/a.txt")).isSuccess())
        .isTrue();
    assertThat(backend.requests).isEmpty();
    assertThat(counting.calls("delete", "sub/a.txt")).isEqualTo(1);
  }
}
