package org.remotestore.ext.batch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.remotestore.Capability;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.InvalidPath;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.StorePaths;
import org.remotestore.spi.BatchDeleteSupport;

/**
 * Deletes, copies and checks many paths of one {@link Store}, sequentially or with bounded
 * parallelism, and reports every path's outcome in one {@link BatchResult} instead of stopping at
 * the first failure.
 *
 * <p>{@link #batchDelete} uses the backend's native batch delete when the store exposes a {@link
 * BatchDeleteSupport} through {@link Store#unwrap(Class)} (for example S3 {@code DeleteObjects}),
 * in requests of at most {@link BatchDeleteSupport#maxBatchSize()} keys; otherwise it deletes path
 * by path.
 *
 * <p>Parallel batches run at most {@code maxParallelism} tasks at a time, either on a pool this
 * object owns (released by {@link #close()}) or on the caller's {@link Executor} (never shut down
 * here).
 *
 * <pre>{@code
 * try (StoreBatch batch = StoreBatch.parallel(store, 8)) {
 *   batch.batchDelete(List.of("tmp/a", "tmp/b")).throwIfFailed();
 * }
 * }</pre>
 */
public final class StoreBatch implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Store store;
  private final Executor executor;
  private final ExecutorService ownedPool;
  private final int maxParallelism;

  private StoreBatch(Store store, Executor executor, ExecutorService ownedPool, int parallelism) {
    this.store = Objects.requireNonNull(store, "store");
    this.executor = executor;
    this.ownedPool = ownedPool;
    this.maxParallelism = parallelism;
  }

  /** Runs each batch path by path in the calling thread. */
  public static StoreBatch sequential(Store store) {
    return new StoreBatch(store, null, null, 1);
  }

  /**
   * Runs at most {@code maxParallelism} paths at a time on a pool of daemon threads owned by the
   * returned object; {@link #close()} shuts the pool down.
   */
  public static StoreBatch parallel(Store store, int maxParallelism) {
    requirePositive(maxParallelism);
    if (maxParallelism == 1) {
      return sequential(store);
    }
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "remote-store-batch-" + pool + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ExecutorService owned = Executors.newFixedThreadPool(maxParallelism, factory);
    return new StoreBatch(store, owned, owned, maxParallelism);
  }

  /**
   * Runs at most {@code maxParallelism} paths at a time on the caller's {@code executor}, which is
   * not shut down by {@link #close()}.
   */
  public static StoreBatch parallel(Store store, Executor executor, int maxParallelism) {
    requirePositive(maxParallelism);
    return new StoreBatch(
        store, Objects.requireNonNull(executor, "executor"), null, maxParallelism);
  }

  private static void requirePositive(int maxParallelism) {
    if (maxParallelism < 1) {
      throw new IllegalArgumentException(
          "maxParallelism must be at least 1, was " + maxParallelism);
    }
  }

  /** The most paths (or native delete requests) in flight at once. */
  public int maxParallelism() {
    return maxParallelism;
  }

  // ------------------------------------------------------------------ operations

  /**
   * Deletes every file in {@code paths}; a missing file counts as deleted.
   *
   * @throws InterruptedIOException when the calling thread is interrupted while waiting
   */
  public BatchResult<Void> batchDelete(Collection<String> paths) throws InterruptedIOException {
    List<String> unique = unique(paths);
    Optional<BatchDeleteSupport> nativeDelete = store.unwrap(BatchDeleteSupport.class);
    if (nativeDelete.isPresent()) {
      return nativeDelete(unique, nativeDelete.get());
    }
    return perPath(
        "batchDelete",
        unique,
        path -> {
          store.delete(path, true);
          return null;
        });
  }

  /**
   * Copies each {@code source -> target} entry; the result is keyed by source path.
   *
   * @throws InterruptedIOException when the calling thread is interrupted while waiting
   */
  public BatchResult<Void> batchCopy(Map<String, String> sourceToTarget, boolean overwrite)
      throws InterruptedIOException {
    Map<String, String> copies = new LinkedHashMap<>(sourceToTarget);
    return perPath(
        "batchCopy",
        new ArrayList<>(copies.keySet()),
        source -> {
          store.copy(source, copies.get(source), overwrite);
          return null;
        });
  }

  /**
   * Checks which of {@code paths} exist (as a file or a folder).
   *
   * @throws InterruptedIOException when the calling thread is interrupted while waiting
   */
  public BatchResult<Boolean> batchExists(Collection<String> paths) throws InterruptedIOException {
    return perPath("batchExists", unique(paths), store::exists);
  }

  /** Shuts down the pool when this object owns one. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.shutdown();
    }
  }

  // ------------------------------------------------------------------ plumbing

  private interface PathTask<T> {
    T run(String path) throws Exception;
  }

  private static List<String> unique(Collection<String> paths) {
    Objects.requireNonNull(paths, "paths");
    LinkedHashSet<String> set = new LinkedHashSet<>();
    for (String path : paths) {
      set.add(Objects.requireNonNull(path, "path"));
    }
    return new ArrayList<>(set);
  }

  private <T> BatchResult<T> perPath(String operation, List<String> paths, PathTask<T> task)
      throws InterruptedIOException {
    Object[] values = new Object[paths.size()];
    Exception[] errors = new Exception[paths.size()];
    runAll(
        paths.size(),
        i -> {
          try {
            values[i] = task.run(paths.get(i));
          } catch (Exception e) {
            errors[i] = e;
          }
        });
    return collect(operation, paths, values, errors);
  }

  @SuppressWarnings("unchecked")
  private <T> BatchResult<T> collect(
      String operation, List<String> paths, Object[] values, Exception[] errors) {
    LinkedHashMap<String, T> ok = new LinkedHashMap<>();
    Map<String, Exception> failed = new LinkedHashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      if (errors[i] != null) {
        failed.put(paths.get(i), errors[i]);
      } else {
        ok.put(paths.get(i), (T) values[i]);
      }
    }
    return new BatchResult<>(operation, store.backendName(), ok, failed);
  }

  private BatchResult<Void> nativeDelete(List<String> paths, BatchDeleteSupport support)
      throws InterruptedIOException {
    Exception[] errors = new Exception[paths.size()];
    Object[] values = new Object[paths.size()];
    if (!store.capabilities().supports(Capability.DELETE)) {
      for (int i = 0; i < paths.size(); i++) {
        errors[i] =
            new CapabilityNotSupported(
                store.backendName(),
                store.backendType(),
                Capability.DELETE,
                "delete",
                paths.get(i));
      }
      return collect("batchDelete", paths, values, errors);
    }
    // Group equal paths; the root and invalid paths are left to the store's own checks, so that
    // they fail exactly as a plain delete would (a child store can never reach outside itself).
    Map<String, List<Integer>> indexesByKey = new LinkedHashMap<>();
    List<Integer> plain = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String normalized;
      try {
        normalized = StorePaths.normalize(paths.get(i), store.backendName());
      } catch (InvalidPath e) {
        errors[i] = e;
        continue;
      }
      if (normalized.isEmpty()) {
        plain.add(i);
      } else {
        indexesByKey.computeIfAbsent(normalized, k -> new ArrayList<>()).add(i);
      }
    }
    for (int i : plain) {
      try {
        store.delete(paths.get(i), true);
      } catch (IOException | RuntimeException e) {
        errors[i] = e;
      }
    }
    List<String> keys = new ArrayList<>(indexesByKey.keySet());
    int size = Math.max(1, support.maxBatchSize());
    int chunks = (keys.size() + size - 1) / size;
    runAll(
        chunks,
        c -> {
          List<String> chunk = keys.subList(c * size, Math.min(keys.size(), (c + 1) * size));
          Map<String, RemoteStoreException> failed;
          try {
            failed = support.deleteAll(List.copyOf(chunk));
          } catch (IOException | RuntimeException e) {
            for (String key : chunk) {
              indexesByKey.get(key).forEach(i -> errors[i] = e);
            }
            return;
          }
          failed.forEach(
              (key, e) -> {
                List<Integer> indexes = indexesByKey.get(key);
                if (indexes != null) {
                  indexes.forEach(i -> errors[i] = e);
                }
              });
        });
    return collect("batchDelete", paths, values, errors);
  }

  /**
   * Runs {@code task} for indexes {@code 0..count-1}, at most {@link #maxParallelism} at a time,
   * and returns when all have run. {@code task} must not throw.
   */
  private void runAll(int count, java.util.function.IntConsumer task)
      throws InterruptedIOException {
    int workers = executor == null ? 1 : Math.min(maxParallelism, count);
    if (workers <= 1) {
      for (int i = 0; i < count; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean cancelled = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(workers);
    Runnable worker =
        () -> {
          try {
            for (int i = next.getAndIncrement();
                i < count && !cancelled.get();
                i = next.getAndIncrement()) {
              task.accept(i);
            }
          } finally {
            done.countDown();
          }
        };
    for (int w = 0; w < workers; w++) {
      try {
        executor.execute(worker);
      } catch (RejectedExecutionException e) {
        worker.run(); // the executor is saturated or shut down: this thread does the work
      }
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      cancelled.set(true);
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("Interrupted while waiting for a batch on " + store.name());
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  @Override
  public String toString() {
    return "StoreBatch{store=" + store.name() + ", maxParallelism=" + maxParallelism + "}";
  }
}
