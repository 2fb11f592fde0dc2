package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotestore.ext.glob.InvalidGlob;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestStores;

/**
 * Glob on {@code rs://} ({@link RsGlob#globStatus}, Flink's counterpart of Hadoop's {@code
 * globStatus}) over memory, local and S3Proxy: files and folders, sorted, fully qualified.
 */
class GlobTest {
  private static final List<String> FILES =
      List.of(
          "a.csv",
          "data/2025/12/z.csv",
          "data/2026/01/x.csv",
          "data/2026/01/y.parquet",
          "data/2026/02/x.csv");

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("memory", RsTestStores.memory("globmem")),
        Arguments.of("local", RsTestStores.local("globdisk")),
        Arguments.of("s3", S3TestStores.s3("globs3", S3ProxyServer.shared(), Map.of())));
  }

  private static String storeOf(Configuration conf) {
    return conf.keySet().stream()
        .filter(k -> k.startsWith("rs.stores.") && k.endsWith(".backend"))
        .map(k -> k.substring("rs.stores.".length(), k.length() - ".backend".length()))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> glob(FileSystem fs, String pattern) throws IOException {
    return Arrays.stream(RsGlob.globStatus(fs, new Path(pattern)))
        .map(s -> (s.isDir() ? "dir " : "") + s.getPath())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void globStatusMatchesFilesAndFolders(String backend, Configuration conf) throws Exception {
    String store = storeOf(conf);
    FileSystem fs = RsTestStores.fileSystem(conf, store);
    for (String file : FILES) {
      try (FSDataOutputStream out =
          fs.create(new Path("rs://" + store + "/" + file), WriteMode.NO_OVERWRITE)) {
        out.write(file.getBytes(StandardCharsets.UTF_8));
      }
    }
    String root = "rs://" + store + "/";
    assertThat(glob(fs, root + "data/*/*/x.csv"))
        .containsExactly(root + "data/2026/01/x.csv", root + "data/2026/02/x.csv");
    assertThat(glob(fs, root + "data/*"))
        .containsExactly("dir " + root + "data/2025", "dir " + root + "data/2026");
    assertThat(glob(fs, root + "data/202[!5]/0?"))
        .containsExactly("dir " + root + "data/2026/01", "dir " + root + "data/2026/02");
    assertThat(glob(fs, root + "**/*.csv"))
        .containsExactly(
            root + "a.csv",
            root + "data/2025/12/z.csv",
            root + "data/2026/01/x.csv",
            root + "data/2026/02/x.csv");
    assertThat(glob(fs, root + "data/2026/01/y.parquet"))
        .containsExactly(root + "data/2026/01/y.parquet");
    assertThat(glob(fs, root + "nothing/*")).isEmpty();

    FileStatus[] viaPath =
        RsGlob.globStatus(
            new Path(root + "data/2026/01/*").getFileSystem(), new Path(root + "data/2026/01/*"));
    assertThat(viaPath).hasSize(2).allMatch(s -> !s.isDir() && s.getLen() > 0);

    assertThatThrownBy(() -> glob(fs, root + "data/[2026/*"))
        .isInstanceOf(InvalidGlob.class)
        .hasMessageContaining("data/[2026/*");
  }
}
