package org.remotestore;

import static org.remotestore.RegistryConfig.PREFIX;
import static org.remotestore.RegistryConfig.TYPE;

import java.io.Reader;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.remotestore.config.ConfigDocument;
import org.remotestore.config.ConfigFlattener;
import org.remotestore.config.EnvSubstitution;
import org.remotestore.config.YamlLoader;

/**
 * Reads the flat-key, nested-map and YAML forms of a {@link RegistryConfig} into its builder, with
 * the shared {@link YamlLoader} and {@link ConfigFlattener}.
 */
final class RegistryConfigReader {

  private RegistryConfigReader() {}

  // ---------------------------------------------------------------- flat keys

  static RegistryConfig fromFlatKeys(Map<String, String> keys, EnvSubstitution variables) {
    RegistryConfig.Builder builder = RegistryConfig.builder().variables(variables);
    for (Map.Entry<String, String> e : new TreeMap<>(keys).entrySet()) {
      applyFlatKey(builder, e.getKey(), e.getValue());
    }
    return builder.build();
  }

  private static void applyFlatKey(RegistryConfig.Builder builder, String key, String value) {
    if (key == null || !key.startsWith(PREFIX)) {
      return;
    }
    String rest = key.substring(PREFIX.length());
    if (rest.startsWith("backends.")) {
      String[] nameAndOption = split(key, rest.substring("backends.".length()), "backends");
      if (value == null) {
        throw new ConfigException(key, "No value for " + key);
      }
      builder.backendOption(nameAndOption[0], nameAndOption[1], value);
    } else if (rest.startsWith("stores.")) {
      String[] nameAndOption = split(key, rest.substring("stores.".length()), "stores");
      if (value == null) {
        throw new ConfigException(key, "No value for " + key);
      }
      builder.storeOption(nameAndOption[0], nameAndOption[1], value);
    } else if (rest.startsWith("backend.") || rest.startsWith("store.")) {
      String section = rest.startsWith("backend.") ? "backends" : "stores";
      throw new ConfigException(
          key, "Malformed key " + key + ": the section is spelled '" + PREFIX + section + "'");
    }
  }

  private static String[] split(String key, String nameAndOption, String section) {
    int dot = nameAndOption.indexOf('.');
    if (dot <= 0 || dot == nameAndOption.length() - 1) {
      String example =
          section.equals("backends")
              ? "rs.backends.<backend>.type or rs.backends.<backend>.<option>"
              : "rs.stores.<store>.backend, rs.stores.<store>.root-path or rs.stores.<store>.<option>";
      throw new ConfigException(key, "Malformed key " + key + ": expected " + example);
    }
    return new String[] {nameAndOption.substring(0, dot), nameAndOption.substring(dot + 1)};
  }

  // ---------------------------------------------------------------- nested maps and YAML

  static RegistryConfig fromMap(Map<String, ?> map, EnvSubstitution variables) {
    Objects.requireNonNull(map, "map");
    RegistryConfig.Builder builder = RegistryConfig.builder().variables(variables);
    Map<String, String> flat = new TreeMap<>();
    Object wrapped = map.get("rs");
    if (wrapped != null || map.containsKey("rs")) {
      if (wrapped != null) {
        readSections(asMap(wrapped, "rs"), builder, flat, false);
      }
      for (Map.Entry<String, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.startsWith(PREFIX)) {
          flat.putAll(flatKeys(key, e.getValue()));
        }
      }
    } else {
      boolean flatDocument =
          map.keySet().stream().anyMatch(k -> String.valueOf(k).startsWith(PREFIX));
      readSections(map, builder, flat, !flatDocument);
    }
    for (Map.Entry<String, String> e : flat.entrySet()) {
      applyFlatKey(builder, e.getKey(), e.getValue());
    }
    return builder.build();
  }

  /** A top-level {@code rs.x: value} or {@code rs.x: {nested: value}} as flat keys. */
  private static Map<String, String> flatKeys(String key, Object value) {
    if (value instanceof Map<?, ?> nested) {
      return ConfigFlattener.flattenToStrings(nested, key + ".");
    }
    Map<String, String> one = new TreeMap<>();
    one.put(key, ConfigFlattener.scalar(value, key));
    return one;
  }

  private static void readSections(
      Map<?, ?> sections,
      RegistryConfig.Builder builder,
      Map<String, String> flat,
      boolean strict) {
    for (Map.Entry<?, ?> e : sections.entrySet()) {
      String section = String.valueOf(e.getKey());
      String key = PREFIX + section;
      switch (section) {
        case "backends" -> readBackends(asMap(e.getValue(), key), builder);
        case "stores" -> readStores(asMap(e.getValue(), key), builder);
        case "backend", "store" ->
            throw new ConfigException(
                key, "Malformed section " + key + ": the section is spelled '" + key + "s'");
        default -> {
          if (section.startsWith(PREFIX)) {
            flat.putAll(flatKeys(section, e.getValue()));
          } else if (strict) {
            throw new ConfigException(
                key,
                "Unknown section '"
                    + section
                    + "' ("
                    + key
                    + "): expected 'backends' and 'stores', optionally inside 'rs'");
          }
        }
      }
    }
  }

  private static void readBackends(Map<?, ?> backends, RegistryConfig.Builder builder) {
    if (backends == null) {
      return;
    }
    for (Map.Entry<?, ?> e : backends.entrySet()) {
      String name = String.valueOf(e.getKey());
      String key = PREFIX + "backends." + name;
      builder.declareBackend(name);
      options(asMap(e.getValue(), key), key)
          .forEach(
              (option, value) -> {
                if (option.equals(TYPE)) {
                  builder.backendType(name, value);
                } else {
                  builder.backendOption(name, option, value);
                }
              });
    }
  }

  /**
   * Stores: nested option maps, such as {@code cache: {enabled: true, ttl: 5m}}, become dotted
   * option names ({@code cache.enabled}, {@code cache.ttl}).
   */
  private static void readStores(Map<?, ?> stores, RegistryConfig.Builder builder) {
    if (stores == null) {
      return;
    }
    for (Map.Entry<?, ?> e : stores.entrySet()) {
      String name = String.valueOf(e.getKey());
      String key = PREFIX + "stores." + name;
      builder.declareStore(name);
      options(asMap(e.getValue(), key), key)
          .forEach((option, value) -> builder.storeKey(name, option, value));
    }
  }

  /** The options of one backend or store, flattened, keyed without {@code key}. */
  private static Map<String, String> options(Map<?, ?> map, String key) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    ConfigFlattener.flattenToStrings(map, key + ".")
        .forEach((k, v) -> out.put(k.substring(key.length() + 1), v));
    return out;
  }

  private static Map<?, ?> asMap(Object value, String key) {
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    throw new ConfigException(key, "Malformed section " + key + ": expected a map");
  }

  static RegistryConfig fromYaml(Reader reader, EnvSubstitution variables) {
    ConfigDocument doc;
    try {
      doc = YamlLoader.load(reader, null);
    } catch (ConfigException e) {
      throw new ConfigException("rs", e.getMessage(), e);
    }
    return fromDocument(doc, variables);
  }

  static RegistryConfig fromDocument(ConfigDocument doc, EnvSubstitution variables) {
    try {
      return fromMap(doc.root(), variables);
    } catch (ConfigException e) {
      throw doc.locate(e, PREFIX);
    }
  }
}
