package org.remotestore.sftp;

import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@link SftpBackend}s: type {@code sftp}. Options (every one under {@code
 * rs.backends.<name>.}): {@code host} (required), {@code port} (22), {@code username} (required),
 * {@code password}, {@code private-key} (PEM or OpenSSH text, for example {@code ${SFTP_KEY}}) or
 * {@code private-key-file}, {@code private-key-passphrase}, {@code base-path} (the server folder
 * keys are relative to; default the login folder), {@code host-key-policy} ({@code strict}, the
 * default; {@code trust-on-first-use}; {@code accept-any}, unsafe), {@code known-hosts} (default
 * {@code ~/.ssh/known_hosts}), {@code host-keys} (trusted public-key lines or {@code SHA256:}
 * fingerprints), {@code connect-timeout} (10s), {@code io-timeout} (30s), {@code connect-retries}
 * (2), {@code pool-size} (4 idle channels kept), {@code channels-per-session} (8), {@code
 * posix-rename} (true) and {@code fsync} (true).
 *
 * <p>Creating a backend opens no connection: the first operation connects.
 */
public final class SftpBackendFactory implements BackendFactory {

  /** The server host. */
  public static final String HOST = "host";

  /** The server port. */
  public static final String PORT = "port";

  /** The login user. */
  public static final String USERNAME = "username";

  /** The password (secret). */
  public static final String PASSWORD = "password";

  /** The private key as text (secret). */
  public static final String PRIVATE_KEY = "private-key";

  /** A file holding the private key. */
  public static final String PRIVATE_KEY_FILE = "private-key-file";

  /** The private key's passphrase (secret). */
  public static final String PRIVATE_KEY_PASSPHRASE = "private-key-passphrase";

  /** The server folder that keys are relative to. */
  public static final String BASE_PATH = "base-path";

  /** {@code strict}, {@code trust-on-first-use} or {@code accept-any}. */
  public static final String HOST_KEY_POLICY = "host-key-policy";

  /** The known_hosts file. */
  public static final String KNOWN_HOSTS = "known-hosts";

  /** Trusted host keys given in configuration. */
  public static final String HOST_KEYS = "host-keys";

  /** The limit for connecting and logging in. */
  public static final String CONNECT_TIMEOUT = "connect-timeout";

  /** The longest silence of the server while an answer is awaited. */
  public static final String IO_TIMEOUT = "io-timeout";

  /** How often a failed connection attempt is repeated. */
  public static final String CONNECT_RETRIES = "connect-retries";

  /** How many idle SFTP channels are kept open. */
  public static final String POOL_SIZE = "pool-size";

  /** How many SFTP channels share one SSH connection. */
  public static final String CHANNELS_PER_SESSION = "channels-per-session";

  /** Whether files are replaced with the server's posix-rename extension when it offers one. */
  public static final String POSIX_RENAME = "posix-rename";

  /** Whether files are synced on the server (fsync extension) before they are published. */
  public static final String FSYNC = "fsync";

  @Override
  public String type() {
    return SftpBackend.TYPE;
  }

  @Override
  public Set<String> options() {
    return Set.of(
        HOST,
        PORT,
        USERNAME,
        PASSWORD,
        PRIVATE_KEY,
        PRIVATE_KEY_FILE,
        PRIVATE_KEY_PASSPHRASE,
        BASE_PATH,
        HOST_KEY_POLICY,
        KNOWN_HOSTS,
        HOST_KEYS,
        CONNECT_TIMEOUT,
        IO_TIMEOUT,
        CONNECT_RETRIES,
        POOL_SIZE,
        CHANNELS_PER_SESSION,
        POSIX_RENAME,
        FSYNC);
  }

  @Override
  public Set<String> secretOptions() {
    return Set.of(PASSWORD, PRIVATE_KEY, PRIVATE_KEY_PASSPHRASE);
  }

  @Override
  public void validate(BackendConfig config) {
    SftpConnections.loadKeys(SftpSettings.from(config)); // a wrong passphrase fails here
  }

  @Override
  public Backend create(BackendConfig config) {
    return new SftpBackend(SftpSettings.from(config));
  }
}
