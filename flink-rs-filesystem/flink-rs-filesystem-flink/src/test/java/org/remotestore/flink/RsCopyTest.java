package org.remotestore.flink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.DefaultStore;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.local.LocalBackend;

/**
 * The rs-copy command: a folder and a file copied between stores, the progress line it prints on a
 * terminal (and only there, unless asked), the summary, exit codes and errors naming the option.
 */
class RsCopyTest {
  @TempDir Path tmp;
  private Path config;
  private Store landing;
  private Store lake;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    Path root = tmp.resolve("disk");
    config = tmp.resolve("config.yaml");
    Files.writeString(
        config,
        "rs:\n"
            + "  backends:\n"
            + "    disk: {type: local, root: \""
            + root
            + "\", fsync: false}\n"
            + "    mem: {type: memory, instance: rs-copy-test-"
            + System.nanoTime()
            + "}\n"
            + "  stores:\n"
            + "    landing: {backend: disk, root-path: landing}\n"
            + "    lake: {backend: mem}\n");
    landing = new DefaultStore(new LocalBackend("disk", root, false), "landing", "landing");
    for (int i = 0; i < 3; i++) {
      byte[] data = new byte[300 * 1024];
      Arrays.fill(data, (byte) ('a' + i));
      landing.write("2026/03/part-" + i + ".csv", data, false);
    }
  }

  private int run(boolean terminal, String... args) {
    out.reset();
    err.reset();
    return RsCopy.run(
        args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), terminal);
  }

  @Test
  void aFolderIsCopiedWithAProgressLineOnATerminal() throws Exception {
    int code =
        run(true, "--config", config.toString(), "rs://landing/2026/03", "rs://lake/bronze/03");
    assertThat(code).as(err.toString(UTF_8)).isZero();
    assertThat(out.toString(UTF_8))
        .isEqualTo("Copied 3 file(s), 921600 bytes, rs://landing/2026/03 -> rs://lake/bronze/03\n");
    String progress = err.toString(UTF_8);
    // one line rewritten in place, its last state complete, then ended by a newline
    assertThat(progress)
        .startsWith("\rrs://landing/2026/03  ")
        .contains("900.0 KiB / 900.0 KiB (100%)")
        .contains("3/3 files")
        .endsWith(System.lineSeparator());
    assertThat(progress.strip()).doesNotContain("\n");
    try (Registry registry = registry()) {
      Store copied = registry.store("lake");
      assertThat(copied.listFiles("bronze/03")).hasSize(3);
      assertThat(copied.readBytes("bronze/03/part-2.csv"))
          .isEqualTo(landing.readBytes("2026/03/part-2.csv"));
    }
  }

  private Registry registry() throws Exception {
    return Registry.create(RegistryConfig.fromYaml(Files.readString(config)));
  }

  @Test
  void withoutATerminalNothingButTheSummaryIsPrinted() {
    int code =
        run(false, "--config", config.toString(), "rs://landing/2026/03/part-1.csv", "rs://lake/x");
    assertThat(code).isZero();
    assertThat(err.toString(UTF_8)).isEmpty();
    assertThat(out.toString(UTF_8)).startsWith("Copied 1 file(s), 307200 bytes");
    // asked for: shown also without a terminal; never: not even on one
    assertThat(
            run(
                false,
                "--progress",
                "always",
                "--overwrite",
                "--config",
                config.toString(),
                "rs://landing/2026/03/part-1.csv",
                "rs://lake/x"))
        .isZero();
    assertThat(err.toString(UTF_8)).contains("300.0 KiB / 300.0 KiB (100%)");
    assertThat(
            run(
                true,
                "--progress",
                "never",
                "--overwrite",
                "--config",
                config.toString(),
                "rs://landing/2026/03/part-1.csv",
                "rs://lake/x"))
        .isZero();
    assertThat(err.toString(UTF_8)).isEmpty();
  }

  @Test
  void failuresAndBadArgumentsHaveTheirExitCodes() {
    assertThat(run(true, "--config", config.toString(), "rs://landing/2026/03", "rs://lake/y"))
        .isZero();
    // the targets exist now: without --overwrite each file fails, and is named
    assertThat(run(true, "--config", config.toString(), "rs://landing/2026/03", "rs://lake/y"))
        .isEqualTo(RsCopy.FAILED);
    assertThat(out.toString(UTF_8)).contains("failed 3");
    assertThat(err.toString(UTF_8)).contains("part-0.csv");
    assertThat(
            run(
                true,
                "--skip-existing",
                "--config",
                config.toString(),
                "rs://landing/2026/03",
                "rs://lake/y"))
        .isZero();
    assertThat(out.toString(UTF_8)).contains("skipped 3");

    assertThat(run(true, "--config", config.toString(), "rs://landing/a")).isEqualTo(RsCopy.USAGE);
    assertThat(err.toString(UTF_8)).contains("source and a target", "Usage: RsCopy");
    assertThat(run(true, "--progress", "loud", "--config", config.toString(), "rs://a/b", "rs://c"))
        .isEqualTo(RsCopy.USAGE);
    assertThat(err.toString(UTF_8)).contains("--progress");
    assertThat(run(true, "--config", config.toString(), "rs://nostore/a", "rs://lake/z"))
        .isEqualTo(RsCopy.USAGE);
    assertThat(err.toString(UTF_8)).contains("rs.stores.nostore");
    assertThat(run(true, "--config", config.toString(), "rs://landing/missing.csv", "rs://lake/z"))
        .isEqualTo(RsCopy.FAILED);
    assertThat(err.toString(UTF_8)).contains("nothing at rs://landing/missing.csv");
  }
}
