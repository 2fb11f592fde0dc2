package org.remotestore.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.ConfigException;

/**
 * Turns nested configuration maps into flat dotted keys, the one flattener of the project: {@code
 * {stores: {lake: {cache: {ttl: 5m}}}}} becomes {@code stores.lake.cache.ttl = 5m}.
 *
 * <p>{@link #flatten(Map)} keeps the leaf values as they are (numbers, booleans, lists, {@code
 * null}), for readers that want types; {@link #scalar(Object, String)} turns one leaf into the
 * string of a flat key: a list becomes comma-separated, a map or a list of maps is an error naming
 * the key.
 */
public final class ConfigFlattener {

  private ConfigFlattener() {}

  /**
   * The leaves of {@code nested} under dotted keys, in document order. An empty nested map adds no
   * key; a {@code null} leaf is kept as {@code null}.
   */
  public static Map<String, Object> flatten(Map<?, ?> nested) {
    return flatten(nested, "");
  }

  /** As {@link #flatten(Map)}, with {@code prefix} put before every key. */
  public static Map<String, Object> flatten(Map<?, ?> nested, String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (nested != null) {
      flatten(nested, prefix == null ? "" : prefix, out);
    }
    return out;
  }

  private static void flatten(Map<?, ?> map, String prefix, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(nested, key + ".", out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  /**
   * The leaves of {@code nested} as strings (see {@link #scalar}), {@code null} leaves left out.
   *
   * @param prefix put before every key, also in error messages
   * @throws ConfigException naming the key of a leaf that is not a scalar or a list of scalars
   */
  public static Map<String, String> flattenToStrings(Map<?, ?> nested, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten(nested, prefix)
        .forEach(
            (k, v) -> {
              if (v != null) {
                out.put(k, scalar(v, k));
              }
            });
    return out;
  }

  /**
   * One leaf as the string of a flat key: {@code null} stays {@code null}, a list of scalars is
   * joined with {@code ,}, anything else is {@link String#valueOf(Object)}.
   *
   * @param key the key named in the error
   * @throws ConfigException naming {@code key} for a map or a list holding maps or lists
   */
  public static String scalar(Object value, String key) {
    if (value == null) {
      return null;
    }
    if (value instanceof Collection<?> list) {
      StringBuilder sb = new StringBuilder();
      for (Object item : list) {
        if (item instanceof Map<?, ?> || item instanceof Collection<?>) {
          throw new ConfigException(key, "Malformed value for " + key + ": expected a scalar");
        }
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(item);
      }
      return sb.toString();
    }
    if (value instanceof Map<?, ?>) {
      throw new ConfigException(key, "Malformed value for " + key + ": expected a scalar");
    }
    return String.valueOf(value);
  }
}
