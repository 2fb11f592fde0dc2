package org.remotestore.medallion.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.remotestore.ext.progress.ConsoleProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a running job's source progress on the terminal: every {@code interval} (a daemon thread)
 * it reads the {@link Backlog} and rewrites one line ({@link ConsoleProgress}) with the {@link
 * ProgressReport}. Prints nothing when the process has no interactive terminal (CI logs, output
 * redirected), nor when {@code shown} is false. {@link #close()} stops it and ends the line.
 */
public final class ProgressPrinter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressPrinter.class);

  /** A source of backlog samples (Flink's REST API in a job, anything in tests). */
  @FunctionalInterface
  public interface Samples {
    /** The backlog now, or empty if not known yet. */
    Optional<Backlog> read() throws Exception;
  }

  private final ConsoleProgress line;
  private final ProgressReport report;
  private final Samples samples;
  private final ScheduledExecutorService thread;

  ProgressPrinter(ConsoleProgress line, ProgressReport report, Samples samples, boolean ownThread) {
    this.line = line;
    this.report = report;
    this.samples = samples;
    this.thread =
        line.isShown() && ownThread
            ? Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "progress");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /**
   * Starts printing {@code label} and the report of {@code samples} on {@code out} every {@code
   * interval}, if this process runs on a terminal.
   */
  public static ProgressPrinter start(
      PrintStream out, String label, ProgressReport report, Samples samples, Duration interval) {
    ProgressPrinter p = new ProgressPrinter(terminalLine(out, label), report, samples, true);
    p.schedule(interval);
    return p;
  }

  /**
   * A printer that shows a line each time the caller calls {@link #tick()} (from the thread that
   * also prints other output to {@code out}), if this process runs on a terminal.
   */
  public static ProgressPrinter onTick(
      PrintStream out, String label, ProgressReport report, Samples samples) {
    return new ProgressPrinter(terminalLine(out, label), report, samples, false);
  }

  private static ConsoleProgress terminalLine(PrintStream out, String label) {
    // the printer's own interval paces the line: no further throttling
    return new ConsoleProgress(System.console() == null ? null : out, label, System::nanoTime, 0);
  }

  void schedule(Duration interval) {
    if (thread != null) {
      long ms = interval.toMillis();
      thread.scheduleWithFixedDelay(this::tick, 0, ms, TimeUnit.MILLISECONDS);
    }
  }

  /** Reads one sample and shows it (nothing when not shown). */
  public void tick() {
    if (!line.isShown()) {
      return;
    }
    try {
      samples.read().ifPresent(b -> line.onStatus(report.update(b)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("No progress sample", e);
    }
  }

  /** Whether anything is printed. */
  public boolean isShown() {
    return line.isShown();
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
      try {
        thread.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    line.finish();
  }
}
