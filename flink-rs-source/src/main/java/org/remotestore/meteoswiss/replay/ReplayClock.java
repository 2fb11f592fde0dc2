package org.remotestore.meteoswiss.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Simulated time of the replay: starts at a chosen instant and advances at a chosen speed (600 =
 * ten simulated minutes per real second; 0 = frozen, only {@link #advance(Duration)} moves it).
 * Time never goes backwards. Thread-safe.
 */
public final class ReplayClock {

  private final Instant start;
  private final double speed;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long manualOffsetMillis;

  /**
   * Creates a clock.
   *
   * @param start the simulated instant at creation
   * @param speed simulated seconds per real second; 0 freezes the clock (manual stepping only)
   */
  public ReplayClock(Instant start, double speed) {
    this(start, speed, System::nanoTime);
  }

  ReplayClock(Instant start, double speed, LongSupplier nanoTime) {
    if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("Replay clock speed must be >= 0, got " + speed);
    }
    this.start = Objects.requireNonNull(start, "start");
    this.speed = speed;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** A frozen clock at {@code start}, moved only by {@link #advance(Duration)}. */
  public static ReplayClock manual(Instant start) {
    return new ReplayClock(start, 0);
  }

  /** The current simulated instant (millisecond precision). */
  public synchronized Instant now() {
    long realMillis = speed == 0 ? 0 : (long) ((nanoTime.getAsLong() - startNanos) / 1e6 * speed);
    return start.plusMillis(realMillis + manualOffsetMillis);
  }

  /**
   * Moves simulated time forward.
   *
   * @throws IllegalArgumentException for a negative duration
   */
  public synchronized Instant advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("Replay time cannot go backwards: " + duration);
    }
    manualOffsetMillis += duration.toMillis();
    return now();
  }

  /** The speed factor (simulated seconds per real second). */
  public double speed() {
    return speed;
  }

  /** The simulated instant the clock started at. */
  public Instant start() {
    return start;
  }
}
