package org.remotestore.ext.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.remotestore.ext.transfer.TransferListener;
import org.remotestore.ext.transfer.TransferProgress;

/**
 * Shows the progress of a long copy on a terminal: one line, rewritten in place ({@code \r}) at
 * most every {@code interval}, with bytes so far, the total and percentage when known, the rate,
 * and for a transfer the files done; {@link #finish()} ends the line. Usable as a {@link
 * ProgressListener} (one stream) and as a {@link TransferListener} (a {@code Transfer}).
 *
 * <p>{@link #forTerminal(PrintStream, String)} returns a silent instance when the process has no
 * interactive terminal ({@code System.console()} is {@code null}: output piped, redirected to a
 * file, or run by a scheduler), so logs are not filled with progress lines. Not thread-safe: report
 * from one thread, as {@code Transfer} and the progress streams do.
 */
public final class ConsoleProgress implements ProgressListener, TransferListener {
  private static final long DEFAULT_INTERVAL_NANOS = 200_000_000L;

  private final PrintStream out;
  private final String label;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private final long started;
  private long lastShown = Long.MIN_VALUE;
  private int lastWidth;
  private String lastLine;
  private boolean finished;

  /**
   * A progress line on {@code out}, shown whatever {@code out} is (tests, or a caller that knows it
   * writes to a terminal).
   *
   * @param label what is being copied, shown first on the line
   * @param nanoTime the clock ({@link System#nanoTime} outside tests)
   * @param intervalNanos the shortest time between two updates of the line
   */
  public ConsoleProgress(PrintStream out, String label, LongSupplier nanoTime, long intervalNanos) {
    this.out = out;
    this.label = Objects.requireNonNull(label, "label");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    if (intervalNanos < 0) {
      throw new IllegalArgumentException("intervalNanos < 0: " + intervalNanos);
    }
    this.intervalNanos = intervalNanos;
    this.started = nanoTime.getAsLong();
  }

  /**
   * A progress line on {@code out} when this process runs on an interactive terminal, updated at
   * most five times a second; otherwise one that prints nothing.
   */
  public static ConsoleProgress forTerminal(PrintStream out, String label) {
    return new ConsoleProgress(
        System.console() == null ? null : out, label, System::nanoTime, DEFAULT_INTERVAL_NANOS);
  }

  /** Whether this instance prints anything. */
  public boolean isShown() {
    return out != null;
  }

  @Override
  public void onProgress(long bytes, long total) {
    show(bytes, total, null, false);
  }

  @Override
  public void onProgress(TransferProgress p) {
    String files = p.filesTotal() > 1 ? p.filesCompleted() + "/" + p.filesTotal() + " files" : null;
    boolean last = p.filesTotal() > 0 && p.filesCompleted() == p.filesTotal() && p.fileCompleted();
    show(p.overallBytes(), p.overallTotal(), files, last);
  }

  /**
   * Shows a line the caller composed (after the label), under the same rules as the byte counts: at
   * most once per interval, rewritten in place, nothing when not shown. For progress that is not a
   * byte count, such as a job's backlog.
   */
  public void onStatus(String status) {
    Objects.requireNonNull(status, "status");
    if (due(false)) {
      print(label + "  " + status);
    }
  }

  private boolean due(boolean force) {
    if (out == null || finished) {
      return false;
    }
    long now = nanoTime.getAsLong();
    if (!force && lastShown != Long.MIN_VALUE && now - lastShown < intervalNanos) {
      return false;
    }
    lastShown = now;
    return true;
  }

  private void show(long bytes, long total, String files, boolean force) {
    if (!due(force)) {
      return;
    }
    long now = lastShown;
    StringBuilder line = new StringBuilder(label).append("  ").append(size(bytes));
    if (total >= 0) {
      line.append(" / ").append(size(total));
      int percent = total == 0 ? 100 : (int) Math.min(100, bytes * 100 / total);
      line.append(" (").append(percent).append("%)");
    }
    double seconds = (now - started) / 1e9;
    if (seconds > 0) {
      line.append("  ").append(size((long) (bytes / seconds))).append("/s");
    }
    if (files != null) {
      line.append("  ").append(files);
    }
    print(line.toString());
  }

  private void print(String text) {
    lastLine = text;
    int pad = Math.max(0, lastWidth - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    lastWidth = text.length();
  }

  /** Ends the progress line (a newline); later reports print nothing. */
  public void finish() {
    if (out != null && !finished && lastLine != null) {
      out.println();
      out.flush();
    }
    finished = true;
  }

  /** The line last shown, or {@code null}; for tests and summaries. */
  public String lastLine() {
    return lastLine;
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}, {@code 3.2 GiB}: a byte count to read. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
