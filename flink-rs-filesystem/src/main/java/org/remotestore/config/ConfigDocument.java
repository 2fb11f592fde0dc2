package org.remotestore.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.remotestore.ConfigException;

/**
 * A configuration document as read by {@link YamlLoader}: the nested map, the name of its source
 * and the line of every key, so that a later error can say where a key was written ({@code job.yaml
 * line 12}).
 *
 * <p>Keys are dotted paths from the top of the document: {@code rs.stores.lake.backend} for {@code
 * rs: {stores: {lake: {backend: disk}}}} and for a top-level {@code rs.stores.lake.backend: disk}
 * alike.
 */
public final class ConfigDocument {
  private final String source;
  private final Map<String, Object> root;
  private final Map<String, Integer> lines;

  /**
   * Creates a document.
   *
   * @param source the file name or another description for messages, {@code null} if unknown
   * @param root the nested map (copied shallowly)
   * @param lines the 1-based line of each dotted key
   */
  public ConfigDocument(String source, Map<String, ?> root, Map<String, Integer> lines) {
    this.source = source;
    this.root = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(root)));
    this.lines = Map.copyOf(Objects.requireNonNull(lines));
  }

  /** A document without source and lines, over a map built in code. */
  public static ConfigDocument of(Map<String, ?> root) {
    return new ConfigDocument(null, root, Map.of());
  }

  /** The source named in messages, or {@code null}. */
  public String source() {
    return source;
  }

  /** The nested map, unmodifiable; empty for an empty document. */
  public Map<String, Object> root() {
    return root;
  }

  /** The leaves under dotted keys, see {@link ConfigFlattener#flatten(Map)}. */
  public Map<String, Object> flatten() {
    return ConfigFlattener.flatten(root);
  }

  /** The 1-based line where {@code key} is written, or {@code -1}. */
  public int line(String key) {
    Integer line = lines.get(key);
    return line == null ? -1 : line;
  }

  /**
   * Where {@code key} (or, when it is not written, its nearest written parent) is: {@code "job.yaml
   * line 12"}, {@code "job.yaml"}, or {@code null} when neither the source nor a line is known.
   */
  public String where(String key) {
    int line = -1;
    for (String k = key; k != null && line < 0; k = parent(k)) {
      line = line(k);
    }
    String name = source == null ? "the configuration" : source;
    if (line < 0) {
      return source;
    }
    return name + " line " + line;
  }

  /**
   * {@code e} with where its key is written added to the message; {@code e} itself when nothing is
   * known. The key is looked up as is, and without {@code prefix} (for documents that may omit a
   * wrapper such as {@code rs.}).
   */
  public ConfigException locate(ConfigException e, String prefix) {
    String key = e.key();
    String where = where(key);
    if ((where == null || where.equals(source)) && prefix != null && key.startsWith(prefix)) {
      String other = where(key.substring(prefix.length()));
      if (other != null) {
        where = other;
      }
    }
    if (where == null || e.getMessage().contains(where)) {
      return e;
    }
    return new ConfigException(key, e.getMessage() + " (" + where + ")", e);
  }

  private static String parent(String key) {
    int dot = key.lastIndexOf('.');
    return dot <= 0 ? null : key.substring(0, dot);
  }
}
