package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.sftp.SftpTestServer;

/**
 * The packaged plugin jar serves {@code rs://} on the sftp backend: Apache MINA SSHD, bundled and
 * relocated inside the plugin, logs in with an encrypted OpenSSH key (bcrypt key derivation),
 * checks the server's host key, and writes, persists, recovers, commits, lists and deletes from the
 * plugin's own class loader.
 *
 * <p>The test server runs in this JVM on the unrelocated SSHD. Both copies would register a
 * JVM-wide security provider named {@code EdDSA} (net.i2p), and the second copy would get the first
 * one's key classes; so the test server's copy has Ed25519 switched off and uses ECDSA keys.
 */
class RsSftpPluginIT {
  static {
    System.setProperty("org.apache.sshd.security.provider.EdDSA.enabled", "false");
  }

  @TempDir java.nio.file.Path tmp;

  @AfterEach
  void resetFileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @Test
  void theBundledSshClientWorksInsideThePlugin() throws Exception {
    java.nio.file.Path jar = PluginInstallation.builtJar();
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(contents.getEntry("org/remotestore/sftp/SftpBackend.class")).isNotNull();
      assertThat(contents.getEntry("org/apache/sshd/client/SshClient.class"))
          .as("SSHD is relocated, not left at its own package names")
          .isNull();
    }
    SftpTestServer server =
        SftpTestServer.start(Files.createDirectories(tmp.resolve("server")), "ecdsa-sha2-nistp256");
    Map<String, String> options = server.options();
    options.remove("password");
    options.put("private-key", server.userKeyOpenSsh("plugin-phrase"));
    options.put("private-key-passphrase", "plugin-phrase");
    options.put("base-path", "plugin-it");

    Configuration conf = new Configuration();
    conf.setString("rs.backends.drop.type", "sftp");
    options.forEach((key, value) -> conf.setString("rs.backends.drop." + key, value));
    conf.setString("rs.stores.lake.backend", "drop");
    conf.setString("rs.stores.lake.root-path", "prod");
    FileSystem fs = PluginInstallation.install(tmp, jar, conf);

    Path file = new Path("rs://lake/plain/hello.txt");
    PluginInstallation.writeHello(fs, file);
    assertThat(fs.getFileStatus(file).getLen()).isEqualTo(5);

    PluginInstallation.writePersistRecoverCommit(fs, new Path("rs://lake/sink/part-0"));

    assertThat(Arrays.stream(fs.listStatus(new Path("rs://lake/"))).map(s -> s.getPath().getName()))
        .containsExactlyInAnyOrder("plain", "sink");
    java.nio.file.Path onServer = server.root().resolve("plugin-it/prod");
    assertThat(onServer.resolve("plain/hello.txt")).hasContent("hello");
    assertThat(Files.exists(onServer.resolve("sink/part-0"))).isTrue();

    assertThat(fs.delete(file, false)).isTrue();
    assertThat(fs.exists(file)).isFalse();
    server.close();
  }
}
