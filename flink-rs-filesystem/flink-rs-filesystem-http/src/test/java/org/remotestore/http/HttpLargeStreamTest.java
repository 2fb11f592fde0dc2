package org.remotestore.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.http.HttpLargeStreamMain;
import org.remotestore.testing.http.StaticHttpServer;

/**
 * A multi-GiB streamed read (whole file, then a tail range) through the read-only {@code http}
 * backend in a child JVM limited to {@code -Xmx128m}, against a generated file that the test server
 * never holds in memory; the SHA-256 must match the generator's. Size: {@code
 * -Drs.test.http.largeStreamBytes} (default 2 GiB).
 */
class HttpLargeStreamTest {
  private static final long BYTES = Long.getLong("rs.test.http.largeStreamBytes", 2L << 30);
  private static final String PATH = "big/stream.bin";

  @Test
  void twoGibibytesStreamThroughA128MegabyteHeap(@TempDir Path dir) throws Exception {
    try (StaticHttpServer server = StaticHttpServer.start()) {
      server.putGenerated(PATH, BYTES);
      String classPath = System.getProperty("surefire.test.class.path");
      if (classPath == null || classPath.isBlank()) {
        classPath = System.getProperty("java.class.path");
      }
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx128m",
              "-XX:+UseSerialGC",
              "-cp",
              classPath,
              HttpLargeStreamMain.class.getName(),
              server.baseUri().toString(),
              PATH,
              Long.toString(BYTES));
      Path log = dir.resolve("child.log");
      Process child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      String expected = sha256OfGenerated(0, BYTES);
      String expectedTail = sha256OfGenerated(BYTES - Math.min(BYTES, 1 << 20), BYTES);
      boolean finished = child.waitFor(8, TimeUnit.MINUTES);
      if (!finished) {
        child.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(finished).as("child finished; output:%n%s", output).isTrue();
      assertThat(child.exitValue()).as("child exit; output:%n%s", output).isZero();
      assertThat(output).contains("info-size=" + BYTES, "size=" + BYTES);
      assertThat(value(output, "sha256=")).isEqualTo(expected);
      assertThat(value(output, "tail-sha256=")).isEqualTo(expectedTail);
      assertThat(Long.parseLong(value(output, "max-heap="))).isLessThanOrEqualTo(128L << 20);
    }
  }

  private static String sha256OfGenerated(long from, long to) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    for (long i = from; i < to; ) {
      int n = (int) Math.min(buffer.length, to - i);
      for (int j = 0; j < n; j++) {
        buffer[j] = StaticHttpServer.generatedByte(i + j);
      }
      sha.update(buffer, 0, n);
      i += n;
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String value(String output, String prefix) {
    return output
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElse("");
  }
}
