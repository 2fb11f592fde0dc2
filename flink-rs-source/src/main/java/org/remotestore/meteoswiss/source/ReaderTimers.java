package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Time and threads of a reader: the clock deciding when a split is due, a timer that wakes the
 * reader, and the executor running fetches. Production readers use {@link #system(int)}; tests use
 * a manual implementation so that polling can be driven without sleeping.
 */
interface ReaderTimers extends AutoCloseable {

  /** The current time in epoch milliseconds. */
  long nowMillis();

  /** Runs {@code task} once after {@code delayMillis}, on any thread. */
  void schedule(long delayMillis, Runnable task);

  /** The executor for blocking fetches. */
  Executor io();

  @Override
  void close();

  /** Creates the timers of one reader. Serializable so it can be shipped with the source. */
  @FunctionalInterface
  interface Factory extends Serializable {
    ReaderTimers create(int ioThreads);
  }

  /**
   * One timer thread and {@code ioThreads} daemon fetch threads. The clock is the wall-clock time
   * at creation advanced by the monotonic clock, the same clock the timer waits with: a wall-clock
   * step (NTP, a suspended machine) neither stalls nor hurries the polls.
   */
  static ReaderTimers system(int ioThreads) {
    return new ReaderTimers() {
      private final ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(daemon("meteoswiss-timer"));
      private final ExecutorService io =
          Executors.newFixedThreadPool(ioThreads, daemon("meteoswiss-fetch"));
      private final long wallAtStart = System.currentTimeMillis();
      private final long nanosAtStart = System.nanoTime();

      @Override
      public long nowMillis() {
        return wallAtStart + (System.nanoTime() - nanosAtStart) / 1_000_000;
      }

      @Override
      public void schedule(long delayMillis, Runnable task) {
        timer.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
      }

      @Override
      public Executor io() {
        return io;
      }

      @Override
      public void close() {
        timer.shutdownNow();
        io.shutdownNow();
      }
    };
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
