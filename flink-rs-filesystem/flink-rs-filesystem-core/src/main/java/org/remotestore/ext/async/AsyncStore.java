package org.remotestore.ext.async;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.remotestore.FileInfo;
import org.remotestore.Store;

/**
 * Asynchronous access to any {@link Store}: every operation returns a {@link CompletableFuture} and
 * runs on a bounded pool of this bridge's own threads.
 *
 * <p><b>Bounded.</b> At most {@code threads} calls run at once and at most {@code queueCapacity}
 * wait; a call beyond that is not queued without limit but answered with a future failed with
 * {@link RejectedExecutionException}, so a fast producer cannot pile up unbounded work (or memory).
 *
 * <p><b>Cancelling aborts.</b> {@code future.cancel(...)} on a call that has not started removes
 * it; on a running call it aborts the request: a read closes its backend stream (the connection
 * stops transferring), a write abandons its atomic output, so nothing is published; other calls
 * have their thread interrupted. The future then completes as cancelled.
 *
 * <p>Failures complete the future exceptionally with the store's typed exception ({@link
 * org.remotestore.NotFound}, {@link org.remotestore.AlreadyExists}, ...). Closing the bridge stops
 * its threads after the calls already accepted; it does not close the store.
 */
public final class AsyncStore implements AutoCloseable {
  /** The chunk size of streamed reads and writes; cancellation is noticed between chunks. */
  static final int CHUNK_BYTES = 64 * 1024;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Store store;
  private final ThreadPoolExecutor pool;

  private AsyncStore(Store store, int threads, int queueCapacity) {
    this.store = Objects.requireNonNull(store, "store");
    if (threads < 1 || queueCapacity < 0) {
      throw new IllegalArgumentException(
          "threads must be >= 1 and queueCapacity >= 0: " + threads + ", " + queueCapacity);
    }
    int id = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "rs-async-" + id + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            queueCapacity == 0
                ? new java.util.concurrent.SynchronousQueue<>()
                : new ArrayBlockingQueue<>(queueCapacity),
            factory,
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * An asynchronous bridge over {@code store} with {@code threads} worker threads and room for
   * {@code queueCapacity} waiting calls.
   */
  public static AsyncStore over(Store store, int threads, int queueCapacity) {
    return new AsyncStore(store, threads, queueCapacity);
  }

  /** A bridge with {@code threads} worker threads and {@code 16 * threads} waiting calls. */
  public static AsyncStore over(Store store, int threads) {
    return new AsyncStore(store, threads, 16 * threads);
  }

  /** The store this bridge calls. */
  public Store store() {
    return store;
  }

  /** Calls currently running or waiting. */
  public int pending() {
    return pool.getActiveCount() + pool.getQueue().size();
  }

  // ------------------------------------------------------------------ reads

  /** Reads the whole file; cancelling closes the backend stream. */
  public CompletableFuture<byte[]> readBytes(String path) {
    return submit(
        call -> {
          try (InputStream in = store.read(path)) {
            call.onAbort(in::close);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[CHUNK_BYTES];
            int n;
            while ((n = in.read(buffer)) >= 0) {
              call.checkNotCancelled();
              out.write(buffer, 0, n);
            }
            return out.toByteArray();
          }
        });
  }

  /** Metadata of the file. */
  public CompletableFuture<FileInfo> getFileInfo(String path) {
    return submit(call -> store.getFileInfo(path));
  }

  /** Whether a file or folder exists. */
  public CompletableFuture<Boolean> exists(String path) {
    return submit(call -> store.exists(path));
  }

  /** Lists files below a folder; see {@link Store#listFiles(String, boolean)}. */
  public CompletableFuture<List<FileInfo>> listFiles(String path, boolean recursive) {
    return submit(call -> store.listFiles(path, recursive));
  }

  /** The files matching a glob pattern; see {@link Store#glob(String)}. */
  public CompletableFuture<List<FileInfo>> glob(String pattern) {
    return submit(call -> store.glob(pattern));
  }

  // ------------------------------------------------------------------ writes

  /** Writes the bytes atomically; see {@link #write(String, InputStream, boolean)}. */
  public CompletableFuture<Void> write(String path, byte[] data, boolean overwrite) {
    byte[] copy = data.clone();
    return write(path, new ByteArrayInputStream(copy), overwrite);
  }

  /**
   * Streams {@code data} to {@code path} through an atomic output: the file appears complete when
   * the future completes normally, and not at all when it fails or is cancelled. The stream is read
   * on a worker thread and closed at the end.
   */
  public CompletableFuture<Void> write(String path, InputStream data, boolean overwrite) {
    return submit(
        call -> {
          try (InputStream in = data) {
            Store.AtomicOutputStream out = store.openAtomic(path, overwrite);
            call.onAbort(out::abort);
            boolean published = false;
            try {
              byte[] buffer = new byte[CHUNK_BYTES];
              int n;
              while ((n = in.read(buffer)) >= 0) {
                call.checkNotCancelled();
                out.write(buffer, 0, n);
              }
              call.checkNotCancelled();
              out.close();
              published = true;
              return null;
            } finally {
              if (!published) {
                out.abort();
              }
            }
          }
        });
  }

  /** Deletes a file; see {@link Store#delete(String, boolean)}. */
  public CompletableFuture<Boolean> delete(String path, boolean missingOk) {
    return submit(call -> store.delete(path, missingOk));
  }

  /** Copies a file; see {@link Store#copy(String, String, boolean)}. */
  public CompletableFuture<Void> copy(String source, String target, boolean overwrite) {
    return submit(
        call -> {
          store.copy(source, target, overwrite);
          return null;
        });
  }

  /** Moves a file; see {@link Store#move(String, String, boolean)}. */
  public CompletableFuture<Void> move(String source, String target, boolean overwrite) {
    return submit(
        call -> {
          store.move(source, target, overwrite);
          return null;
        });
  }

  /**
   * Runs any work against the store on the bridge, for operations without a method here. The work
   * may register an abort action with {@link AsyncCall#onAbort} and check {@link
   * AsyncCall#checkNotCancelled()} between steps.
   */
  public <T> CompletableFuture<T> submit(StoreWork<T> work) {
    Objects.requireNonNull(work, "work");
    AsyncCall<T> call = new AsyncCall<>();
    try {
      call.task = pool.submit(() -> call.run(work));
    } catch (RejectedExecutionException full) {
      call.completeExceptionally(
          new RejectedExecutionException(
              "AsyncStore over '"
                  + store.name()
                  + "' is full ("
                  + pool.getMaximumPoolSize()
                  + " running, "
                  + pool.getQueue().size()
                  + " waiting) or closed",
              full));
    }
    return call;
  }

  /** Accepts no more calls and waits for the accepted ones; the store stays open. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Work run against the store on a worker thread. */
  @FunctionalInterface
  public interface StoreWork<T> {
    /** Does the work; {@code call} lets it register an abort action. */
    T run(AsyncCall<T> call) throws IOException;
  }

  /** Thrown inside a call when its future was cancelled; never reaches the caller. */
  static final class CancelledCall extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    CancelledCall() {
      super("cancelled");
    }
  }
}
