package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The plugin jars stay small: at most 10 MB (10 000 000 bytes) with memory, local and s3 only, and
 * at most 15 MB (15 000 000 bytes) with every backend (13.9 MB since the azure backend talks REST
 * on HttpClient 5 instead of the Azure SDK with its Jackson and Reactor, see the README). Runs with
 * the integration tests, after the package phase built the jars (system properties {@code
 * rs.plugin.jar} and {@code rs.plugin.s3.jar}), and prints each jar's size with its largest
 * packages, so a failure shows what grew.
 */
class PluginJarSizeTest {
  /** The all-backends jar's ceiling: 15 MB. */
  static final long MAX_PLUGIN_BYTES = 15_000_000L;

  static final long MAX_PLUGIN_S3_BYTES = 10_000_000L;

  @Test
  void thePluginJarWithEveryBackendIsAtMost15Mb() throws IOException {
    assertThat(sizeOf("rs.plugin.jar")).isLessThanOrEqualTo(MAX_PLUGIN_BYTES);
  }

  @Test
  void theS3OnlyPluginJarIsAtMost10Mb() throws IOException {
    assertThat(sizeOf("rs.plugin.s3.jar")).isLessThanOrEqualTo(MAX_PLUGIN_S3_BYTES);
  }

  private static long sizeOf(String property) throws IOException {
    Path jar = Path.of(System.getProperty(property));
    assertThat(jar).as("the jar built by the package phase (%s)", property).isRegularFile();
    long size = Files.size(jar);
    System.out.printf("%s: %,d bytes%n", jar.getFileName(), size);
    largestPackages(jar).entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(12)
        .forEach(e -> System.out.printf("  %,11d  %s%n", e.getValue(), e.getKey()));
    return size;
  }

  /**
   * Compressed bytes per package prefix (three levels below {@code org/remotestore/shaded/} for
   * relocated libraries), counting each entry's name twice as the zip format stores it.
   */
  private static Map<String, Long> largestPackages(Path jar) throws IOException {
    Map<String, Long> bytes = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(file.entries())) {
        String name = entry.getName().replaceFirst("^org/remotestore/shaded/", "");
        String[] parts = name.split("/");
        String prefix = String.join("/", Arrays.copyOf(parts, Math.min(3, parts.length)));
        bytes.merge(prefix, entry.getCompressedSize() + 2L * entry.getName().length(), Long::sum);
      }
    }
    return bytes;
  }
}
