package org.remotestore;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Immutable configuration of one backend instance: its name, its type and its options, as given by
 * {@code rs.backends.<name>.type} and {@code rs.backends.<name>.<option>}.
 *
 * <p>The typed getters fail with a {@link ConfigException} that names the full key, for example
 * {@code rs.backends.lake.part-size}. Secret options (see {@link #isSecret(String)}) are masked in
 * {@link #toString()} and never included in any message.
 */
public final class BackendConfig {
  private static final Pattern SIZE =
      Pattern.compile("(?i)\\s*(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\\s*");
  private static final Pattern DURATION =
      Pattern.compile(
          "(?i)\\s*(\\d+)\\s*(ms|milli|millis|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?\\s*");

  private static final Pattern URL_WITH_SECRETS =
      Pattern.compile("(?is)(\\s*https?://)([^/?#@]*@)?([^?#]*)(\\?[^#]*)?(#.*)?");

  private final String name;
  private final String type;
  private final Map<String, String> options;

  /**
   * Creates a configuration.
   *
   * @param name the backend instance name
   * @param type the backend type
   * @param options the options without the {@code rs.backends.<name>.} prefix (excluding {@code
   *     type})
   */
  public BackendConfig(String name, String type, Map<String, String> options) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.options = Map.copyOf(Objects.requireNonNull(options, "options"));
  }

  /** The backend instance name. */
  public String name() {
    return name;
  }

  /** The backend type, for example {@code s3}. */
  public String type() {
    return type;
  }

  /** All options, unmodifiable. Contains secrets: never print it. */
  public Map<String, String> options() {
    return options;
  }

  /** The full configuration key of {@code option}, for messages. */
  public String key(String option) {
    return "rs.backends." + name + "." + option;
  }

  /**
   * Whether an option holds a secret, judged by its name: anything mentioning a secret, password,
   * token, credential, connection string, SAS, an authorization or cookie header, or a key other
   * than the public access key id.
   */
  public static boolean isSecret(String option) {
    String o = option.toLowerCase(Locale.ROOT);
    return o.contains("secret")
        || o.contains("password")
        || o.contains("token")
        || o.contains("credential")
        || o.contains("connection-string")
        || o.contains("sas")
        || o.contains("authorization")
        || o.contains("cookie")
        || (o.contains("key") && !o.equals("access-key") && !o.contains("entropy"));
  }

  /** The option's value, or {@code null}. */
  public String get(String option) {
    String v = options.get(option);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The option's value, or {@code fallback}. */
  public String get(String option, String fallback) {
    String v = get(option);
    return v == null ? fallback : v;
  }

  /** The option's value; fails naming the key when missing. */
  public String require(String option) {
    String v = get(option);
    if (v == null) {
      throw new ConfigException(
          key(option), "Missing option " + key(option) + " for backend type '" + type + "'");
    }
    return v;
  }

  /** A boolean option ({@code true}/{@code false}). */
  public boolean getBoolean(String option, boolean fallback) {
    String v = get(option);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw malformed(option, v, "true or false");
  }

  /** An integer option. */
  public int getInt(String option, int fallback) {
    String v = get(option);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw malformed(option, v, "an integer");
    }
  }

  /** A long option. */
  public long getLong(String option, long fallback) {
    String v = get(option);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw malformed(option, v, "an integer");
    }
  }

  /** A size in bytes, written as {@code 8388608}, {@code 8mb}, {@code 8 MiB}, {@code 1g}. */
  public long getBytes(String option, long fallback) {
    String v = get(option);
    if (v == null) {
      return fallback;
    }
    Matcher m = SIZE.matcher(v);
    if (!m.matches()) {
      throw malformed(option, v, "a size such as 8mb");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit.charAt(0)) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      case 'g' -> n << 30;
      default -> n;
    };
  }

  /** A duration, written as {@code 500ms}, {@code 30s}, {@code 10min}, {@code 2h}, {@code 1d}. */
  public Duration getDuration(String option, Duration fallback) {
    String v = get(option);
    if (v == null) {
      return fallback;
    }
    try {
      return parseDuration(v, key(option));
    } catch (ConfigException e) {
      throw malformed(option, v, "a duration such as 30s");
    }
  }

  /**
   * Parses a duration such as {@code 500ms}, {@code 30s}, {@code 10min}; a bare number is
   * milliseconds.
   *
   * @param key the key named in the error when the text is malformed
   */
  public static Duration parseDuration(String text, String key) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(
          key, "Malformed value '" + text + "' for " + key + ": expected a duration such as 30s");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    if (unit.startsWith("ms") || unit.startsWith("milli")) {
      return Duration.ofMillis(n);
    }
    return switch (unit.charAt(0)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private ConfigException malformed(String option, String value, String expected) {
    String shown = isSecret(option) ? "(secret)" : "'" + value + "'";
    return new ConfigException(
        key(option), "Malformed value " + shown + " for " + key(option) + ": expected " + expected);
  }

  /**
   * A value with the user info and query of an {@code http(s)://} URL masked (they may carry
   * credentials or signed tokens); other values unchanged.
   */
  static String maskUrlCredentials(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = URL_WITH_SECRETS.matcher(value);
    if (!m.matches()) {
      return value;
    }
    return m.group(1)
        + (m.group(2) == null ? "" : "****@")
        + m.group(3)
        + (m.group(4) == null ? "" : "?****");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackendConfig other
        && other.name.equals(name)
        && other.type.equals(type)
        && other.options.equals(options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, options);
  }

  /**
   * Shows name, type and options, with every secret option masked as {@code ****} and the user info
   * and query of URL values masked too.
   */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    options.forEach((k, v) -> shown.put(k, isSecret(k) ? "****" : maskUrlCredentials(v)));
    return "BackendConfig{name=" + name + ", type=" + type + ", options=" + shown + "}";
  }
}
