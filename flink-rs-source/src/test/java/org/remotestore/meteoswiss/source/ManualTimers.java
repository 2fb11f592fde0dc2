package org.remotestore.meteoswiss.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/** Timers driven by the test: time stands still until {@link #advance}; fetches run inline. */
final class ManualTimers implements ReaderTimers {
  private long now;
  private final List<Timer> timers = new ArrayList<>();
  private long sequence;

  ManualTimers(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  @Override
  public synchronized void schedule(long delayMillis, Runnable task) {
    timers.add(new Timer(now + Math.max(0, delayMillis), sequence++, task));
  }

  @Override
  public Executor io() {
    return Runnable::run;
  }

  @Override
  public void close() {}

  /** Moves time forward, running the timers that fall due, in order. */
  void advance(long millis) {
    long target;
    synchronized (this) {
      target = now + millis;
    }
    while (true) {
      Timer next;
      synchronized (this) {
        next =
            timers.stream()
                .filter(t -> t.at <= target)
                .min(Comparator.comparingLong((Timer t) -> t.at).thenComparingLong(t -> t.seq))
                .orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        timers.remove(next);
        now = Math.max(now, next.at);
      }
      next.task.run();
    }
  }

  synchronized int pendingTimers() {
    return timers.size();
  }

  private record Timer(long at, long seq, Runnable task) {}
}
