package org.remotestore.sftp;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * The immutable, validated options of one {@code sftp} backend. Secrets (password, private key and
 * its passphrase) are kept here but never printed: {@link #toString()} names only host, port, user
 * and base path.
 *
 * @param name the backend name
 * @param host the server host name or address
 * @param port the server port
 * @param username the login user
 * @param password the password, or {@code null}
 * @param privateKey the private key text (PEM or OpenSSH), or {@code null}
 * @param privateKeyFile a file holding the private key, or {@code null}
 * @param passphrase the private key's passphrase, or {@code null}
 * @param basePath the server folder that keys are relative to ({@code ""}: the login folder)
 * @param hostKeyPolicy how the server's host key is checked
 * @param knownHosts the known_hosts file of {@code strict} and {@code trust-on-first-use}
 * @param hostKeys the trusted host keys given in configuration (public-key lines or {@code SHA256:}
 *     fingerprints); when not empty, {@code strict} trusts exactly these
 * @param connectTimeout the limit for connecting, key exchange and authentication
 * @param ioTimeout the longest silence of the server while an answer is awaited
 * @param connectRetries how often a failed connection attempt is repeated
 * @param poolSize how many idle SFTP channels are kept open for reuse
 * @param channelsPerSession how many SFTP channels share one SSH connection
 * @param posixRename whether to replace files with {@code posix-rename@openssh.com} when offered
 * @param fsync whether to call {@code fsync@openssh.com} (when offered) before publishing a file
 */
public record SftpSettings(
    String name,
    String host,
    int port,
    String username,
    String password,
    String privateKey,
    Path privateKeyFile,
    String passphrase,
    String basePath,
    HostKeyPolicy hostKeyPolicy,
    Path knownHosts,
    List<String> hostKeys,
    Duration connectTimeout,
    Duration ioTimeout,
    int connectRetries,
    int poolSize,
    int channelsPerSession,
    boolean posixRename,
    boolean fsync) {

  /** How the server's host key is checked. */
  public enum HostKeyPolicy {
    /** Only keys in {@code host-keys} or the known_hosts file are accepted; others are refused. */
    STRICT("strict"),
    /**
     * An unknown host's key is accepted once and appended to the known_hosts file; a changed one is
     * refused.
     */
    TRUST_ON_FIRST_USE("trust-on-first-use"),
    /** Any key is accepted. Unsafe: anyone between client and server can read and change data. */
    ACCEPT_ANY("accept-any");

    private final String text;

    HostKeyPolicy(String text) {
      this.text = text;
    }

    /** The policy as written in configuration. */
    public String text() {
      return text;
    }

    static HostKeyPolicy parse(String value, String key) {
      for (HostKeyPolicy p : values()) {
        if (p.text.equalsIgnoreCase(value.trim())) {
          return p;
        }
      }
      throw new ConfigException(
          key,
          "Malformed value '"
              + value
              + "' for "
              + key
              + ": expected strict, trust-on-first-use or accept-any");
    }
  }

  /** Validates the record. */
  public SftpSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
    hostKeys = List.copyOf(hostKeys);
  }

  /**
   * Reads and checks the options of {@code config}.
   *
   * @throws ConfigException naming the key at fault
   */
  public static SftpSettings from(BackendConfig config) {
    String host = config.require(SftpBackendFactory.HOST);
    int port = config.getInt(SftpBackendFactory.PORT, 22);
    if (port < 1 || port > 65535) {
      throw new ConfigException(
          config.key(SftpBackendFactory.PORT),
          "Malformed value for " + config.key(SftpBackendFactory.PORT) + ": expected 1..65535");
    }
    String user = config.require(SftpBackendFactory.USERNAME);
    String password = config.get(SftpBackendFactory.PASSWORD);
    String privateKey = unescapeNewlines(config.get(SftpBackendFactory.PRIVATE_KEY));
    Path keyFile = path(config, SftpBackendFactory.PRIVATE_KEY_FILE);
    if (privateKey != null && keyFile != null) {
      throw new ConfigException(
          config.key(SftpBackendFactory.PRIVATE_KEY_FILE),
          "Give either "
              + config.key(SftpBackendFactory.PRIVATE_KEY)
              + " or "
              + config.key(SftpBackendFactory.PRIVATE_KEY_FILE)
              + ", not both");
    }
    if (password == null && privateKey == null && keyFile == null) {
      throw new ConfigException(
          config.key(SftpBackendFactory.PASSWORD),
          "Missing credentials for backend '"
              + config.name()
              + "': set "
              + config.key(SftpBackendFactory.PASSWORD)
              + ", "
              + config.key(SftpBackendFactory.PRIVATE_KEY)
              + " or "
              + config.key(SftpBackendFactory.PRIVATE_KEY_FILE));
    }
    String passphrase = config.get(SftpBackendFactory.PRIVATE_KEY_PASSPHRASE);
    String basePath = basePath(config.get(SftpBackendFactory.BASE_PATH, ""));
    HostKeyPolicy policy =
        HostKeyPolicy.parse(
            config.get(SftpBackendFactory.HOST_KEY_POLICY, HostKeyPolicy.STRICT.text()),
            config.key(SftpBackendFactory.HOST_KEY_POLICY));
    Path knownHosts = path(config, SftpBackendFactory.KNOWN_HOSTS);
    List<String> hostKeys = hostKeys(config.get(SftpBackendFactory.HOST_KEYS));
    if (knownHosts == null && policy != HostKeyPolicy.ACCEPT_ANY) {
      if (policy == HostKeyPolicy.TRUST_ON_FIRST_USE || hostKeys.isEmpty()) {
        knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
      }
    }
    Duration connectTimeout =
        positive(config, SftpBackendFactory.CONNECT_TIMEOUT, Duration.ofSeconds(10));
    Duration ioTimeout = positive(config, SftpBackendFactory.IO_TIMEOUT, Duration.ofSeconds(30));
    int retries = atLeast(config, SftpBackendFactory.CONNECT_RETRIES, 2, 0);
    int pool = atLeast(config, SftpBackendFactory.POOL_SIZE, 4, 1);
    int perSession = atLeast(config, SftpBackendFactory.CHANNELS_PER_SESSION, 8, 1);
    return new SftpSettings(
        config.name(),
        host,
        port,
        user,
        password,
        privateKey,
        keyFile,
        passphrase,
        basePath,
        policy,
        knownHosts,
        hostKeys,
        connectTimeout,
        ioTimeout,
        retries,
        pool,
        perSession,
        config.getBoolean(SftpBackendFactory.POSIX_RENAME, true),
        config.getBoolean(SftpBackendFactory.FSYNC, true));
  }

  /** The server path of a backend key. */
  String remotePath(String key) {
    if (key.isEmpty()) {
      return basePath.isEmpty() ? "." : basePath;
    }
    if (basePath.isEmpty()) {
      return key;
    }
    return basePath.endsWith("/") ? basePath + key : basePath + "/" + key;
  }

  /** {@code user@host:port/basePath}, for messages; never a secret. */
  String where() {
    return username + "@" + host + ":" + port + (basePath.isEmpty() ? "" : " " + basePath);
  }

  @Override
  public String toString() {
    return "SftpSettings{name="
        + name
        + ", host="
        + host
        + ", port="
        + port
        + ", username="
        + username
        + ", basePath="
        + basePath
        + ", hostKeyPolicy="
        + hostKeyPolicy.text()
        + "}";
  }

  private static String unescapeNewlines(String text) {
    if (text == null || text.indexOf('\n') >= 0) {
      return text;
    }
    return text.replace("\\n", "\n");
  }

  private static String basePath(String value) {
    String v = value.trim();
    while (v.length() > 1 && v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return v;
  }

  private static List<String> hostKeys(String value) {
    List<String> keys = new ArrayList<>();
    if (value == null) {
      return keys;
    }
    for (String line : value.split("[\\n,;]")) {
      String k = line.trim();
      if (!k.isEmpty() && !k.startsWith("#")) {
        keys.add(k);
      }
    }
    return keys;
  }

  private static Path path(BackendConfig config, String option) {
    String v = config.get(option);
    if (v == null) {
      return null;
    }
    try {
      return Path.of(v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v);
    } catch (InvalidPathException e) {
      throw new ConfigException(
          config.key(option), "Malformed " + config.key(option) + ": not a file-system path");
    }
  }

  private static Duration positive(BackendConfig config, String option, Duration fallback) {
    Duration d = config.getDuration(option, fallback);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(
          config.key(option), "Malformed value for " + config.key(option) + ": must be positive");
    }
    return d;
  }

  private static int atLeast(BackendConfig config, String option, int fallback, int min) {
    int n = config.getInt(option, fallback);
    if (n < min) {
      throw new ConfigException(
          config.key(option),
          "Malformed value for " + config.key(option) + ": must be at least " + min);
    }
    return n;
  }
}
