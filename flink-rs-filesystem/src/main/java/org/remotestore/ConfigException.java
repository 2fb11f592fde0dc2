package org.remotestore;

/**
 * A configuration error: unknown backend type, missing or malformed option, unknown store. The
 * message always names the offending key (for example {@code rs.backends.lake.root}) and never
 * contains a secret value.
 */
public class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /** Creates the exception for {@code key}. */
  public ConfigException(String key, String message) {
    super(message.contains(key) ? message : key + ": " + message);
    this.key = key;
  }

  /** Creates the exception for {@code key} with its cause. */
  public ConfigException(String key, String message, Throwable cause) {
    this(key, message);
    initCause(cause);
  }

  /** The configuration key at fault. */
  public String key() {
    return key;
  }
}
