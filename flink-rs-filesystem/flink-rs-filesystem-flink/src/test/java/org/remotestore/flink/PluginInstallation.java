package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;

/**
 * The plugin ITs' shared steps: the packaged plugin jar in {@code plugins/rs/} of a temporary Flink
 * installation, loaded by Flink's plugin manager, and the writes every backend must survive through
 * it.
 */
final class PluginInstallation {
  private PluginInstallation() {}

  /** The plugin jar built by the package phase (system property {@code rs.plugin.jar}). */
  static java.nio.file.Path builtJar() {
    java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty("rs.plugin.jar"));
    assertThat(jar).as("the plugin jar built by the package phase").isRegularFile();
    return jar;
  }

  /** The comma-separated values of system property {@code name} (none if it is not set). */
  static String[] listProperty(String name) {
    String value = System.getProperty(name, "");
    return value.isBlank() ? new String[0] : value.split(",");
  }

  /**
   * Copies {@code jar} (and the extra jars {@code more}) into {@code home/plugins/rs/}, initializes
   * Flink's file systems with {@code conf} and that plugin folder, and returns the file system of
   * {@code rs://lake/}.
   */
  static FileSystem install(
      java.nio.file.Path home,
      java.nio.file.Path jar,
      Configuration conf,
      java.nio.file.Path... more)
      throws IOException {
    java.nio.file.Path plugins = home.resolve("plugins");
    Files.createDirectories(plugins.resolve("rs"));
    Files.copy(jar, plugins.resolve("rs").resolve(jar.getFileName()));
    for (java.nio.file.Path extra : more) {
      Files.copy(extra, plugins.resolve("rs").resolve(extra.getFileName()));
    }
    FileSystem.initialize(
        conf,
        new DefaultPluginManager(
            new DirectoryBasedPluginFinder(plugins).findPlugins(),
            CoreOptions.getPluginParentFirstLoaderPatterns(conf)));
    return FileSystem.get(URI.create("rs://lake/"));
  }

  /** Writes {@code hello} to {@code file} without overwrite and reads it back. */
  static void writeHello(FileSystem fs, Path file) throws IOException {
    try (FSDataOutputStream out = fs.create(file, WriteMode.NO_OVERWRITE)) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(read(fs, file)).isEqualTo("hello");
  }

  /**
   * Through the RecoverableWriter: writes, persists, serializes the resume handle, recovers from
   * it, writes more, commits, and reads {@code exactly once!} back from {@code target}.
   */
  static void writePersistRecoverCommit(FileSystem fs, Path target) throws IOException {
    RecoverableWriter writer = fs.createRecoverableWriter();
    RecoverableFsDataOutputStream stream = writer.open(target);
    stream.write("exactly once".getBytes(StandardCharsets.UTF_8));
    RecoverableWriter.ResumeRecoverable resume = stream.persist();
    byte[] serialized = writer.getResumeRecoverableSerializer().serialize(resume);
    stream.close();
    RecoverableFsDataOutputStream resumed =
        writer.recover(
            writer
                .getResumeRecoverableSerializer()
                .deserialize(writer.getResumeRecoverableSerializer().getVersion(), serialized));
    resumed.write("!".getBytes(StandardCharsets.UTF_8));
    resumed.closeForCommit().commit();
    assertThat(read(fs, target)).isEqualTo("exactly once!");
  }

  /** The whole content of {@code path} as UTF-8. */
  static String read(FileSystem fs, Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return new String(((InputStream) in).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
