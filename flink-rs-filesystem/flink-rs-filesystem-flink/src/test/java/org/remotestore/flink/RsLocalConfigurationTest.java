package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors and the config file fallback with the local backend. */
class RsLocalConfigurationTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void aMissingOptionFailsNamingTheKey() {
    Configuration conf = new Configuration();
    conf.setString("rs.backends.disk.type", "local");
    conf.setString("rs.stores.lake.backend", "disk");
    RsFileSystems.initialize(conf);
    assertThatThrownBy(() -> FileSystem.get(URI.create("rs://lake/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rs.backends.disk.root");
  }

  @Test
  void pathsEscapingTheStoreRootFailAndLeaveNothingBehind() throws Exception {
    java.nio.file.Path root = Files.createDirectories(tmp.resolve("root"));
    FileSystem fs = RsTestStores.fileSystem(RsTestStores.local("jail", root), "jail");
    Path escaping = new Path("rs://jail/a/../../outside.txt");
    assertThatThrownBy(() -> fs.create(escaping, WriteMode.OVERWRITE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside.txt");
    RecoverableWriter writer = fs.createRecoverableWriter();
    assertThatThrownBy(() -> writer.open(escaping)).isInstanceOf(IOException.class);
    assertThat(Files.exists(tmp.resolve("outside.txt"))).isFalse();
    try (Stream<java.nio.file.Path> files = Files.walk(tmp)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void anAbandonedUploadAndARefusedCreateLeaveNoPartialFiles() throws Exception {
    java.nio.file.Path root = Files.createDirectories(tmp.resolve("root"));
    FileSystem fs = RsTestStores.fileSystem(RsTestStores.local("tidy", root), "tidy");
    try (FSDataOutputStream out =
        fs.create(new Path("rs://tidy/d/kept.txt"), WriteMode.OVERWRITE)) {
      out.write("kept".getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> fs.create(new Path("rs://tidy/d/kept.txt"), WriteMode.NO_OVERWRITE))
        .isInstanceOf(IOException.class);

    RecoverableFsDataOutputStream abandoned =
        fs.createRecoverableWriter().open(new Path("rs://tidy/d/part-0"));
    abandoned.write("never committed".getBytes(StandardCharsets.UTF_8));
    abandoned.close();

    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()))
          .containsExactly("d/kept.txt");
    }
    assertThat(Files.readString(root.resolve("d/kept.txt"))).isEqualTo("kept");
  }

  @Test
  void theConfigFileNamedBySystemPropertyIsTheFallback() throws Exception {
    java.nio.file.Path file = tmp.resolve("rs.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "rs:",
            "  backends:",
            "    files:",
            "      type: local",
            "      root: " + tmp.resolve("data"),
            "rs.stores.fromfile.backend: files",
            "taskmanager.numberOfTaskSlots: 4",
            ""));
    String previous = System.getProperty("rs.config.file");
    System.setProperty("rs.config.file", file.toString());
    try {
      RsFileSystems.initialize(new Configuration());
      FileSystem fs = FileSystem.get(URI.create("rs://fromfile/"));
      try (FSDataOutputStream out =
          fs.create(new Path("rs://fromfile/hello.txt"), WriteMode.NO_OVERWRITE)) {
        out.write("hi".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(Files.readString(tmp.resolve("data/hello.txt"))).isEqualTo("hi");

      // Keys in Flink's configuration win over the file's.
      Configuration override = new Configuration();
      override.setString("rs.backends.files.root", tmp.resolve("other").toString());
      RsFileSystems.initialize(override);
      FileSystem fs2 = FileSystem.get(URI.create("rs://fromfile/"));
      assertThat(fs2.exists(new Path("rs://fromfile/hello.txt"))).isFalse();
    } finally {
      if (previous == null) {
        System.clearProperty("rs.config.file");
      } else {
        System.setProperty("rs.config.file", previous);
      }
    }
  }
}
