package org.remotestore.medallion.progress;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import org.remotestore.ext.progress.ConsoleProgress;

/**
 * Turns successive {@link Backlog} samples of one run into a line a person can read: the share
 * done, files, rows, bytes, the slowest station's event time, the row rate and an estimate of the
 * time left.
 *
 * <pre>{@code
 * 42.0%  12/40 files  1,234,567 rows  85.3 MiB  at 2026-03-14 10:20  2,412 rows/s  ETA 3m 20s
 * }</pre>
 *
 * <p>The share done is the event-time position of the slowest unfinished station inside the run's
 * range when the range is known (a bounded backfill: from its first to its last timestamp),
 * otherwise the share of the files known so far that are read; without either (a continuous run)
 * there is no percentage and no ETA. The ETA is the time the share took since the first sample,
 * scaled to what is left. Not thread-safe.
 */
public final class ProgressReport {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Instant from;
  private final Instant to;
  private final LongSupplier nanoTime;
  private long firstNanos = Long.MIN_VALUE;
  private double firstShare;
  private long firstRows;

  /**
   * A report for a run over the event-time range [{@code from}, {@code to}], or with {@code null}
   * bounds when the range is unknown.
   *
   * @param nanoTime the clock ({@link System#nanoTime} outside tests)
   */
  public ProgressReport(Instant from, Instant to, LongSupplier nanoTime) {
    if (from != null && to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("range ends before it starts: " + from + " .. " + to);
    }
    this.from = from;
    this.to = to;
    this.nanoTime = nanoTime;
  }

  /** The share of the run done, 0 to 1, if it can be told. */
  public OptionalDouble share(Backlog b) {
    if (from != null && to != null && b.eventTimeMs() >= 0) {
      double span = to.toEpochMilli() - from.toEpochMilli();
      return OptionalDouble.of(clamp((b.eventTimeMs() - from.toEpochMilli()) / span));
    }
    if (from != null && to != null && b.splitsPending() == 0 && b.filesRead() > 0) {
      return OptionalDouble.of(1.0);
    }
    if (b.filesKnown() > 0) {
      return OptionalDouble.of(b.filesRead() / (double) b.filesKnown());
    }
    return OptionalDouble.empty();
  }

  /**
   * The line for a new sample (the first sample only starts the clock of the rates and the ETA).
   */
  public String update(Backlog b) {
    long now = nanoTime.getAsLong();
    OptionalDouble share = share(b);
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = now;
      firstShare = share.orElse(0);
      firstRows = b.rows();
    }
    double seconds = (now - firstNanos) / 1e9;
    StringBuilder line = new StringBuilder();
    share.ifPresent(s -> line.append(String.format(Locale.ROOT, "%.1f%%  ", s * 100)));
    if (b.filesKnown() > 0) {
      line.append(b.filesRead()).append('/').append(b.filesKnown()).append(" files  ");
    }
    line.append(String.format(Locale.ROOT, "%,d rows  ", b.rows()));
    line.append(ConsoleProgress.size(b.bytes()));
    if (b.eventTimeMs() >= 0) {
      line.append("  at ").append(MINUTE.format(Instant.ofEpochMilli(b.eventTimeMs())));
    }
    if (seconds > 0) {
      line.append(String.format(Locale.ROOT, "  %,.0f rows/s", (b.rows() - firstRows) / seconds));
    }
    if (share.isPresent()) {
      eta(firstShare, share.getAsDouble(), seconds)
          .ifPresent(eta -> line.append("  ETA ").append(duration(eta)));
    }
    return line.toString();
  }

  /**
   * The time left when the share went from {@code startShare} to {@code share} in {@code seconds}:
   * the same pace for the rest. Empty while nothing moved.
   */
  static Optional<Duration> eta(double startShare, double share, double seconds) {
    if (share >= 1.0) {
      return Optional.of(Duration.ZERO);
    }
    double moved = share - startShare;
    if (moved <= 0 || seconds <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round((1.0 - share) / moved * seconds * 1000)));
  }

  /** {@code 45s}, {@code 3m 20s}, {@code 2h 05m}. */
  static String duration(Duration d) {
    long s = (d.toMillis() + 500) / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
