package org.remotestore.ext.progress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.remotestore.ext.transfer.TransferProgress;

/** The terminal progress line: sizes, percentage, rate, files, updates limited by a fake clock. */
class ConsoleProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, UTF_8);
  private long now = 1_000_000_000L;

  @Test
  void aStreamsProgressIsOneLineRewrittenAtMostOncePerInterval() {
    ConsoleProgress p = new ConsoleProgress(out, "copy big.bin", () -> now, 200_000_000L);
    now += 1_000_000_000L; // one second after the start
    p.onProgress(1L << 20, 4L << 20);
    assertThat(bytes.toString(UTF_8))
        .isEqualTo("\rcopy big.bin  1.0 MiB / 4.0 MiB (25%)  1.0 MiB/s");
    now += 100_000_000L; // within the interval: not shown
    p.onProgress(2L << 20, 4L << 20);
    assertThat(p.lastLine()).contains("(25%)");
    now += 900_000_000L;
    p.onProgress(4L << 20, 4L << 20);
    assertThat(p.lastLine()).isEqualTo("copy big.bin  4.0 MiB / 4.0 MiB (100%)  2.0 MiB/s");
    p.finish();
    p.onProgress(5L << 20, 4L << 20); // after finish: nothing
    String printed = bytes.toString(UTF_8);
    assertThat(printed.split("\r", -1)).hasSize(3);
    assertThat(printed).endsWith("(100%)  2.0 MiB/s" + System.lineSeparator());
  }

  @Test
  void anUnknownTotalShowsBytesAndAShorterLineIsPaddedOver() {
    ConsoleProgress p = new ConsoleProgress(out, "x", () -> now, 0);
    now += 2_000_000_000L;
    p.onProgress(3000, -1);
    assertThat(p.lastLine()).isEqualTo("x  2.9 KiB  1.5 KiB/s");
    p.onProgress(10, -1);
    String printed = bytes.toString(UTF_8);
    String last = printed.substring(printed.lastIndexOf('\r') + 1);
    assertThat(last).startsWith("x  10 B  5 B/s").hasSize("x  2.9 KiB  1.5 KiB/s".length());
  }

  @Test
  void aTransferShowsItsFilesAndItsLastReportAlways() {
    ConsoleProgress p = new ConsoleProgress(out, "rs://a", () -> now, 1_000_000_000L);
    now += 1_000_000_000L;
    p.onProgress(new TransferProgress("f1", "t1", 10, 10, 10, 30, 1, 3, true));
    p.onProgress(new TransferProgress("f2", "t2", 10, 10, 20, 30, 2, 3, true)); // suppressed
    p.onProgress(new TransferProgress("f3", "t3", 10, 10, 30, 30, 3, 3, true)); // the last: shown
    assertThat(p.lastLine()).isEqualTo("rs://a  30 B / 30 B (100%)  30 B/s  3/3 files");
    assertThat(bytes.toString(UTF_8)).doesNotContain("2/3 files");
  }

  @Test
  void aSilentInstancePrintsNothing() {
    ConsoleProgress p = new ConsoleProgress(null, "quiet", () -> now, 0);
    p.onProgress(1, 2);
    p.finish();
    assertThat(p.isShown()).isFalse();
    assertThat(p.lastLine()).isNull();
  }
}
