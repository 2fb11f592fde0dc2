package org.remotestore.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.BackendUnavailable;
import org.remotestore.DefaultStore;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.sftp.SftpTestServer;
import org.remotestore.testing.sftp.SftpTestServer.Action;
import org.remotestore.testing.sftp.SftpTestServer.Direction;

/**
 * Faults against the in-process SFTP server: a connection dropped or stalled in the middle of an
 * upload or a download ends in a typed error (and the next call connects again), never in a partial
 * visible file; a changed or unknown host key is refused under {@code strict} and {@code
 * trust-on-first-use}; a wrong password is {@link PermissionDenied} naming the backend and never
 * the password; an unreachable server is {@link BackendUnavailable}.
 */
class SftpFaultTest {
  private static final long SIZE = 8L << 20;

  private static SftpTestServer server;
  private static Path root;

  private Backend backend;
  private Path folder;

  @BeforeAll
  static void startServer() throws IOException {
    root = Files.createTempDirectory("rs-sftp-fault-");
    server = SftpTestServer.start(root);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeBackend() throws IOException {
    server.clearFaults();
    if (backend != null) {
      backend.close();
    }
  }

  private Store store(String name, Map<String, String> options) throws IOException {
    backend = new SftpBackendFactory().create(SftpTestServer.config(name, options));
    String folderName = "fault-" + UUID.randomUUID();
    folder = root.resolve(folderName);
    return new DefaultStore(backend, folderName);
  }

  private Store store() throws IOException {
    Map<String, String> options = server.options();
    options.put("io-timeout", "2s");
    return store("faulty", options);
  }

  /** Every file name below the store's folder on the server's disk, hidden ones included. */
  private List<String> namesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
  }

  /** {@link #SIZE} bytes of a repeating pattern, generated while read. */
  private static InputStream data() {
    return new InputStream() {
      private long left = SIZE;

      @Override
      public int read() {
        return left-- > 0 ? (int) (left % 251) : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) (--left % 251);
        }
        return n;
      }
    };
  }

  private void assertUploadFaultLeavesNothing(Action action) throws IOException {
    Store store = store();
    store.write("kept.txt", "before".getBytes(StandardCharsets.UTF_8), false);
    server.inject(Direction.UPLOAD, 1L << 20, action);

    Throwable thrown = catchThrowable(() -> store.write("big/blob.bin", data(), false));

    assertThat(server.faultsFired()).isPositive();
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(BackendUnavailable.class);
      assertThat(((RemoteStoreException) thrown).backend()).isEqualTo("faulty");
      assertThat(store.exists("big/blob.bin")).isFalse();
      assertThat(namesOnDisk()).noneMatch(n -> n.equals("blob.bin"));
    } else {
      assertThat(store.getFileInfo("big/blob.bin").size()).isEqualTo(SIZE);
    }
    // the next calls connect again
    assertThat(new String(store.readBytes("kept.txt"), StandardCharsets.UTF_8)).isEqualTo("before");
    store.write("big/blob.bin", data(), true);
    assertThat(store.getFileInfo("big/blob.bin").size()).isEqualTo(SIZE);
    assertThat(namesOnDisk()).noneMatch(n -> n.startsWith(".rs-tmp."));
  }

  @Test
  void connectionDroppedMidUploadLeavesNoVisibleFile() throws IOException {
    int before = server.faultsFired();
    assertUploadFaultLeavesNothing(Action.DROP);
    assertThat(server.faultsFired()).isEqualTo(before + 1);
  }

  @Test
  void stalledUploadTimesOutAsBackendUnavailable() throws IOException {
    assertUploadFaultLeavesNothing(Action.STALL);
  }

  private void assertDownloadFaultIsTyped(Action action) throws IOException {
    Store store = store();
    store.write("down.bin", data(), false);
    server.inject(Direction.DOWNLOAD, 1L << 20, action);

    assertThatThrownBy(
            () -> {
              try (InputStream in = store.read("down.bin")) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              }
            })
        .isInstanceOf(BackendUnavailable.class)
        .hasMessageContaining("faulty");

    try (InputStream in = store.read("down.bin")) {
      assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(SIZE);
    }
  }

  @Test
  void connectionDroppedMidDownloadIsBackendUnavailable() throws IOException {
    assertDownloadFaultIsTyped(Action.DROP);
  }

  @Test
  void stalledDownloadTimesOutAsBackendUnavailable() throws IOException {
    assertDownloadFaultIsTyped(Action.STALL);
  }

  @Test
  void changedHostKeyIsRefusedUnderStrict(@TempDir Path dir) throws IOException {
    KeyPair other = SftpTestServer.generate(KeyPairProvider.SSH_ED25519, 256);

    Map<String, String> inConfig = server.options();
    inConfig.put("host-keys", SftpTestServer.publicKeyLine(other.getPublic()));
    Store configured = store("strict", inConfig);
    assertThatThrownBy(() -> configured.exists("x"))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("strict")
        .hasMessageContaining("host key");
    backend.close();

    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine(other.getPublic()) + "\n");
    Map<String, String> fromFile = server.options();
    fromFile.remove("host-keys");
    fromFile.put("known-hosts", knownHosts.toString());
    Store viaFile = store("strict", fromFile);
    assertThatThrownBy(() -> viaFile.exists("x")).isInstanceOf(PermissionDenied.class);
    backend.close();

    Files.writeString(knownHosts, server.knownHostsLine(server.hostKey().getPublic()) + "\n");
    assertThat(store("strict", fromFile).exists("x")).isFalse();
  }

  @Test
  void unknownHostKeyIsRefusedUnderStrictAndTrustedOnFirstUse(@TempDir Path dir)
      throws IOException {
    Path knownHosts = dir.resolve("known_hosts");
    Map<String, String> options = server.options();
    options.remove("host-keys");
    options.put("known-hosts", knownHosts.toString());
    Store strict = store("strict", options);
    assertThatThrownBy(() -> strict.exists("x")).isInstanceOf(PermissionDenied.class);
    backend.close();

    options.put("host-key-policy", "trust-on-first-use");
    assertThat(store("tofu", options).exists("x")).isFalse();
    backend.close();
    assertThat(Files.readString(knownHosts)).contains(server.hostKeyLine().split(" ")[1]);

    // the persisted key is now trusted under strict too
    options.put("host-key-policy", "strict");
    assertThat(store("strict", options).exists("x")).isFalse();
    backend.close();

    // a changed key is refused by trust-on-first-use
    KeyPair other = SftpTestServer.generate(KeyPairProvider.SSH_ED25519, 256);
    Files.writeString(knownHosts, server.knownHostsLine(other.getPublic()) + "\n");
    options.put("host-key-policy", "trust-on-first-use");
    Store tofu = store("tofu", options);
    assertThatThrownBy(() -> tofu.exists("x")).isInstanceOf(PermissionDenied.class);
  }

  @Test
  void acceptAnyTrustsAnUnknownKey() throws IOException {
    Map<String, String> options = server.options();
    options.remove("host-keys");
    options.put("host-key-policy", "accept-any");
    assertThat(store("any", options).exists("x")).isFalse();
  }

  @Test
  void wrongPasswordIsPermissionDeniedWithoutTheSecret() throws IOException {
    Map<String, String> options = server.options();
    options.put("password", "wrong-Pa55-word-xyz");
    Store store = store("locked", options);
    Throwable thrown = catchThrowable(() -> store.exists("x"));
    assertThat(thrown)
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("locked")
        .hasMessageNotContaining("wrong-Pa55-word-xyz")
        .hasMessageNotContaining(SftpTestServer.PASSWORD);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("wrong-Pa55-word-xyz");
    }
    assertThat(backend.toString()).doesNotContain("wrong-Pa55-word-xyz");
    assertThat(SftpTestServer.config("locked", options).toString())
        .doesNotContain("wrong-Pa55-word-xyz");
  }

  @Test
  void unreachableHostIsBackendUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> options = server.options();
    options.put("port", Integer.toString(closedPort));
    options.put("connect-retries", "1");
    options.put("connect-timeout", "2s");
    Store store = store("gone", options);
    assertThatThrownBy(() -> store.readBytes("x"))
        .isInstanceOf(BackendUnavailable.class)
        .hasMessageContaining("gone");
  }
}
