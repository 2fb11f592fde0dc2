package org.remotestore.ext.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.ConditionalRead;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.ext.TestStores;
import org.remotestore.ext.TestStores.BatchingMemoryBackend;
import org.remotestore.spi.BatchDeleteSupport;

class ObservedStoreTest {
  private Store base;
  private RecordingObserver observer;
  private Store store;

  @BeforeEach
  void setUp() throws IOException {
    base = TestStores.memory("mem");
    base.write("a.txt", "hello".getBytes(UTF_8), false);
    observer = new RecordingObserver();
    store = ObservedStore.wrap(base, observer);
  }

  @Test
  void reportsEveryOperationWithBackendAndPath() throws IOException {
    store.exists("a.txt");
    store.isFile("a.txt");
    store.isFolder("d");
    store.getFileInfo("a.txt");
    store.listFiles("", true, 0);
    store.listFolders("", 0);
    store.write("d/b.txt", "12".getBytes(UTF_8), false);
    store.getFolderInfo("d");
    store.copy("a.txt", "c.txt", false);
    store.move("c.txt", "e.txt", false);
    store.createFolder("f");
    store.delete("e.txt", false);
    store.deleteFolder("d");
    store.readIfChanged("a.txt", null, null).close();
    store.writeAtomic("g.txt", new ByteArrayInputStream(new byte[3]), false);

    assertThat(observer.started)
        .extracting(StoreOperation::operation)
        .containsExactly(
            "exists",
            "isFile",
            "isFolder",
            "getFileInfo",
            "listFiles",
            "listFolders",
            "write",
            "getFolderInfo",
            "copy",
            "move",
            "createFolder",
            "delete",
            "deleteFolder",
            "readIfChanged",
            "writeAtomic");
    assertThat(observer.started)
        .allSatisfy(
            op -> {
              assertThat(op.backendName()).isEqualTo("mem");
              assertThat(op.backendType()).isEqualTo("memory");
              assertThat(op.storeName()).isEqualTo(base.name());
            });
    assertThat(observer.started.get(8).path()).isEqualTo("a.txt");
    assertThat(observer.started.get(8).targetPath()).isEqualTo("c.txt");
    assertThat(observer.events)
        .contains("after write d/b.txt r=-1 w=2", "after writeAtomic g.txt r=-1 w=3")
        .filteredOn(e -> e.startsWith("after"))
        .hasSize(15);
  }

  @Test
  void countsBytesOfReadStreamsAndReportsAtClose() throws IOException {
    InputStream in = store.read("a.txt");
    assertThat(observer.events).containsExactly("before read a.txt");
    assertThat(in.read()).isEqualTo('h');
    assertThat(in.read(new byte[10], 0, 10)).isEqualTo(4);
    assertThat(observer.events).hasSize(1);
    in.close();
    in.close();
    assertThat(observer.events).containsExactly("before read a.txt", "after read a.txt r=5 w=-1");

    try (InputStream range = store.readRange("a.txt", 1, 3)) {
      range.readAllBytes();
    }
    assertThat(store.readBytes("a.txt")).hasSize(5);
    try (ConditionalRead changed = store.readIfChanged("a.txt", "no-such-etag", null)) {
      changed.body().readAllBytes();
    }
    assertThat(observer.events)
        .contains(
            "after readRange a.txt r=3 w=-1",
            "after readBytes a.txt r=5 w=-1",
            "after readIfChanged a.txt r=5 w=-1");
  }

  @Test
  void countsWritesFromStreamsAndAtomicOutputs() throws IOException {
    store.write("s.bin", new ByteArrayInputStream(new byte[1000]), false);
    try (Store.AtomicOutputStream out = store.openAtomic("o.bin", false)) {
      out.write(new byte[700]);
      out.write(1);
      assertThat(observer.events).last().isEqualTo("before openAtomic o.bin");
    }
    assertThat(observer.events)
        .contains("after write s.bin r=-1 w=1000", "after openAtomic o.bin r=-1 w=701");
    assertThat(base.readBytes("o.bin")).hasSize(701);
  }

  @Test
  void abortedAtomicOutputIsAnError() throws IOException {
    Store.AtomicOutputStream out = store.openAtomic("x.bin", false);
    out.write(new byte[10]);
    out.abort();
    out.close();
    assertThat(observer.events)
        .last()
        .isEqualTo("error openAtomic x.bin CancellationException w=10");
    assertThat(observer.errors).singleElement().isInstanceOf(CancellationException.class);
    assertThat(base.exists("x.bin")).isFalse();
  }

  @Test
  void failuresGoToOnErrorAndStillReachTheCaller() {
    assertThatThrownBy(() -> store.read("missing")).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> store.getFileInfo("missing")).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> store.write("a.txt", new byte[1], false))
        .isInstanceOf(org.remotestore.AlreadyExists.class);
    assertThatThrownBy(() -> store.write("n.txt", (InputStream) null, false))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.exists("../escape"))
        .isInstanceOf(org.remotestore.InvalidPath.class);
    assertThat(observer.events)
        .containsExactly(
            "before read missing",
            "error read missing NotFound w=-1",
            "before getFileInfo missing",
            "error getFileInfo missing NotFound w=-1",
            "before write a.txt",
            "error write a.txt AlreadyExists w=-1",
            "before exists ../escape",
            "error exists ../escape InvalidPath w=-1");
  }

  @Test
  void childStaysObservedAndBrokenObserversAreIsolated() throws IOException {
    StoreObserver broken =
        new StoreObserver() {
          @Override
          public void before(StoreOperation operation) {
            throw new IllegalStateException("observer bug");
          }
        };
    Store observed = ObservedStore.wrap(base, StoreObserver.composite(broken, observer));
    Store child = observed.child("sub");
    assertThat(child).isInstanceOf(ObservedStore.class);
    child.write("x.txt", new byte[4], false);
    assertThat(base.readBytes("sub/x.txt")).hasSize(4);
    assertThat(observer.events).containsExactly("before write x.txt", "after write x.txt r=-1 w=4");
    assertThat(observer.started.get(0).storeName()).isEqualTo(base.name() + "/sub");
  }

  @Test
  void forwardsNativeBatchDeleteAndReportsIt() throws IOException {
    BatchingMemoryBackend backend = new BatchingMemoryBackend("batchy", 10);
    Store observed = ObservedStore.wrap(TestStores.over(backend), observer);
    observed.write("k1", new byte[1], false);
    BatchDeleteSupport batch = observed.unwrap(BatchDeleteSupport.class).orElseThrow();
    assertThat(batch.deleteAll(List.of("k1"))).isEmpty();
    assertThat(observer.events).contains("after batchDelete null r=-1 w=-1");
    assertThat(observed.exists("k1")).isFalse();
    assertThat(ObservedStore.wrap(base, observer).unwrap(BatchDeleteSupport.class)).isEmpty();
  }

  @Test
  void aLocalFileReadThroughOneOpenIsReportedRangeByRangeWithItsBytesAsBefore(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    Store local =
        new org.remotestore.DefaultStore(
            new org.remotestore.local.LocalBackend("disk", dir, false), "");
    byte[] data = new byte[1 << 20];
    new java.util.Random(3).nextBytes(data);
    local.write("f.bin", data, true);
    Store observed = ObservedStore.wrap(local, observer);
    assertThat(observed.unwrap(org.remotestore.spi.PositionedReadSupport.class)).isPresent();
    long read = readAround(observed, data);

    // the same reads with the facet hidden below the observer: one open per range, the old way
    RecordingObserver viaRanges = new RecordingObserver();
    Store hidden =
        new org.remotestore.ext.ForwardingStore(local) {
          @Override
          protected Store wrapChild(Store childOfDelegate) {
            return childOfDelegate;
          }
        };
    assertThat(readAround(ObservedStore.wrap(hidden, viaRanges), data)).isEqualTo(read);

    assertThat(observer.events).isEqualTo(viaRanges.events);
    List<String> ends = observer.events.stream().filter(e -> e.startsWith("after")).toList();
    assertThat(ends).hasSizeGreaterThan(10).allMatch(e -> e.startsWith("after readRange f.bin"));
    long reported =
        ends.stream()
            .mapToLong(e -> Long.parseLong(e.substring(e.indexOf(" r=") + 3, e.indexOf(" w="))))
            .sum();
    assertThat(reported).isEqualTo(read);
  }

  /** Seeks back and forth over {@code data}'s file, checking every byte; the bytes read. */
  private static long readAround(Store store, byte[] data) throws IOException {
    long total = 0;
    try (org.remotestore.SeekableInputStream in = store.readSeekable("f.bin", 64 * 1024)) {
      byte[] chunk = new byte[3000];
      for (int i = 0; i < 24; i++) {
        int at = (int) ((i * 7L % 24) * (data.length / 24));
        in.seek(at);
        int n = in.readNBytes(chunk, 0, chunk.length);
        assertThat(n).isEqualTo(chunk.length);
        assertThat(java.util.Arrays.equals(chunk, 0, n, data, at, at + n)).isTrue();
        total += n;
      }
    }
    return total;
  }
}
