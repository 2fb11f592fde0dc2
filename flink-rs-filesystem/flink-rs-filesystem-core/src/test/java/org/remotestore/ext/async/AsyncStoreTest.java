package org.remotestore.ext.async;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.AlreadyExists;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.ext.TestStores;

class AsyncStoreTest {
  /** Guards latches so that a broken implementation fails the test instead of hanging it. */
  private static final long GUARD_SECONDS = 60;

  private Store store;
  private AsyncStore async;

  @BeforeEach
  void setUp() {
    store = TestStores.memory("async");
    async = AsyncStore.over(store, 4);
  }

  @AfterEach
  void tearDown() {
    async.close();
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("latch released").isTrue();
  }

  @Test
  void operationsCompleteWithTheStoresResults() throws Exception {
    byte[] data = new byte[AsyncStore.CHUNK_BYTES * 3 + 5];
    data[7] = 42;
    CompletableFuture<byte[]> chain =
        async
            .write("in/a.bin", data, false)
            .thenCompose(v -> async.copy("in/a.bin", "in/b.bin", false))
            .thenCompose(v -> async.readBytes("in/b.bin"));
    assertThat(chain.get()).isEqualTo(data);
    assertThat(async.getFileInfo("in/a.bin").get().size()).isEqualTo(data.length);
    assertThat(async.exists("in").get()).isTrue();
    assertThat(async.listFiles("", true).get())
        .extracting(FileInfo::path)
        .containsExactly("in/a.bin", "in/b.bin");
    assertThat(async.glob("in/?.bin").get()).hasSize(2);
    async.move("in/b.bin", "out/b.bin", false).get();
    assertThat(async.delete("in/a.bin", false).get()).isTrue();
    assertThat(store.listFiles("", true)).extracting(FileInfo::path).containsExactly("out/b.bin");
    assertThat(async.submit(call -> store.name()).get()).isEqualTo(store.name());
  }

  @Test
  void failuresAreTheStoresTypedErrors() {
    assertThatThrownBy(() -> async.readBytes("missing.bin").get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(
            () ->
                async
                    .write("x", new byte[1], false)
                    .thenCompose(v -> async.write("x", new byte[2], false))
                    .join())
        .cause()
        .isInstanceOf(AlreadyExists.class);
  }

  @Test
  void atMostThreadsRunAndAFullQueueRejectsInsteadOfGrowing() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch twoStarted = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Integer>> accepted = new ArrayList<>();
    try (AsyncStore bounded = AsyncStore.over(store, 2, 3)) {
      for (int i = 0; i < 5; i++) {
        int n = i;
        accepted.add(
            bounded.submit(
                call -> {
                  maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                  twoStarted.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    throw new IOException(e);
                  } finally {
                    running.decrementAndGet();
                  }
                  return n;
                }));
      }
      await(twoStarted);
      assertThat(bounded.pending()).isEqualTo(5);
      CompletableFuture<Integer> sixth = bounded.submit(call -> 6);
      assertThatThrownBy(sixth::join)
          .cause()
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("full");
      release.countDown();
      for (int i = 0; i < 5; i++) {
        assertThat(accepted.get(i).get()).isEqualTo(i);
      }
    }
    assertThat(maxRunning.get()).isEqualTo(2);
  }

  @Test
  void cancellingAWriteAbortsItAndPublishesNothing() throws Exception {
    store.write("kept.csv", "old".getBytes(UTF_8), false);
    CountDownLatch firstChunkRead = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    AtomicBoolean sourceClosed = new AtomicBoolean();
    InputStream slowSource =
        new InputStream() {
          private int chunks;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (chunks++ == 1) {
              firstChunkRead.countDown();
              try {
                cancelled.await(); // the producer stalls until the caller gives up
              } catch (InterruptedException e) {
                // the bridge interrupts the worker on cancel; keep going to see the abort
              }
            }
            return len;
          }

          @Override
          public void close() {
            sourceClosed.set(true);
          }
        };
    CompletableFuture<Void> write = async.write("kept.csv", slowSource, true);
    await(firstChunkRead);
    assertThat(write.cancel(true)).isTrue();
    cancelled.countDown();
    async.close(); // waits for the worker to finish
    assertThat(write.isCancelled()).isTrue();
    assertThatThrownBy(write::join).isInstanceOf(CancellationException.class);
    assertThat(store.readBytes("kept.csv")).isEqualTo("old".getBytes(UTF_8));
    assertThat(store.listFiles("", true)).extracting(FileInfo::path).containsExactly("kept.csv");
    assertThat(sourceClosed).isTrue();
  }

  @Test
  void cancellingAReadClosesTheBackendStream() throws Exception {
    store.write("big.bin", new byte[AsyncStore.CHUNK_BYTES * 4], false);
    CountDownLatch streaming = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Store stalling =
        new ForwardingStore(store) {
          @Override
          protected Store wrapChild(Store child) {
            return child;
          }

          @Override
          public InputStream read(String path) throws IOException {
            InputStream real = super.read(path);
            return new InputStream() {
              @Override
              public int read() throws IOException {
                return real.read();
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                streaming.countDown();
                try {
                  // a connection that stops delivering: only closing the stream ends the wait
                  if (closed.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("stream closed");
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return real.read(b, off, len);
              }

              @Override
              public void close() throws IOException {
                closed.countDown();
                real.close();
              }
            };
          }
        };
    try (AsyncStore bridge = AsyncStore.over(stalling, 1)) {
      CompletableFuture<byte[]> read = bridge.readBytes("big.bin");
      await(streaming);
      assertThat(read.cancel(true)).isTrue();
      assertThat(closed.getCount()).as("backend stream closed by cancel").isZero();
      assertThat(read.isCancelled()).isTrue();
    }
  }

  @Test
  void aCancelledWaitingCallNeverRuns() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (AsyncStore single = AsyncStore.over(store, 1, 4)) {
      CompletableFuture<Object> blocker =
          single.submit(
              call -> {
                started.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  throw new IOException(e);
                }
                return null;
              });
      await(started);
      CompletableFuture<Boolean> waiting =
          single.submit(
              call -> {
                calls.incrementAndGet();
                return store.delete("whatever", true);
              });
      assertThat(waiting.cancel(false)).isTrue();
      release.countDown();
      blocker.get();
    }
    assertThat(calls).hasValue(0);
  }

  @Test
  void aClosedBridgeRejectsCallsAndLeavesTheStoreOpen() throws Exception {
    async.close();
    assertThatThrownBy(() -> async.exists("a").join())
        .cause()
        .isInstanceOf(RejectedExecutionException.class);
    store.write("still-open.txt", new byte[1], false);
    assertThat(store.exists("still-open.txt")).isTrue();
    assertThatThrownBy(() -> AsyncStore.over(store, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
