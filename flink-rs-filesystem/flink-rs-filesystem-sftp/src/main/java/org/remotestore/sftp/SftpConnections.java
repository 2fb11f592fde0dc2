package org.remotestore.sftp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;
import org.remotestore.BackendUnavailable;
import org.remotestore.ConfigException;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;

/**
 * The SSH connections of one backend and a small pool of SFTP channels over them. A caller borrows
 * a channel for one operation (or for the life of one open stream) and gives it back; up to {@code
 * pool-size} idle channels stay open, and up to {@code channels-per-session} channels share one SSH
 * connection, so that parallel Flink tasks never share a channel. Connecting (TCP, key exchange,
 * host-key check, login) is limited by {@code connect-timeout} and retried {@code connect-retries}
 * times with a growing pause; a refused host key or login is not retried. Every answer awaited on a
 * channel is limited by {@code io-timeout}; keep-alive requests keep idle connections open.
 */
final class SftpConnections implements AutoCloseable {
  private final SftpSettings settings;
  private final SftpErrors errors;
  private final Deque<SftpClient> idle = new ArrayDeque<>();
  private final Map<ClientSession, int[]> sessions = new IdentityHashMap<>();
  private final Object connectLock = new Object();
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService watchdog;
  private SshClient client;
  private List<KeyPair> keys;
  private boolean closed;

  SftpConnections(SftpSettings settings, SftpErrors errors) {
    this.settings = settings;
    this.errors = errors;
  }

  /** An open SFTP channel for the caller's exclusive use; give it back with {@link #release}. */
  SftpClient borrow() throws IOException {
    synchronized (this) {
      if (closed) {
        throw new BackendUnavailable(
            "sftp backend '" + settings.name() + "' is closed", settings.name(), null);
      }
      while (!idle.isEmpty()) {
        SftpClient c = idle.poll();
        if (c.isOpen() && c.getClientSession().isOpen()) {
          return c;
        }
        discard(c, false);
      }
    }
    for (int attempt = 1; ; attempt++) {
      ClientSession session = sessionWithRoom();
      try {
        return SftpClientFactory.instance()
            .createSftpClient(session, SftpVersionSelector.fixedVersionSelector(3));
      } catch (IOException | RuntimeException e) {
        // the connection died since it was last used: drop it, and try once on a new one
        synchronized (this) {
          sessions.remove(session);
        }
        session.close(true);
        if (attempt >= 2) {
          throw errors.unavailable(null, e);
        }
      }
    }
  }

  /**
   * Gives a channel back: kept for reuse when {@code healthy}, still open and the pool has room;
   * closed otherwise. A channel given back unhealthy (its connection was lost or went silent) takes
   * its whole SSH connection down with it, so that no other caller waits on a dead link; the next
   * borrower connects again.
   */
  void release(SftpClient channel, boolean healthy) {
    if (channel == null) {
      return;
    }
    synchronized (this) {
      if (healthy
          && !closed
          && idle.size() < settings.poolSize()
          && channel.isOpen()
          && channel.getClientSession().isOpen()) {
        idle.push(channel);
        return;
      }
    }
    discard(channel, !healthy);
  }

  private void discard(SftpClient channel, boolean connectionLost) {
    ClientSession session = channel.getClientSession();
    boolean closeSession = connectionLost || !session.isOpen();
    synchronized (this) {
      int[] count = sessions.get(session);
      if (count != null) {
        count[0]--;
        if (count[0] <= 0 && sessions.size() > 1) {
          closeSession = true;
        }
        if (closeSession) {
          sessions.remove(session);
        }
      }
      if (closeSession) {
        idle.removeIf(c -> c.getClientSession() == session);
      }
    }
    if (closeSession) {
      session.close(true); // closes its channels at once, without waiting for the server
      return;
    }
    try {
      channel.close();
    } catch (IOException | RuntimeException e) {
      // the channel is gone either way
    }
  }

  /**
   * Starts a deadline of {@code io-timeout} for one blocking call on {@code channel} (SSHD waits
   * without a limit for room in the server's window): when the call has not returned by then, the
   * channel's connection is closed, which fails the call. Close the watch when the call returns.
   */
  Watch watch(SftpClient channel) {
    Watch w = new Watch(channel, System.nanoTime() + settings.ioTimeout().toNanos());
    watches.add(w);
    synchronized (this) {
      if (watchdog == null && !closed) {
        watchdog =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "rs-sftp-watchdog-" + settings.name());
                  t.setDaemon(true);
                  return t;
                });
        long period = Math.max(100, settings.ioTimeout().toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
      }
    }
    return w;
  }

  private void expire() {
    long now = System.nanoTime();
    for (Watch w : watches) {
      if (now - w.deadline > 0) {
        w.expired = true;
        watches.remove(w);
        w.channel.getClientSession().close(true);
      }
    }
  }

  /** A running deadline; see {@link #watch(SftpClient)}. */
  final class Watch implements AutoCloseable {
    private final SftpClient channel;
    private final long deadline;
    private volatile boolean expired;

    private Watch(SftpClient channel, long deadline) {
      this.channel = channel;
      this.deadline = deadline;
    }

    /** Whether the deadline passed and the connection was closed. */
    boolean expired() {
      return expired;
    }

    /**
     * The failure to report for {@code key} when the deadline passed, else {@code e} translated.
     */
    IOException failure(IOException e, String key) {
      if (expired) {
        return errors.unavailable(
            key,
            new java.net.SocketTimeoutException(
                "no progress within io-timeout " + settings.ioTimeout() + ": connection closed"));
      }
      return errors.map(e, key);
    }

    @Override
    public void close() {
      watches.remove(this);
    }
  }

  /** An open session with room for one more channel (counted), connecting a new one if needed. */
  private ClientSession sessionWithRoom() throws IOException {
    synchronized (this) {
      sessions.entrySet().removeIf(e -> !e.getKey().isOpen() && e.getValue()[0] <= 0);
      for (Map.Entry<ClientSession, int[]> e : sessions.entrySet()) {
        if (e.getKey().isOpen() && e.getValue()[0] < settings.channelsPerSession()) {
          e.getValue()[0]++;
          return e.getKey();
        }
      }
    }
    synchronized (connectLock) {
      ClientSession session = connectWithRetries();
      synchronized (this) {
        if (closed) {
          session.close(true);
          throw new BackendUnavailable(
              "sftp backend '" + settings.name() + "' is closed", settings.name(), null);
        }
        sessions.put(session, new int[] {1});
      }
      return session;
    }
  }

  private ClientSession connectWithRetries() throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt <= settings.connectRetries(); attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(Math.min(5_000L, 250L << (attempt - 1)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try {
        return connectOnce();
      } catch (PermissionDenied | ConfigException e) {
        throw e; // a refused host key or login does not get better by trying again
      } catch (IOException e) {
        last = e;
      }
    }
    throw last instanceof RemoteStoreException r
        ? r
        : errors.unavailable(null, last == null ? new IOException("interrupted") : last);
  }

  private ClientSession connectOnce() throws IOException {
    SshClient ssh = client();
    List<KeyPair> identities = keys(); // a bad key is a ConfigException, never retried
    Duration timeout = settings.connectTimeout();
    ClientSession session = null;
    try {
      ConnectFuture future = ssh.connect(settings.username(), settings.host(), settings.port());
      future.verify(timeout);
      session = future.getSession();
      if (settings.password() != null) {
        session.addPasswordIdentity(settings.password());
      }
      for (KeyPair key : identities) {
        session.addPublicKeyIdentity(key);
      }
      session.auth().verify(timeout);
      return session;
    } catch (IOException | RuntimeException e) {
      RemoteStoreException mapped = connectFailure(session, e);
      if (session != null) {
        session.close(true);
      }
      throw mapped;
    }
  }

  private RemoteStoreException connectFailure(ClientSession session, Exception e) {
    if (e instanceof RemoteStoreException r) {
      return r;
    }
    String target = settings.host() + ":" + settings.port();
    String refused = session == null ? null : session.getAttribute(SftpHostKeys.REFUSED);
    if (refused != null) {
      return new PermissionDenied(
          "sftp backend '"
              + settings.name()
              + "': host key "
              + refused
              + " of "
              + target
              + " is not trusted (host-key-policy "
              + settings.hostKeyPolicy().text()
              + (settings.knownHosts() == null ? "" : ", known hosts " + settings.knownHosts())
              + "); connection refused",
          settings.name(),
          null,
          e);
    }
    String message = String.valueOf(e.getMessage());
    if (session != null
        && session.isOpen()
        && !session.isAuthenticated()
        && message.toLowerCase(java.util.Locale.ROOT).contains("authentication")) {
      return new PermissionDenied(
          "sftp backend '"
              + settings.name()
              + "': login of user '"
              + settings.username()
              + "' at "
              + target
              + " was refused (wrong password or key?)",
          settings.name(),
          null);
    }
    return errors.unavailable(
        null, new IOException("cannot connect to " + target + ": " + message, e));
  }

  private synchronized SshClient client() {
    if (client == null) {
      SshClient ssh = SshClient.setUpDefaultClient();
      ssh.setServerKeyVerifier(new SftpHostKeys(settings));
      ssh.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
      ssh.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
      Duration io = settings.ioTimeout();
      CoreModuleProperties.IDLE_TIMEOUT.set(ssh, io);
      CoreModuleProperties.WINDOW_TIMEOUT.set(ssh, io);
      CoreModuleProperties.AUTH_TIMEOUT.set(ssh, settings.connectTimeout());
      Duration beat = io.dividedBy(3);
      CoreModuleProperties.HEARTBEAT_INTERVAL.set(
          ssh, beat.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : beat);
      CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(ssh, io);
      SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(ssh, settings.connectTimeout());
      ssh.start();
      client = ssh;
    }
    return client;
  }

  private synchronized List<KeyPair> keys() {
    if (keys == null) {
      keys = loadKeys(settings);
    }
    return keys;
  }

  /**
   * Reads and decrypts the configured private key (none when logging in by password).
   *
   * @throws ConfigException naming the key option when it cannot be read or decrypted
   */
  static List<KeyPair> loadKeys(SftpSettings settings) {
    List<KeyPair> loaded = new ArrayList<>();
    if (settings.privateKey() != null || settings.privateKeyFile() != null) {
      String option =
          settings.privateKey() != null
              ? SftpBackendFactory.PRIVATE_KEY
              : SftpBackendFactory.PRIVATE_KEY_FILE;
      String key = "rs.backends." + settings.name() + "." + option;
      try (InputStream in =
          settings.privateKey() != null
              ? new ByteArrayInputStream(settings.privateKey().getBytes(StandardCharsets.UTF_8))
              : Files.newInputStream(settings.privateKeyFile())) {
        FilePasswordProvider passphrase =
            settings.passphrase() == null
                ? FilePasswordProvider.EMPTY
                : FilePasswordProvider.of(settings.passphrase());
        Iterable<KeyPair> pairs =
            SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(option), in, passphrase);
        if (pairs != null) {
          pairs.forEach(loaded::add);
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new ConfigException(
            key,
            "Cannot read the private key of "
                + key
                + " ("
                + e.getClass().getSimpleName()
                + "): expected a PEM or OpenSSH private key and, if it is encrypted, the right "
                + "rs.backends."
                + settings.name()
                + "."
                + SftpBackendFactory.PRIVATE_KEY_PASSPHRASE,
            e);
      }
      if (loaded.isEmpty()) {
        throw new ConfigException(key, "No private key found in " + key);
      }
    }
    return List.copyOf(loaded);
  }

  @Override
  public void close() {
    List<SftpClient> channels;
    List<ClientSession> open;
    SshClient ssh;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      channels = new ArrayList<>(idle);
      idle.clear();
      open = new ArrayList<>(sessions.keySet());
      sessions.clear();
      ssh = client;
      client = null;
    }
    for (SftpClient c : channels) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        // closing anyway
      }
    }
    for (ClientSession s : open) {
      s.close(true);
    }
    if (ssh != null) {
      ssh.stop();
    }
    synchronized (this) {
      if (watchdog != null) {
        watchdog.shutdownNow();
      }
    }
  }
}
