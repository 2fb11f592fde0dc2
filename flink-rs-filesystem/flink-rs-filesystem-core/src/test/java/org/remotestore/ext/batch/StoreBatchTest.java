package org.remotestore.ext.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendUnavailable;
import org.remotestore.InvalidPath;
import org.remotestore.PermissionDenied;
import org.remotestore.Store;
import org.remotestore.ext.FaultyStore;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.ext.TestStores;
import org.remotestore.ext.TestStores.BatchingMemoryBackend;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CachingStore;

class StoreBatchTest {
  private Store base;
  private FaultyStore faulty;
  private List<String> paths;

  @BeforeEach
  void setUp() throws IOException {
    base = TestStores.memory("mem");
    paths = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String path = "f/" + i + ".bin";
      base.write(path, new byte[] {(byte) i}, false);
      paths.add(path);
    }
    faulty = new FaultyStore(base);
  }

  @Test
  void sequentialDeleteAggregatesFailuresInsteadOfStopping() throws IOException {
    faulty.fail("delete", "f/3.bin", new PermissionDenied("no", "mem", "f/3.bin"));
    faulty.fail("delete", "f/17.bin", new BackendUnavailable("down", "mem", "f/17.bin", null));
    List<String> withMissing = new ArrayList<>(paths);
    withMissing.add("f/missing.bin");
    withMissing.add("f/3.bin"); // duplicate: counted once

    BatchResult<Void> result = StoreBatch.sequential(faulty).batchDelete(withMissing);

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.failures()).containsOnlyKeys("f/3.bin", "f/17.bin");
    assertThat(result.failures().get("f/3.bin")).isInstanceOf(PermissionDenied.class);
    assertThat(result.succeeded()).hasSize(19).contains("f/missing.bin").doesNotContain("f/3.bin");
    assertThat(result.succeeded().get(0)).isEqualTo("f/0.bin");
    assertThat(base.listFiles("f"))
        .extracting(f -> f.path())
        .containsExactlyInAnyOrder("f/3.bin", "f/17.bin");
    assertThatThrownBy(result::throwIfFailed)
        .isInstanceOf(BatchException.class)
        .hasMessageContaining("batchDelete")
        .hasMessageContaining("2 of 21")
        .hasMessageContaining("'f/3.bin' (PermissionDenied")
        .satisfies(e -> assertThat(((BatchException) e).failures()).hasSize(2))
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
  }

  @Test
  void parallelOnOwnedPoolRespectsTheBound() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Store tracking =
        new ForwardingStore(base) {
          @Override
          protected Store wrapChild(Store child) {
            return child;
          }

          @Override
          public boolean exists(String path) throws IOException {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
              Thread.yield();
              return super.exists(path);
            } finally {
              inFlight.decrementAndGet();
            }
          }
        };
    List<String> query = new ArrayList<>(paths);
    query.add("nope");
    query.add("../escape");
    try (StoreBatch batch = StoreBatch.parallel(tracking, 3)) {
      BatchResult<Boolean> result = batch.batchExists(query);
      assertThat(result.values())
          .hasSize(21)
          .containsEntry("nope", false)
          .containsEntry("f/5.bin", true);
      assertThat(result.values().keySet()).first().isEqualTo("f/0.bin");
      assertThat(result.failures()).containsOnlyKeys("../escape");
      assertThat(result.failures().get("../escape")).isInstanceOf(InvalidPath.class);
    }
    assertThat(maxInFlight.get()).isBetween(1, 3);
  }

  @Test
  void parallelOnCallersExecutorSubmitsAtMostMaxParallelismTasks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger submitted = new AtomicInteger();
    try {
      StoreBatch batch =
          StoreBatch.parallel(
              faulty,
              task -> {
                submitted.incrementAndGet();
                pool.execute(task);
              },
              4);
      faulty.fail("delete", "f/9.bin", new PermissionDenied("no", "mem", "f/9.bin"));
      BatchResult<Void> result = batch.batchDelete(paths);
      batch.close(); // does not shut down the caller's pool
      assertThat(pool.isShutdown()).isFalse();
      assertThat(submitted.get()).isEqualTo(4);
      assertThat(result.failures()).containsOnlyKeys("f/9.bin");
      assertThat(result.succeeded()).hasSize(19);
      assertThat(base.listFiles("f")).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void copyKeyedBySourceWithPerPathFailures() throws IOException {
    Map<String, String> copies = new LinkedHashMap<>();
    copies.put("f/0.bin", "g/0.bin");
    copies.put("f/1.bin", "g/1.bin");
    copies.put("f/missing.bin", "g/2.bin");
    copies.put("f/2.bin", "f/3.bin"); // exists, no overwrite
    try (StoreBatch batch = StoreBatch.parallel(base, 2)) {
      BatchResult<Void> result = batch.batchCopy(copies, false);
      assertThat(result.succeeded()).containsExactly("f/0.bin", "f/1.bin");
      assertThat(result.failures().keySet()).containsExactly("f/missing.bin", "f/2.bin");
      assertThat(result.failures().get("f/missing.bin"))
          .isInstanceOf(org.remotestore.NotFound.class);
      assertThat(result.failures().get("f/2.bin"))
          .isInstanceOf(org.remotestore.AlreadyExists.class);
    }
    assertThat(base.readBytes("g/1.bin")).containsExactly(1);
  }

  @Test
  void usesNativeBatchDeleteInChunksAndMapsKeyFailuresBackToPaths() throws IOException {
    BatchingMemoryBackend backend = new BatchingMemoryBackend("s3ish", 4);
    Store store = TestStores.over(backend).child("t");
    for (int i = 0; i < 10; i++) {
      store.write("p" + i, new byte[1], false);
    }
    backend.failingKeys.add("root/t/p7");
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      targets.add("p" + i);
    }
    targets.add("p1/../p2"); // same key as p2
    targets.add("/abs");

    BatchResult<Void> result = StoreBatch.sequential(store).batchDelete(targets);

    assertThat(backend.requests).hasSize(3);
    assertThat(backend.requests.get(0))
        .containsExactly("root/t/p0", "root/t/p1", "root/t/p2", "root/t/p3");
    assertThat(result.failures()).containsOnlyKeys("p7", "/abs");
    assertThat(result.failures().get("/abs")).isInstanceOf(InvalidPath.class);
    assertThat(result.succeeded()).contains("p1/../p2").hasSize(10);
    assertThat(store.listFiles("")).extracting(f -> f.path()).containsExactly("p7");
  }

  @Test
  void wholeNativeRequestFailureFailsItsPathsOnly() throws IOException {
    BatchingMemoryBackend backend = new BatchingMemoryBackend("s3ish", 100);
    Store store = TestStores.over(backend);
    store.write("a", new byte[1], false);
    backend.failRequest = new BackendUnavailable("throttled", "s3ish", null, null);
    BatchResult<Void> result = StoreBatch.sequential(store).batchDelete(List.of("a", "b"));
    assertThat(result.failures()).containsOnlyKeys("a", "b");
    assertThat(result.failures().get("a")).isInstanceOf(BackendUnavailable.class);
    assertThat(store.exists("a")).isTrue();
  }

  @Test
  void nativeBatchDeleteThroughACacheKeepsTheCacheConsistent() throws IOException {
    BatchingMemoryBackend backend = new BatchingMemoryBackend("s3ish", 100);
    Store plain = TestStores.over(backend);
    plain.write("a", new byte[] {1}, false);
    CachingStore cached = CachingStore.wrap(plain, CacheConfig.defaults());
    assertThat(cached.readBytes("a")).containsExactly(1);
    assertThat(StoreBatch.sequential(cached).batchDelete(List.of("a")).isSuccess()).isTrue();
    assertThat(backend.requests).hasSize(1);
    assertThat(cached.exists("a")).isFalse();
  }

  @Test
  void rejectsInvalidParallelism() {
    assertThatThrownBy(() -> StoreBatch.parallel(base, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxParallelism");
  }
}
