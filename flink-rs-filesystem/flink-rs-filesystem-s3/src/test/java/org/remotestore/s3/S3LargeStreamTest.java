package org.remotestore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.s3.S3LargeStreamMain;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * A multi-GiB streamed write and read through the s3 backend in a JVM limited to {@code -Xmx256m}:
 * the client runs as a child process against an S3Proxy whose objects live on disk, and both
 * directions must give the same SHA-256. Size: {@code -Drs.test.s3.largeStreamBytes} (default 2
 * GiB).
 */
class S3LargeStreamTest {
  private static final long BYTES = Long.getLong("rs.test.s3.largeStreamBytes", 2L << 30);

  @Test
  void twoGibibytesStreamThroughA256MegabyteHeap(@TempDir Path dir) throws Exception {
    try (S3ProxyServer server = S3ProxyServer.startOnDisk(dir.resolve("blobs"))) {
      S3TestEndpoint endpoint = server.endpoint();
      String bucket = endpoint.createBucket("large");
      String classPath = System.getProperty("surefire.test.class.path");
      if (classPath == null || classPath.isBlank()) {
        classPath = System.getProperty("java.class.path");
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:+UseSerialGC");
      command.add("-cp");
      command.add(classPath);
      command.add(S3LargeStreamMain.class.getName());
      command.add(endpoint.endpoint().toString());
      command.add(endpoint.accessKey());
      command.add(bucket);
      command.add("big/stream.bin");
      command.add(Long.toString(BYTES));
      Path log = dir.resolve("child.log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      builder.environment().put("RS_TEST_S3_SECRET", endpoint.secretKey());
      Process child = builder.start();
      boolean finished = child.waitFor(8, TimeUnit.MINUTES);
      if (!finished) {
        child.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      System.out.println(output.lines().filter(l -> l.contains("=")).toList());
      assertThat(finished).as("child finished; output:%n%s", output).isTrue();
      assertThat(child.exitValue()).as("child exit; output:%n%s", output).isZero();
      assertThat(output).contains("size=" + BYTES);
      String written = value(output, "written-sha256=");
      assertThat(written).hasSize(64).isEqualTo(value(output, "read-sha256="));
      assertThat(output).doesNotContain(endpoint.secretKey());
    }
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
