package org.remotestore.ext.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.ext.FaultyStore;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.ext.TestStores;
import org.remotestore.ext.TestStores.BatchingMemoryBackend;
import org.remotestore.spi.BatchDeleteSupport;

class CachingStoreTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private Store base;
  private FaultyStore counting;
  private CachingStore cache;

  @BeforeEach
  void setUp() throws IOException {
    base = TestStores.memory("mem");
    base.write("a.txt", bytes("alpha"), false);
    base.write("dir/b.txt", bytes("beta"), false);
    counting = new FaultyStore(base);
    cache = CachingStore.wrap(counting, config().build());
  }

  private CacheConfig.Builder config() {
    return CacheConfig.builder().ttl(Duration.ofSeconds(10)).ticker(now::get);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void servesRepeatedReadsAndMetadataFromCache() throws IOException {
    for (int i = 0; i < 3; i++) {
      assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("alpha"));
      assertThat(cache.getFileInfo("a.txt").size()).isEqualTo(5);
      assertThat(cache.exists("dir")).isTrue();
      assertThat(cache.isFile("a.txt")).isTrue();
      assertThat(cache.isFolder("dir")).isTrue();
    }
    try (InputStream in = cache.read("a.txt")) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("alpha"));
    }
    try (InputStream in = cache.readRange("a.txt", 1, 3)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("lph"));
    }
    assertThat(counting.calls("readBytes", "a.txt")).isEqualTo(1);
    assertThat(counting.calls("read", "a.txt")).isZero();
    assertThat(counting.calls("getFileInfo", "a.txt")).isEqualTo(1);
    assertThat(counting.calls("exists", "dir")).isEqualTo(1);
    CacheStats stats = cache.stats();
    assertThat(stats.misses()).isEqualTo(5);
    assertThat(stats.hits()).isEqualTo(12);
    assertThat(stats.entries()).isEqualTo(5);
    assertThat(stats.bytes()).isEqualTo(5);
    assertThat(stats.hitRate()).isGreaterThan(0.7);
  }

  @Test
  void returnedArraysAreCopies() throws IOException {
    cache.readBytes("a.txt")[0] = 'X';
    cache.readBytes("a.txt")[1] = 'X';
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("alpha"));
  }

  @Test
  void cachesMissingFilesUntilWrittenThroughTheCache() throws IOException {
    assertThatThrownBy(() -> cache.getFileInfo("new.txt")).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> cache.getFileInfo("new.txt"))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("new.txt");
    assertThat(counting.calls("getFileInfo", "new.txt")).isEqualTo(1);
    assertThat(cache.exists("new.txt")).isFalse();
    cache.write("new.txt", bytes("n"), false);
    assertThat(cache.getFileInfo("new.txt").size()).isEqualTo(1);
    assertThat(cache.exists("new.txt")).isTrue();
  }

  @Test
  void everyWriteOperationInvalidates() throws IOException {
    cache.readBytes("a.txt");
    cache.write("a.txt", bytes("v2"), true);
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("v2"));

    cache.write("a.txt", new ByteArrayInputStream(bytes("v3")), true);
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("v3"));

    cache.writeAtomic("a.txt", new ByteArrayInputStream(bytes("v4")), true);
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("v4"));

    Store.AtomicOutputStream out = cache.openAtomic("a.txt", true);
    out.write(bytes("v5"));
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("v4")); // not published yet
    out.close();
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("v5"));

    cache.readBytes("dir/b.txt");
    cache.copy("a.txt", "dir/b.txt", true);
    assertThat(cache.readBytes("dir/b.txt")).isEqualTo(bytes("v5"));

    cache.move("dir/b.txt", "a.txt", true);
    assertThat(cache.exists("dir/b.txt")).isFalse();
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("v5"));

    cache.delete("a.txt");
    assertThat(cache.exists("a.txt")).isFalse();
    assertThatThrownBy(() -> cache.readBytes("a.txt")).isInstanceOf(NotFound.class);
  }

  @Test
  void writesInvalidateParentFoldersAndFolderDeletesInvalidateTheSubtree() throws IOException {
    assertThat(cache.exists("x")).isFalse();
    assertThat(cache.isFolder("x/y")).isFalse();
    cache.write("x/y/z.txt", bytes("z"), false);
    assertThat(cache.exists("x")).isTrue();
    assertThat(cache.isFolder("x/y")).isTrue();

    assertThat(cache.readBytes("dir/b.txt")).isEqualTo(bytes("beta"));
    assertThat(cache.isFolder("dir")).isTrue();
    cache.deleteFolder("dir");
    assertThat(cache.isFolder("dir")).isFalse();
    assertThatThrownBy(() -> cache.readBytes("dir/b.txt")).isInstanceOf(NotFound.class);

    cache.createFolder("made");
    assertThat(cache.stats().invalidations()).isPositive();
  }

  @Test
  void childrenShareTheCacheSoWritesThroughAChildInvalidateTheParent() throws IOException {
    Store child = cache.child("dir");
    assertThat(child).isInstanceOf(CachingStore.class);
    assertThat(cache.readBytes("dir/b.txt")).isEqualTo(bytes("beta"));
    assertThat(child.readBytes("b.txt")).isEqualTo(bytes("beta")); // hit on the shared entry
    assertThat(counting.calls("readBytes", "dir/b.txt")).isEqualTo(1);
    assertThat(child.getFileInfo("b.txt").path()).isEqualTo("b.txt");
    assertThat(cache.getFileInfo("dir/b.txt").path()).isEqualTo("dir/b.txt");

    child.write("b.txt", bytes("new"), true);
    assertThat(cache.readBytes("dir/b.txt")).isEqualTo(bytes("new"));
  }

  @Test
  void entriesExpireAfterTheTtl() throws IOException {
    cache.readBytes("a.txt");
    cache.exists("a.txt");
    base.write("a.txt", bytes("changed behind the cache"), true);
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("alpha"));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("changed behind the cache"));
    assertThat(cache.exists("a.txt")).isTrue();
    assertThat(cache.stats().expirations()).isEqualTo(2);
    assertThat(counting.calls("readBytes", "a.txt")).isEqualTo(2);
  }

  @Test
  void evictsLeastRecentlyUsedByBytes() throws IOException {
    CachingStore small =
        CachingStore.wrap(counting, config().maxBytes(10).maxEntryBytes(8).build());
    base.write("six.txt", new byte[6], false);
    base.write("big.txt", new byte[9], false);
    small.readBytes("a.txt"); // 5 bytes
    small.readBytes("dir/b.txt"); // 4 bytes, total 9
    small.readBytes("a.txt"); // a.txt is now the most recently used
    small.readBytes("six.txt"); // 15 > 10: evicts dir/b.txt (LRU), then 11 > 10: evicts a.txt
    assertThat(small.stats().evictions()).isEqualTo(2);
    assertThat(small.stats().bytes()).isEqualTo(6);
    small.readBytes("big.txt"); // larger than maxEntryBytes: never cached
    small.readBytes("big.txt");
    assertThat(counting.calls("readBytes", "big.txt")).isEqualTo(2);
    small.readBytes("six.txt");
    assertThat(counting.calls("readBytes", "six.txt")).isEqualTo(1);
  }

  @Test
  void evictsByEntryCount() throws IOException {
    CachingStore few = CachingStore.wrap(counting, config().maxEntries(2).build());
    few.exists("p1");
    few.exists("p2");
    few.exists("p3");
    assertThat(few.stats().entries()).isEqualTo(2);
    assertThat(few.stats().evictions()).isEqualTo(1);
    few.exists("p1");
    assertThat(counting.calls("exists", "p1")).isEqualTo(2);
    few.exists("p3");
    assertThat(counting.calls("exists", "p3")).isEqualTo(1);
  }

  @Test
  void streamsAreCachedOnlyWhenReadToTheEnd() throws IOException {
    try (InputStream in = cache.read("a.txt")) {
      assertThat(in.read()).isEqualTo('a');
    }
    assertThat(cache.stats().entries()).isZero();
    try (InputStream in = cache.read("a.txt")) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("alpha"));
    }
    assertThat(cache.readBytes("a.txt")).isEqualTo(bytes("alpha"));
    assertThat(counting.calls("read", "a.txt")).isEqualTo(2);
    assertThat(counting.calls("readBytes", "a.txt")).isZero();
  }

  @Test
  void aLoadOverlappingAWriteIsNotCached() throws IOException {
    // The wrapped store answers a read with the old content, and a write lands before the
    // answer is cached: the stale answer must not be kept.
    Store[] cacheRef = new Store[1];
    Store racing =
        new ForwardingStore(base) {
          @Override
          protected Store wrapChild(Store child) {
            return child;
          }

          @Override
          public byte[] readBytes(String path) throws IOException {
            byte[] old = super.readBytes(path);
            cacheRef[0].write(path, bytes("fresh"), true);
            return old;
          }
        };
    CachingStore racy = CachingStore.wrap(racing, config().build());
    cacheRef[0] = racy;
    assertThat(racy.readBytes("a.txt")).isEqualTo(bytes("alpha"));
    assertThat(racy.stats().entries()).isZero();
    assertThat(base.readBytes("a.txt")).isEqualTo(bytes("fresh"));
  }

  @Test
  void invalidatesKeysDeletedByANativeBatchDelete() throws IOException {
    BatchingMemoryBackend backend = new BatchingMemoryBackend("batchy", 10);
    Store over = TestStores.over(backend);
    over.write("k", bytes("v"), false);
    CachingStore cached = CachingStore.wrap(over, config().build());
    assertThat(cached.readBytes("k")).isEqualTo(bytes("v"));
    BatchDeleteSupport batch = cached.unwrap(BatchDeleteSupport.class).orElseThrow();
    batch.deleteAll(List.of("k"));
    assertThat(cached.exists("k")).isFalse();
    assertThatThrownBy(() -> cached.readBytes("k")).isInstanceOf(NotFound.class);
    assertThat(cache.unwrap(BatchDeleteSupport.class)).isEmpty();
  }

  @Test
  void concurrentReadersAndWritersNeverSeeStaleContentAfterTheirOwnWrite() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String path = "c" + t + ".txt";
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    cache.write(path, bytes("v" + i), true);
                    assertThat(cache.readBytes(path)).isEqualTo(bytes("v" + i));
                    assertThat(cache.getFileInfo(path).size()).isEqualTo(("v" + i).length());
                    cache.readBytes("a.txt");
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    CacheStats stats = cache.stats();
    assertThat(stats.hits() + stats.misses()).isEqualTo(4 * 200 * 3);
  }

  @Test
  void configIsValidated() {
    assertThatThrownBy(() -> CacheConfig.builder().ttl(Duration.ZERO)).hasMessageContaining("ttl");
    assertThatThrownBy(() -> CacheConfig.builder().maxEntries(0))
        .hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> CacheConfig.builder().maxBytes(-1)).hasMessageContaining("maxBytes");
    assertThat(CacheConfig.builder().maxBytes(100).maxEntryBytes(1000).build().maxEntryBytes())
        .isEqualTo(100);
  }

  @Test
  void positionedReadsOfACachedFileAreServedFromTheCacheWithoutOpeningIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    Store local =
        new org.remotestore.DefaultStore(
            new org.remotestore.local.LocalBackend("disk", dir, false), "");
    local.write("small.csv", bytes("0123456789"), true);
    local.write("other.csv", bytes("abcdefghij"), true);
    CachingStore cached = CachingStore.wrap(local, config().build());
    assertThat(cached.unwrap(org.remotestore.spi.PositionedReadSupport.class)).isPresent();
    assertThat(cached.readBytes("small.csv")).isEqualTo(bytes("0123456789")); // now cached

    // gone from the disk: the cached content still answers, so the file was never opened
    java.nio.file.Files.delete(dir.resolve("small.csv"));
    try (org.remotestore.SeekableInputStream in = cached.readSeekable("small.csv")) {
      in.seek(7);
      assertThat(in.readAllBytes()).isEqualTo(bytes("789"));
      in.seek(2);
      assertThat(in.read()).isEqualTo('2');
      assertThat(in.length()).isEqualTo(10);
    }
    // not cached: read from the file
    try (org.remotestore.SeekableInputStream in = cached.readSeekable("other.csv")) {
      in.seek(3);
      assertThat(in.readNBytes(2)).isEqualTo(bytes("de"));
    }
    cached.invalidateAll();
    assertThatThrownBy(
            () -> {
              try (org.remotestore.SeekableInputStream in = cached.readSeekable("small.csv")) {
                in.read();
              }
            })
        .isInstanceOf(NotFound.class);
  }
}
