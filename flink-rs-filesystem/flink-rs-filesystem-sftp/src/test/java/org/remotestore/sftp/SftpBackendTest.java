package org.remotestore.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.ConfigException;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.testing.sftp.SftpTestServer;

/**
 * The sftp backend's own behaviour beyond the conformance suite: key logins (OpenSSH Ed25519 with
 * passphrase, PEM RSA), configuration errors naming their key, the registry with {@code type: sftp}
 * and a {@code base-path}, replacing files without posix-rename, and resumable writes.
 */
class SftpBackendTest {
  private static SftpTestServer server;
  private static Path root;

  @BeforeAll
  static void startServer() throws IOException {
    root = Files.createTempDirectory("rs-sftp-backend-");
    server = SftpTestServer.start(root);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Registry registry(Map<String, String> options) {
    java.util.HashMap<String, String> keys = new java.util.HashMap<>();
    options.forEach((k, v) -> keys.put("rs.backends.drop." + k, v));
    keys.put("rs.backends.drop.type", "sftp");
    keys.put("rs.stores.inbox.backend", "drop");
    return Registry.create(RegistryConfig.fromFlatKeys(keys));
  }

  private static List<String> namesOnDisk(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void openSshKeyWithPassphraseLogsIn() throws IOException {
    Map<String, String> options = server.options();
    options.remove("password");
    options.put("private-key", server.userKeyOpenSsh("key-pass-phrase"));
    options.put("private-key-passphrase", "key-pass-phrase");
    options.put("base-path", "keys/openssh");
    try (Registry registry = registry(options)) {
      Store inbox = registry.store("inbox");
      inbox.write("a/hello.txt", "hi".getBytes(StandardCharsets.UTF_8), false);
      assertThat(inbox.readBytes("a/hello.txt")).asString(StandardCharsets.UTF_8).isEqualTo("hi");
    }
    assertThat(root.resolve("keys/openssh/a/hello.txt")).hasContent("hi");
  }

  @Test
  void pemKeyFileLogsIn(@TempDir Path dir) throws IOException {
    Path keyFile = dir.resolve("id_rsa");
    Files.writeString(keyFile, server.userKeyPem());
    Map<String, String> options = server.options();
    options.remove("password");
    options.put("private-key-file", keyFile.toString());
    try (Registry registry = registry(options)) {
      assertThat(registry.store("inbox").exists("nothing-here")).isFalse();
    }
  }

  @Test
  void wrongPassphraseIsAConfigErrorNamingTheKey() {
    Map<String, String> options = server.options();
    options.remove("password");
    options.put("private-key", server.userKeyOpenSsh("right-phrase"));
    options.put("private-key-passphrase", "wrong-phrase");
    assertThatThrownBy(() -> registry(options))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.drop.private-key")
        .hasMessageNotContaining("wrong-phrase");
  }

  @Test
  void missingOrMalformedOptionsNameTheirKey() {
    Map<String, String> noCredentials = server.options();
    noCredentials.remove("password");
    assertThatThrownBy(() -> registry(noCredentials))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.drop.password");
    Map<String, String> badPolicy = server.options();
    badPolicy.put("host-key-policy", "sometimes");
    assertThatThrownBy(() -> registry(badPolicy))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.drop.host-key-policy");
    Map<String, String> noHost = server.options();
    noHost.remove("host");
    assertThatThrownBy(() -> registry(noHost))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.drop.host");
  }

  @Test
  void overwriteWithoutPosixRenameParksAndLeavesNothingHidden() throws IOException {
    Map<String, String> options = server.options();
    options.put("posix-rename", "false");
    options.put("base-path", "parking");
    try (Registry registry = registry(options)) {
      Store inbox = registry.store("inbox");
      inbox.write("f.txt", "old".getBytes(StandardCharsets.UTF_8), false);
      inbox.write("f.txt", "new and longer".getBytes(StandardCharsets.UTF_8), true);
      inbox.write("g.txt", "g".getBytes(StandardCharsets.UTF_8), false);
      inbox.move("g.txt", "f.txt", true);
      assertThat(inbox.readBytes("f.txt")).asString(StandardCharsets.UTF_8).isEqualTo("g");
    }
    assertThat(namesOnDisk(root.resolve("parking"))).containsExactly("f.txt");
  }

  @Test
  void resumableWriteResumesAtThePersistedSizeAndCommits() throws IOException {
    SftpBackend backend =
        (SftpBackend)
            new SftpBackendFactory().create(SftpTestServer.config("rw", server.options()));
    try (backend) {
      ResumableWrites writes = backend.resumableWrites();
      byte[] persisted;
      try (ResumableWrites.PendingUpload upload = writes.begin("rw/part-0")) {
        upload.write("first;".getBytes(StandardCharsets.UTF_8), 0, 6);
        persisted = upload.persist();
        upload.write("lost".getBytes(StandardCharsets.UTF_8), 0, 4);
        upload.flush();
      }
      assertThat(backend.stat("rw/part-0")).isNull();
      byte[] commit;
      try (ResumableWrites.PendingUpload resumed = writes.resume(persisted)) {
        assertThat(resumed.position()).isEqualTo(6);
        resumed.write("second".getBytes(StandardCharsets.UTF_8), 0, 6);
        commit = resumed.closeForCommit();
      }
      writes.commit(commit);
      writes.commit(commit); // again after a restart: still a success
      assertThat(root.resolve("rw/part-0")).hasContent("first;second");
      assertThat(namesOnDisk(root.resolve("rw"))).containsExactly("part-0");
      assertThat(writes.targetKey(commit)).isEqualTo("rw/part-0");
    }
  }
}
