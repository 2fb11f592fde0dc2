package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.ConfigException;

/** {@code ${NAME}} in the rs:// file system's keys: Flink's configuration and the fallback file. */
class RsVariablesTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void flinkKeysAreResolvedAndLiteralsSurvive() throws IOException {
    String name = "rs.test.variables-root." + System.nanoTime();
    System.setProperty(name, tmp.toString());
    try {
      Configuration conf = new Configuration();
      conf.setString("rs.backends.disk.type", "${RS_TEST_NO_SUCH_TYPE_VAR:-local}");
      conf.setString("rs.backends.disk.root", "${" + name + "}/data");
      conf.setString("rs.test-layer.note", "$${kept}");
      conf.setString("rs.stores.vars.backend", "disk");
      conf.setString("rs.stores.vars.entropy-key", "$${e}_");
      RsFileSystems.initialize(conf);
      FileSystem fs = FileSystem.get(URI.create("rs://vars/"));
      try (FSDataOutputStream out = fs.create(new Path("rs://vars/a.txt"), WriteMode.OVERWRITE)) {
        out.write("x".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(Files.readString(tmp.resolve("data/a.txt"))).isEqualTo("x");
      assertThat(RsFileSystems.current().keys())
          .containsEntry("rs.backends.disk.root", tmp + "/data")
          .containsEntry("rs.test-layer.note", "${kept}");
      // Resolved exactly once: what the runtime reads itself is the literal result.
      assertThat(((RsEntropyFileSystem) RsTestStores.unwrap(fs)).getEntropyInjectionKey())
          .isEqualTo("${e}_");
    } finally {
      System.clearProperty(name);
      RsFileSystems.initialize(new Configuration());
    }
  }

  @Test
  void anUnsetVariableNamesKeyVariableAndFileLine() throws IOException {
    java.nio.file.Path file = tmp.resolve("rs.yaml");
    Files.writeString(
        file,
        "rs:\n  backends:\n    disk:\n      type: local\n      root: ${RS_TEST_UNSET_ROOT_9}\n");
    String previous = System.getProperty(RsConfigFiles.PROPERTY);
    System.setProperty(RsConfigFiles.PROPERTY, file.toString());
    try {
      assertThatThrownBy(() -> RsFileSystems.configure(new Configuration()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("rs.backends.disk.root")
          .hasMessageContaining("RS_TEST_UNSET_ROOT_9")
          .hasMessageContaining("rs.yaml line 5");
      Configuration conf = new Configuration();
      conf.setString("rs.backends.disk.root", "${RS_TEST_UNSET_ROOT_9:-" + tmp + "}");
      assertThat(RsFileSystems.configure(conf).keys())
          .containsEntry("rs.backends.disk.root", tmp.toString());
    } finally {
      if (previous == null) {
        System.clearProperty(RsConfigFiles.PROPERTY);
      } else {
        System.setProperty(RsConfigFiles.PROPERTY, previous);
      }
      RsFileSystems.initialize(new Configuration());
    }
  }
}
