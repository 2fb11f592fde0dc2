package org.remotestore.flink;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.remotestore.ConfigException;
import org.remotestore.config.ConfigDocument;
import org.remotestore.config.EnvSubstitution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration entry points of the {@code rs://} file system.
 *
 * <p>On a cluster Flink hands {@code config.yaml} to the file system factory, and nothing needs to
 * be called. In a local run (MiniCluster, IDE, tests) Flink initialises file systems with an empty
 * configuration, so call once, before the job touches an {@code rs://} path:
 *
 * <pre>{@code
 * Configuration conf = new Configuration();
 * conf.setString("rs.backends.disk.type", "local");
 * conf.setString("rs.backends.disk.root", "/tmp/lake");
 * conf.setString("rs.stores.lake.backend", "disk");
 * RsFileSystems.initialize(conf);
 * }</pre>
 *
 * <p>As a fallback, the {@code rs.} keys of the YAML file named by the system property {@code
 * rs.config.file} or the environment variable {@code RS_CONFIG_FILE} are read too; keys in Flink's
 * configuration win over the file's.
 *
 * <p>Values may hold {@code ${NAME}} or {@code ${NAME:-default}}, resolved from the environment and
 * then the Java system properties ({@link EnvSubstitution}); an unset variable without default is a
 * configuration error naming the key and the variable.
 */
public final class RsFileSystems {
  private static final Logger LOG = LoggerFactory.getLogger(RsFileSystems.class);

  private static RsRuntime current;

  private RsFileSystems() {}

  /**
   * Initialises Flink's file systems with {@code configuration} (which resets Flink's file system
   * cache), so that {@code rs://} paths use its {@code rs.} keys. Call it once in local runs.
   */
  public static void initialize(Configuration configuration) {
    FileSystem.initialize(configuration, null);
  }

  /** Applies the {@code rs.} keys of a Flink configuration (called by the factory). */
  static synchronized RsRuntime configure(Configuration configuration) {
    Map<String, String> keys = new HashMap<>();
    Path file = RsConfigFiles.configuredFile();
    ConfigDocument fileDocument = null;
    if (file != null) {
      fileDocument = RsConfigFiles.load(file);
      keys.putAll(RsConfigFiles.keys(fileDocument));
    }
    Map<String, String> fromFile = Map.copyOf(keys);
    configuration
        .toMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith("rs.") && !k.equals(RsConfigFiles.PROPERTY)) {
                keys.put(k, v);
              }
            });
    try {
      resolveVariables(keys);
    } catch (ConfigException e) {
      // name the file's line when the value came from the file
      if (fileDocument != null && Objects.equals(fromFile.get(e.key()), keys.get(e.key()))) {
        throw fileDocument.locate(e, null);
      }
      throw e;
    }
    if (current != null && current.keys().equals(keys)) {
      return current;
    }
    RsRuntime previous = current;
    current = new RsRuntime(keys);
    if (previous != null) {
      try {
        previous.close();
      } catch (Exception e) {
        LOG.warn("Closing the previous rs:// registry failed", e);
      }
    }
    return current;
  }

  /**
   * Resolves {@code ${NAME}} references in every value, once and here, so that an unset variable
   * fails at configuration time naming its key; the runtime then takes the values literally.
   */
  private static void resolveVariables(Map<String, String> keys) {
    EnvSubstitution variables = EnvSubstitution.system();
    keys.replaceAll(variables::resolve);
  }

  /** The current configuration; built from the fallback file alone when none was applied. */
  static synchronized RsRuntime current() {
    if (current == null) {
      configure(new Configuration());
    }
    return current;
  }
}
