package org.remotestore.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.remotestore.ConfigException;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration values.
 *
 * <p>A value may hold any number of references, mixed with text: {@code
 * https://${HOST}:${PORT:-443}/x}. A name is made of letters, digits, {@code _}, {@code .} and
 * {@code -}, and starts with a letter or {@code _}. <code>$${</code> stands for a literal <code>${
 * </code> and is never resolved. A default is used when the variable is unset or empty; it is plain
 * text (it may be empty, it may not contain <code>}</code>, and it is not itself resolved).
 *
 * <p>{@link #system()} looks a name up in the environment first and then in the Java system
 * properties, so an environment variable wins over a {@code -DNAME=...} of the same name. An unset
 * variable without a default fails with a {@link ConfigException} that names the key and the
 * variable; no message ever contains the value being resolved, nor what a variable resolved to.
 *
 * <pre>{@code
 * EnvSubstitution vars = EnvSubstitution.of(Map.of("HOST", "example.org")::get);
 * vars.resolve("rs.backends.web.base-url", "https://${HOST}:${PORT:-443}/x");
 * // https://example.org:443/x
 * }</pre>
 */
public final class EnvSubstitution {

  private static final EnvSubstitution SYSTEM =
      new EnvSubstitution(
          name -> {
            String v = System.getenv(name);
            return v != null ? v : System.getProperty(name);
          });

  private static final EnvSubstitution NONE = new EnvSubstitution(name -> null, false);

  private final Function<String, String> lookup;
  private final boolean active;

  private EnvSubstitution(Function<String, String> lookup) {
    this(lookup, true);
  }

  private EnvSubstitution(Function<String, String> lookup, boolean active) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.active = active;
  }

  /**
   * Takes every value literally: for values that were resolved already, so that they are resolved
   * exactly once (a resolved value may itself contain <code>${</code>).
   */
  public static EnvSubstitution none() {
    return NONE;
  }

  /** Resolves from the environment, then from the Java system properties. */
  public static EnvSubstitution system() {
    return SYSTEM;
  }

  /**
   * Resolves with {@code lookup} alone (for tests, or to resolve from another source): it returns
   * the value of a name, or {@code null} when the name is unset.
   */
  public static EnvSubstitution of(Function<String, String> lookup) {
    return new EnvSubstitution(lookup);
  }

  /** Whether {@code value} holds a reference or an escaped <code>$${</code>. */
  public static boolean hasReferences(String value) {
    return value != null && value.contains("${");
  }

  /**
   * Escapes {@code literal} so that {@link #resolve} gives it back unchanged: every <code>${</code>
   * becomes <code>$${</code>. Use it to pass an already resolved value through a second resolution.
   */
  public static String escape(String literal) {
    return literal == null ? null : literal.replace("${", "$${");
  }

  /**
   * Resolves every reference in {@code value}.
   *
   * @param key the configuration key holding the value, named in errors
   * @param value the value, {@code null} is returned as is
   * @throws ConfigException naming {@code key} and the variable, for an unset variable without
   *     default or a malformed reference
   */
  public String resolve(String key, String value) {
    if (!active || value == null || value.indexOf('$') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '$' && value.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && value.startsWith("${", i)) {
        int end = value.indexOf('}', i + 2);
        if (end < 0) {
          throw new ConfigException(
              key, "Unterminated ${ in the value of " + key + ": close it with } or write $${");
        }
        out.append(reference(key, value.substring(i + 2, end)));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * Resolves every value of {@code keys} (key to value), keeping the order.
   *
   * @throws ConfigException naming the first key whose value cannot be resolved
   */
  public Map<String, String> resolveAll(Map<String, String> keys) {
    Map<String, String> out = new LinkedHashMap<>();
    keys.forEach((k, v) -> out.put(k, resolve(k, v)));
    return out;
  }

  private String reference(String key, String body) {
    int colon = body.indexOf(":-");
    String name = colon < 0 ? body : body.substring(0, colon);
    String fallback = colon < 0 ? null : body.substring(colon + 2);
    if (!validName(name)) {
      throw new ConfigException(
          key,
          "Malformed variable reference in the value of "
              + key
              + ": expected ${NAME} or ${NAME:-default} with NAME made of letters, digits, '_',"
              + " '.' and '-'");
    }
    String resolved = lookup.apply(name);
    if (resolved != null && (fallback == null || !resolved.isEmpty())) {
      return resolved;
    }
    if (fallback != null) {
      return fallback;
    }
    throw new ConfigException(
        key,
        "Unresolved variable ${"
            + name
            + "} in "
            + key
            + ": set the environment variable or system property "
            + name
            + ", or give a default as ${"
            + name
            + ":-default}");
  }

  private static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    if (!(Character.isLetter(first) || first == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
