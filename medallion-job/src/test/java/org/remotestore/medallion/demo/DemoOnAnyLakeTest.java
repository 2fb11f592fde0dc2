package org.remotestore.medallion.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.flink.RsFileSystems;

/**
 * The demo with {@code --lake} on another backend than the local disk, as the README's runnable
 * example gives it: the {@code memory} backend, the store keys as {@code --rs.} options. Gold rows
 * are printed from the committed files of that store, and nothing is written below the data
 * directory's {@code lake/}.
 */
class DemoOnAnyLakeTest {
  @TempDir Path dir;

  @AfterEach
  void reset() {
    RsFileSystems.initialize(new Configuration());
  }

  @Test
  @Timeout(300)
  void theDemoRunsWithItsLakeOnAnotherBackend() throws Exception {
    DemoOptions options =
        DemoOptions.parse(
            "--data-dir", dir.toString(),
            "--port", "0",
            "--speed", "1800",
            "--stations", "BER",
            "--checkpoint-interval", "2s",
            "--poll-interval", "500ms",
            "--parallelism", "1",
            "--print-interval", "1s",
            "--rows", "2",
            "--lake", "rs://scratch/demo/",
            "--rs.backends.mem.type", "memory",
            "--rs.backends.mem.instance", "demo-on-any-lake",
            "--rs.stores.scratch.backend", "mem");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (MedallionDemo demo = MedallionDemo.start(options, out)) {
      waitUntil(
          "a gold row is printed",
          () ->
              printed
                  .toString(StandardCharsets.UTF_8)
                  .lines()
                  .anyMatch(l -> l.matches("BER +\\| \\d{4}-\\d{2}-\\d{2} \\|.*")));
      assertThat(
              CommittedParquet.committedFiles(
                  new org.apache.flink.core.fs.Path("rs://scratch/demo/gold/daily_summary")))
          .isNotEmpty();
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("lake             rs://scratch/demo/\n");
    assertThat(Files.exists(dir.resolve("lake"))).isFalse();
  }

  private static void waitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(200);
    }
  }
}
