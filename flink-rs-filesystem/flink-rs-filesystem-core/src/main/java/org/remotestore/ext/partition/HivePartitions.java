package org.remotestore.ext.partition;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hive-style partition paths such as {@code year=2026/month=03/}, as written and read by Hive and
 * by Flink's filesystem connector.
 *
 * <p>Keys and values are escaped the same way those systems do it: control characters, {@code "},
 * {@code #}, {@code %}, {@code '}, {@code *}, {@code /}, {@code :}, {@code =}, {@code ?}, {@code
 * [}, {@code \}, {@code ]}, {@code ^}, <code>{</code>, <code>}</code> and DEL become {@code %XX}
 * (upper-case hex). A {@code null} or empty value is written as the default partition name ({@link
 * #DEFAULT_PARTITION_NAME} unless another is given) and read back as {@code null}.
 *
 * <pre>{@code
 * LinkedHashMap<String, String> spec = new LinkedHashMap<>();
 * spec.put("year", "2026");
 * spec.put("month", "03");
 * HivePartitions.partitionPath(spec);                          // "year=2026/month=03/"
 * HivePartitions.parsePartition("t/year=2026/month=03/p.csv"); // {year=2026, month=03}
 * }</pre>
 */
public final class HivePartitions {

  /** Hive's name for the partition of {@code null} or empty values. */
  public static final String DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

  private static final BitSet ESCAPED = new BitSet(128);

  static {
    for (char c = 0; c < ' '; c++) {
      ESCAPED.set(c);
    }
    for (char c : "\"#%'*/:=?[\\]^{}\u007F".toCharArray()) {
      ESCAPED.set(c);
    }
  }

  private HivePartitions() {}

  /**
   * The relative folder path of a partition, one {@code key=value/} segment per entry in the map's
   * order, with a trailing slash. Null or empty values use {@link #DEFAULT_PARTITION_NAME}.
   *
   * @throws IllegalArgumentException when the map is empty or a key is null or empty
   */
  public static String partitionPath(LinkedHashMap<String, String> spec) {
    return partitionPath(spec, DEFAULT_PARTITION_NAME);
  }

  /**
   * Like {@link #partitionPath(LinkedHashMap)} with another name for null or empty values (Flink's
   * connector option {@code partition.default-name}).
   */
  public static String partitionPath(LinkedHashMap<String, String> spec, String defaultName) {
    Objects.requireNonNull(spec, "spec");
    requireDefaultName(defaultName);
    if (spec.isEmpty()) {
      throw new IllegalArgumentException("A partition needs at least one key");
    }
    StringBuilder path = new StringBuilder();
    for (Map.Entry<String, String> e : spec.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("Partition key must not be null or empty in " + spec);
      }
      String value = e.getValue();
      path.append(escapePathName(key))
          .append('=')
          .append(value == null || value.isEmpty() ? defaultName : escapePathName(value))
          .append('/');
    }
    return path.toString();
  }

  /**
   * The partition spec found in a path: every segment of the form {@code key=value}, in order,
   * unescaped, with the default partition name read as {@code null}. Other segments (a table
   * folder, a file name) are ignored, so both {@code year=2026/month=03/} and {@code
   * table/year=2026/month=03/part-0.parquet} give {@code {year=2026, month=03}}. A segment with an
   * empty key or value is not a partition segment.
   *
   * @throws IllegalArgumentException when the same key appears twice
   */
  public static LinkedHashMap<String, String> parsePartition(String path) {
    return parsePartition(path, DEFAULT_PARTITION_NAME);
  }

  /** Like {@link #parsePartition(String)} with another default partition name. */
  public static LinkedHashMap<String, String> parsePartition(String path, String defaultName) {
    Objects.requireNonNull(path, "path");
    requireDefaultName(defaultName);
    LinkedHashMap<String, String> spec = new LinkedHashMap<>();
    for (String segment : path.split("/")) {
      // Like Hive and Flink: the value starts after the last '=' that has something after it.
      int eq = segment.length() < 2 ? -1 : segment.lastIndexOf('=', segment.length() - 2);
      if (eq <= 0) {
        continue;
      }
      String key = unescapePathName(segment.substring(0, eq));
      String raw = segment.substring(eq + 1);
      String value = raw.equals(defaultName) ? null : unescapePathName(raw);
      if (spec.containsKey(key)) {
        throw new IllegalArgumentException(
            "Partition key '" + key + "' appears twice in path '" + path + "'");
      }
      spec.put(key, value);
    }
    return spec;
  }

  /** Escapes one key or value: every reserved character becomes {@code %XX}. */
  public static String escapePathName(String name) {
    Objects.requireNonNull(name, "name");
    StringBuilder out = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 128 && ESCAPED.get(c)) {
        if (out == null) {
          out = new StringBuilder(name.length() + 8).append(name, 0, i);
        }
        out.append('%').append(hexDigit(c >> 4)).append(hexDigit(c & 0xF));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? name : out.toString();
  }

  /**
   * Reverses {@link #escapePathName(String)}: each {@code %} followed by two hex digits (either
   * case) becomes that character; any other {@code %} stays as it is.
   */
  public static String unescapePathName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.indexOf('%') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c == '%'
          && i + 2 < name.length()
          && isHex(name.charAt(i + 1))
          && isHex(name.charAt(i + 2))) {
        out.append((char) Integer.parseInt(name.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }

  private static char hexDigit(int v) {
    return "0123456789ABCDEF".charAt(v);
  }

  private static void requireDefaultName(String defaultName) {
    if (defaultName == null || defaultName.isEmpty()) {
      throw new IllegalArgumentException("The default partition name must not be empty");
    }
  }
}
