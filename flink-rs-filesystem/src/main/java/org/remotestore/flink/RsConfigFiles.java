package org.remotestore.flink;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.remotestore.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the fallback configuration file of the {@code rs://} file system: a YAML document, nested
 * ({@code rs: {stores: {lake: {backend: disk}}}}) or flat ({@code rs.stores.lake.backend: disk}),
 * whose {@code rs.} keys are used.
 */
final class RsConfigFiles {
  /** The environment variable naming the fallback configuration file. */
  static final String ENV = "RS_CONFIG_FILE";

  /** The system property naming the fallback configuration file; wins over the variable. */
  static final String PROPERTY = "rs.config.file";

  private RsConfigFiles() {}

  /** The file named by the system property or the environment variable, or {@code null}. */
  static Path configuredFile() {
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isBlank()) {
      name = System.getenv(ENV);
    }
    return name == null || name.isBlank() ? null : Path.of(name.trim());
  }

  /** The {@code rs.} keys of the file, flattened to dotted keys. */
  static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          PROPERTY,
          "The rs:// configuration file "
              + file
              + " (named by system property "
              + PROPERTY
              + " or environment variable "
              + ENV
              + ") does not exist");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      Map<String, String> flat = new TreeMap<>();
      if (doc instanceof Map<?, ?> map) {
        flatten("", map, flat);
      } else if (doc != null) {
        throw new ConfigException(
            PROPERTY, "The rs:// configuration file " + file + " is not a map");
      }
      flat.keySet().removeIf(k -> !k.startsWith("rs.") || k.equals(PROPERTY));
      return flat;
    } catch (IOException | YAMLException e) {
      throw new ConfigException(
          PROPERTY, "Cannot read the rs:// configuration file " + file + ": " + e.getMessage());
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out);
      } else if (e.getValue() != null) {
        out.put(key, String.valueOf(e.getValue()));
      }
    }
  }
}
