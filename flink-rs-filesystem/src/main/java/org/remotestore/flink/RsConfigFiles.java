package org.remotestore.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.remotestore.ConfigException;
import org.remotestore.config.ConfigDocument;
import org.remotestore.config.ConfigFlattener;
import org.remotestore.config.YamlLoader;

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
    return keys(load(file));
  }

  /**
   * The file, read with the shared {@link YamlLoader} (so that errors can name its lines).
   *
   * @throws ConfigException naming {@link #PROPERTY} when the file is missing, unreadable or not a
   *     YAML map
   */
  static ConfigDocument load(Path file) {
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
    try {
      return YamlLoader.load(file);
    } catch (ConfigException e) {
      throw new ConfigException(
          PROPERTY, "Cannot read the rs:// configuration file: " + e.getMessage(), e);
    }
  }

  /** The {@code rs.} keys of a document, nested or flat, as flat dotted keys. */
  static Map<String, String> keys(ConfigDocument document) {
    Map<String, String> flat = new TreeMap<>();
    try {
      document
          .flatten()
          .forEach(
              (k, v) -> {
                if (k.startsWith("rs.") && !k.equals(PROPERTY) && v != null) {
                  flat.put(k, ConfigFlattener.scalar(v, k));
                }
              });
    } catch (ConfigException e) {
      throw document.locate(e, null);
    }
    return flat;
  }
}
