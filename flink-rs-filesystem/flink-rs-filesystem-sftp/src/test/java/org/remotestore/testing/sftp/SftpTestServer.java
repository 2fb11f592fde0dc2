package org.remotestore.testing.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.remotestore.BackendConfig;

/**
 * An in-process Apache MINA SSHD server with its SFTP subsystem on a free loopback port, serving a
 * folder of the local disk, for the sftp backend's tests: password and public-key login for one
 * user, a fixed host key (its public-key line is given to clients as {@code host-keys}), and a
 * fault mode that drops the connection or stalls the server once a file transfer has moved a given
 * number of bytes.
 */
public final class SftpTestServer implements AutoCloseable {

  /** The login user. */
  public static final String USER = "rs-test";

  /** The user's password. */
  public static final String PASSWORD = "s3cr3t-Pa55w0rd-for-tests";

  private static SftpTestServer shared;

  private final SshServer server;
  private final Path root;
  private final KeyPair hostKey;
  private final KeyPair userKey;
  private final KeyPair userRsa;
  private final AtomicReference<Fault> fault = new AtomicReference<>();
  private final AtomicInteger faultsFired = new AtomicInteger();
  private volatile CountDownLatch stallRelease = new CountDownLatch(1);

  /** What to do when a fault triggers. */
  public enum Action {
    /** Close the connection at once. */
    DROP,
    /** Stop answering (until the fault is cleared or the server closed). */
    STALL
  }

  /** Which transfer direction a fault watches. */
  public enum Direction {
    /** Bytes the client uploads. */
    UPLOAD,
    /** Bytes the client downloads. */
    DOWNLOAD
  }

  private record Fault(Direction direction, long afterBytes, Action action, AtomicLong seen) {}

  private SftpTestServer(Path root, KeyPair hostKey, String userKeyType) throws IOException {
    this.root = root;
    this.hostKey = hostKey;
    this.userKey = generate(userKeyType, 256);
    this.userRsa = generate(KeyPairProvider.SSH_RSA, 2048);
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    sftp.addSftpEventListener(new FaultListener());
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPasswordAuthenticator(
        (user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
    server.setPublickeyAuthenticator(
        (user, key, session) ->
            USER.equals(user)
                && (KeyUtils.compareKeys(key, userKey.getPublic())
                    || KeyUtils.compareKeys(key, userRsa.getPublic())));
    server.setSubsystemFactories(List.of(sftp));
    server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    server.start();
  }

  /** Starts a server over {@code root} with a new Ed25519 host key and an Ed25519 user key. */
  public static SftpTestServer start(Path root) throws IOException {
    return start(root, KeyPairProvider.SSH_ED25519);
  }

  /**
   * Starts a server over {@code root} whose host key and user key (see {@link #userKeyOpenSsh}) are
   * of {@code keyType}, for example {@code ecdsa-sha2-nistp256}.
   */
  public static SftpTestServer start(Path root, String keyType) throws IOException {
    return new SftpTestServer(root, generate(keyType, 256), keyType);
  }

  /** One server for the whole JVM (over a temporary folder), stopped at JVM exit. */
  public static synchronized SftpTestServer shared() {
    if (shared == null) {
      try {
        shared = start(Files.createTempDirectory("rs-sftp-shared-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SftpTestServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return shared;
  }

  /** A new key pair of an SSH key type ({@code ssh-ed25519}, {@code ssh-rsa}, ...). */
  public static KeyPair generate(String keyType, int bits) {
    try {
      return KeyUtils.generateKeyPair(keyType, bits);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The loopback address. */
  public String host() {
    return "127.0.0.1";
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** The folder the server serves (the user's home). */
  public Path root() {
    return root;
  }

  /** The server's host key. */
  public KeyPair hostKey() {
    return hostKey;
  }

  /** The host key as a public-key line, {@code ssh-ed25519 AAAA...}. */
  public String hostKeyLine() {
    return publicKeyLine(hostKey.getPublic());
  }

  /** A public key as a public-key line. */
  public static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /** The known_hosts line of this server for {@code key}. */
  public String knownHostsLine(PublicKey key) {
    return "[" + host() + "]:" + port() + " " + publicKeyLine(key);
  }

  /**
   * The user's key (Ed25519 unless chosen) in OpenSSH format, encrypted with {@code passphrase}.
   */
  public String userKeyOpenSsh(String passphrase) {
    try {
      OpenSSHKeyEncryptionContext context = new OpenSSHKeyEncryptionContext();
      context.setPassword(passphrase);
      context.setCipherName("AES");
      context.setCipherMode("CTR");
      context.setCipherType("256");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "rs-test", context, out);
      return out.toString(StandardCharsets.US_ASCII);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The user's RSA key as an unencrypted PKCS#8 PEM. */
  public String userKeyPem() {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(userRsa.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  /** Backend options for password login with this server's host key trusted. */
  public Map<String, String> options() {
    Map<String, String> o = new HashMap<>();
    o.put("host", host());
    o.put("port", Integer.toString(port()));
    o.put("username", USER);
    o.put("password", PASSWORD);
    o.put("host-keys", hostKeyLine());
    o.put("connect-timeout", "5s");
    o.put("io-timeout", "10s");
    return o;
  }

  /** A backend configuration of type {@code sftp}. */
  public static BackendConfig config(String name, Map<String, String> options) {
    return new BackendConfig(name, "sftp", options);
  }

  /**
   * Arms a one-time fault: once more than {@code afterBytes} bytes moved in {@code direction}
   * (counted from now, over all files), the server drops or stalls the connection doing it.
   */
  public void inject(Direction direction, long afterBytes, Action action) {
    stallRelease = new CountDownLatch(1);
    fault.set(new Fault(direction, afterBytes, action, new AtomicLong()));
  }

  /** Disarms the fault and lets stalled requests go on. */
  public void clearFaults() {
    fault.set(null);
    stallRelease.countDown();
  }

  /** How many faults fired. */
  public int faultsFired() {
    return faultsFired.get();
  }

  @Override
  public void close() {
    clearFaults();
    try {
      server.stop(true);
    } catch (IOException e) {
      // stopping anyway
    }
  }

  private final class FaultListener implements SftpEventListener {
    @Override
    public void writing(
        ServerSession session,
        String remoteHandle,
        FileHandle localHandle,
        long offset,
        byte[] data,
        int dataOffset,
        int dataLen)
        throws IOException {
      maybeFire(session, Direction.UPLOAD, dataLen);
    }

    @Override
    public void reading(
        ServerSession session,
        String remoteHandle,
        FileHandle localHandle,
        long offset,
        byte[] data,
        int dataOffset,
        int dataLen)
        throws IOException {
      maybeFire(session, Direction.DOWNLOAD, dataLen);
    }

    private void maybeFire(ServerSession session, Direction direction, int bytes)
        throws IOException {
      Fault f = fault.get();
      if (f == null || f.direction() != direction) {
        return;
      }
      if (f.seen().addAndGet(bytes) <= f.afterBytes() || !fault.compareAndSet(f, null)) {
        return;
      }
      faultsFired.incrementAndGet();
      if (f.action() == Action.DROP) {
        session.close(true);
        throw new IOException("test fault: connection dropped");
      }
      try {
        stallRelease.await(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      session.close(true);
      throw new IOException("test fault: stalled connection closed");
    }
  }
}
