package org.remotestore.medallion.config;

/**
 * An invalid medallion job configuration. The message names the key at fault and, when the value
 * came from the command line, the flag ({@code --feed.poll-interval}); {@link #key()} returns the
 * key.
 */
public class MedallionConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /** Creates the exception for {@code key}; {@code message} must already name it. */
  public MedallionConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** Creates the exception for {@code key} with a cause. */
  public MedallionConfigException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * The configuration key at fault ({@code feed.poll-interval}, {@code rs.stores.lake.backend}).
   */
  public String key() {
    return key;
  }
}
