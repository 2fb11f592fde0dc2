package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
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
    java.nio.file.Path jar = PluginInstallation.builtJar();
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(contents.getEntry("org/remotestore/s3/S3Backend.class")).isNotNull();
      assertThat(contents.getEntry("software/amazon/awssdk/services/s3/S3Client.class"))
          .as("the AWS SDK is bundled, unrelocated (its interceptors are named in resource files)")
          .isNotNull();
    }
    S3TestEndpoint server = S3ProxyServer.shared();
    String bucket = server.createBucket("plugin");

    Configuration conf = new Configuration();
    server.flatKeys("s3lake", bucket).forEach(conf::setString);
    conf.setString("rs.backends.s3lake.part-size", "5mb");
    conf.setString("rs.stores.lake.backend", "s3lake");
    conf.setString("rs.stores.lake.root-path", "prod");
    FileSystem fs = PluginInstallation.install(tmp, jar, conf);

    Path file = new Path("rs://lake/plain/hello.txt");
    PluginInstallation.writeHello(fs, file);

    PluginInstallation.writePersistRecoverCommit(fs, new Path("rs://lake/sink/part-0"));
    try (S3Client client = server.newClient()) {
      assertThat(
              client.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                  .map(o -> o.key())
                  .toList())
          .containsExactlyInAnyOrder("prod/plain/hello.txt", "prod/sink/part-0");
    }
  }
}
