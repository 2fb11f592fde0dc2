package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * A 2 GiB streamed write and read through the azure backend in a JVM limited to 256 MiB of heap,
 * against an Azurite instance that persists to a temporary folder (the shared in-memory one would
 * have to hold the whole blob). The size can be lowered for quick local runs with {@code
 * -Drs.azure.largeStreamBytes=...}.
 */
class AzureLargeStreamTest {
  private static final long BYTES = Long.getLong("rs.azure.largeStreamBytes", 2L << 30);

  @Test
  void twoGibStreamRoundTripsInASmallHeap(@TempDir Path temp) throws Exception {
    Path data = Files.createDirectories(temp.resolve("azurite"));
    Path log = temp.resolve("child.log");
    try (Azurite azurite = Azurite.startOnDisk(data)) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  AzureLargeStreamMain.class.getName(),
                  azurite.blobEndpoint(),
                  AzureTestSupport.newContainerName(),
                  Long.toString(BYTES))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean finished = child.waitFor(20, TimeUnit.MINUTES);
      if (!finished) {
        child.destroyForcibly();
      }
      List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
      String tail =
          String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
      assertThat(finished).as("child finished; output:\n%s", tail).isTrue();
      assertThat(child.exitValue()).as("child exit code; output:\n%s", tail).isZero();
      String result = output.stream().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow();
      System.out.println("Azure large stream: " + result + " azuriteCpuMs=" + azurite.cpuMillis());
      assertThat(result).contains("bytes=" + BYTES, "size=" + BYTES, "read=" + BYTES);
      assertThat(result).contains("maxHeapMb=2"); // 256 MiB (the JVM reports a little less)
    }
  }
}
