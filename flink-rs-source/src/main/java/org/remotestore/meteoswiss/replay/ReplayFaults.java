package org.remotestore.meteoswiss.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * HTTP-level faults the replay server injects on demand. Each fault applies to the next {@code
 * count} requests whose path contains a given text (any path if {@code null}), in the order the
 * faults were added. Thread-safe.
 */
public final class ReplayFaults {

  /** The kinds of HTTP faults. */
  public enum Kind {
    /** Answer {@code 500 Internal Server Error}. */
    SERVER_ERROR,
    /** Answer {@code 429 Too Many Requests} with {@code Retry-After}. */
    THROTTLE,
    /** Wait (real time) before answering normally. */
    SLOW,
    /** Announce the full length, send about half of the body, then drop the connection. */
    TRUNCATE,
    /**
     * Send a body of the right length and validators with one digit of its last line changed, so
     * that only the STAC {@code file:checksum} shows it (a STAC page: cut in the middle, not JSON).
     */
    CORRUPT
  }

  /** One armed fault. */
  record Fault(Kind kind, String pathContains, Duration duration) {}

  private static final class Armed {
    final Fault fault;
    int remaining;

    Armed(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final List<Armed> armed = new ArrayList<>();
  private long injected;

  /** The next {@code count} requests answer 500. */
  public ReplayFaults failNext(int count) {
    return failNext(count, null);
  }

  /** The next {@code count} requests whose path contains {@code pathContains} answer 500. */
  public ReplayFaults failNext(int count, String pathContains) {
    return arm(new Fault(Kind.SERVER_ERROR, pathContains, Duration.ZERO), count);
  }

  /** The next {@code count} requests answer 429 with {@code Retry-After} in whole seconds. */
  public ReplayFaults throttleNext(int count, Duration retryAfter) {
    return throttleNext(count, retryAfter, null);
  }

  /** As {@link #throttleNext(int, Duration)}, for paths containing {@code pathContains}. */
  public ReplayFaults throttleNext(int count, Duration retryAfter, String pathContains) {
    return arm(new Fault(Kind.THROTTLE, pathContains, retryAfter), count);
  }

  /** The next {@code count} requests are answered after {@code delay} of real time. */
  public ReplayFaults slowNext(int count, Duration delay) {
    return slowNext(count, delay, null);
  }

  /** As {@link #slowNext(int, Duration)}, for paths containing {@code pathContains}. */
  public ReplayFaults slowNext(int count, Duration delay, String pathContains) {
    return arm(new Fault(Kind.SLOW, pathContains, delay), count);
  }

  /** The next {@code count} bodies are cut short (connection dropped mid-body). */
  public ReplayFaults truncateNext(int count) {
    return truncateNext(count, null);
  }

  /** As {@link #truncateNext(int)}, for paths containing {@code pathContains}. */
  public ReplayFaults truncateNext(int count, String pathContains) {
    return arm(new Fault(Kind.TRUNCATE, pathContains, Duration.ZERO), count);
  }

  /**
   * The next {@code count} bodies of paths containing {@code pathContains} are corrupted: a feed
   * file keeps its length, ETag and Last-Modified but one digit of its last line changes (it still
   * parses; only its checksum differs from the one the STAC items list); a STAC page is cut in
   * half, so it is not valid JSON.
   */
  public ReplayFaults corruptNext(int count, String pathContains) {
    return arm(new Fault(Kind.CORRUPT, pathContains, Duration.ZERO), count);
  }

  /** Disarms every pending fault. */
  public synchronized void clear() {
    armed.clear();
  }

  /** Faults injected so far. */
  public synchronized long injectedCount() {
    return injected;
  }

  /** Faults still armed (sum of remaining counts). */
  public synchronized int pending() {
    return armed.stream().mapToInt(a -> a.remaining).sum();
  }

  private synchronized ReplayFaults arm(Fault fault, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("Fault count must be >= 1, got " + count);
    }
    Objects.requireNonNull(fault.duration(), "duration");
    armed.add(new Armed(fault, count));
    return this;
  }

  /** Takes the first armed fault matching the path, or {@code null}. */
  synchronized Fault take(String path) {
    Iterator<Armed> it = armed.iterator();
    while (it.hasNext()) {
      Armed a = it.next();
      if (a.fault.pathContains() == null || path.contains(a.fault.pathContains())) {
        if (--a.remaining == 0) {
          it.remove();
        }
        injected++;
        return a.fault;
      }
    }
    return null;
  }
}
