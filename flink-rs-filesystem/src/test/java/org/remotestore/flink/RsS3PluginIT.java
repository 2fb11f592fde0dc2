package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.jar.JarFile;
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
import org.apache.flink.core.plugin.PluginManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged plugin jar serves {@code rs://} on the s3 backend: the AWS SDK bundled inside the
 * plugin (kept at its own package names, see the module README) talks to S3Proxy on loopback, for
 * plain writes and for the RecoverableWriter, from the plugin's own class loader.
 */
class RsS3PluginIT {
  @TempDir java.nio.file.Path tmp;

  @AfterEach
  void resetFileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @Test
  void theBundledAwsSdkWorksInsideThePlugin() throws Exception {
    java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty("rs.plugin.jar"));
    assertThat(jar).as("the plugin jar built by the package phase").isRegularFile();
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(contents.getEntry("org/remotestore/s3/S3Backend.class")).isNotNull();
      assertThat(contents.getEntry("software/amazon/awssdk/services/s3/S3Client.class"))
          .as("the AWS SDK is bundled, unrelocated (its interceptors are named in resource files)")
          .isNotNull();
    }
    S3TestEndpoint server = S3ProxyServer.shared();
    String bucket = server.createBucket("plugin");

    java.nio.file.Path plugins = tmp.resolve("plugins");
    Files.createDirectories(plugins.resolve("rs"));
    Files.copy(jar, plugins.resolve("rs").resolve(jar.getFileName()));
    Configuration conf = new Configuration();
    server.flatKeys("s3lake", bucket).forEach(conf::setString);
    conf.setString("rs.backends.s3lake.part-size", "5mb");
    conf.setString("rs.stores.lake.backend", "s3lake");
    conf.setString("rs.stores.lake.root-path", "prod");
    PluginManager plugInManager =
        new DefaultPluginManager(
            new DirectoryBasedPluginFinder(plugins).findPlugins(),
            CoreOptions.getPluginParentFirstLoaderPatterns(conf));
    FileSystem.initialize(conf, plugInManager);
    FileSystem fs = FileSystem.get(URI.create("rs://lake/"));

    Path file = new Path("rs://lake/plain/hello.txt");
    try (FSDataOutputStream out = fs.create(file, WriteMode.NO_OVERWRITE)) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(read(fs, file)).isEqualTo("hello");

    RecoverableWriter writer = fs.createRecoverableWriter();
    RecoverableFsDataOutputStream stream = writer.open(new Path("rs://lake/sink/part-0"));
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
    assertThat(read(fs, new Path("rs://lake/sink/part-0"))).isEqualTo("exactly once!");
    try (S3Client client = server.newClient()) {
      assertThat(
              client.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                  .map(o -> o.key())
                  .toList())
          .containsExactlyInAnyOrder("prod/plain/hello.txt", "prod/sink/part-0");
    }
  }

  private static String read(FileSystem fs, Path path) throws java.io.IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return new String(((InputStream) in).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
