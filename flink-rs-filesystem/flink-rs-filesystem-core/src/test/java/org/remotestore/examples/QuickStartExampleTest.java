package org.remotestore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.FileInfo;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.memory.MemoryBackend;

/** Runs the Java quick start of the root README, line for line, so that it keeps compiling. */
class QuickStartExampleTest {

  @TempDir Path tmp;

  /** The README example, with {@code /tmp/rs-quickstart} replaced by a temporary folder. */
  static void quickStart(String lakeRoot, PrintStream out) throws IOException {
    // --- README: quick start (Java) ---
    Map<String, String> keys =
        Map.of(
            "rs.backends.lake.type", "local",
            "rs.backends.lake.root", lakeRoot,
            "rs.stores.bronze.backend", "lake",
            "rs.stores.bronze.root-path", "bronze",
            "rs.stores.silver.backend", "lake",
            "rs.stores.silver.root-path", "silver");

    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys))) {
      Store bronze = registry.store("bronze");
      Store readings = bronze.child("readings"); // same backend connection, sub-namespace

      byte[] csv = "station,time,tre200s0\nBER,202603010000,4.2\n".getBytes(StandardCharsets.UTF_8);
      readings.write("2026-03-01.csv", csv, false); // AlreadyExists if it is there
      readings.write("2026-03-02.csv", csv, true); // overwrite allowed

      try (InputStream in = readings.read("2026-03-01.csv")) {
        out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count());
      }
      for (FileInfo file : bronze.listFiles("", true)) {
        out.println(file.path() + " " + file.size()); // readings/2026-03-01.csv 43
      }
      registry.store("silver").child("daily").write("BER.csv", csv, true);
      out.println(registry.store("silver").listFolders("", 0)); // [daily]
    }
    // --- end ---
  }

  @Test
  void quickStartRunsAsWritten() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    quickStart(tmp.resolve("rs-quickstart").toString(), new PrintStream(buffer, true, "UTF-8"));

    assertThat(buffer.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "2", "readings/2026-03-01.csv 43", "readings/2026-03-02.csv 43", "[daily]");
    assertThat(tmp.resolve("rs-quickstart/bronze/readings/2026-03-01.csv")).exists();
    assertThat(Files.readString(tmp.resolve("rs-quickstart/silver/daily/BER.csv")))
        .startsWith("station,time");
  }

  @Test
  void builderAndMemoryVariant() throws IOException {
    // --- README: builder and memory ---
    RegistryConfig config =
        RegistryConfig.builder()
            .backend("mem", "memory", Map.of("instance", "quick-start"))
            .store("scratch", "mem", "tests")
            .build();
    try (Registry registry = Registry.create(config)) {
      Store scratch = registry.store("scratch");
      scratch.write("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8), true);
      assertThat(scratch.readBytes("a/b.txt")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
      assertThat(scratch.listFolders("", 0)).containsExactly("a");
    }
    // --- end ---
    MemoryBackend.clear("quick-start");
  }
}
