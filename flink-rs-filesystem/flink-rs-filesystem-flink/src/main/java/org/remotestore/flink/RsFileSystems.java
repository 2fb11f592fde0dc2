package org.remotestore.flink;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
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
 * be called. In a local run started with {@code StreamExecutionEnvironment.getExecutionEnvironment(
 * conf)} (IDE, plain {@code main}) the {@code rs.} keys of {@code conf}, or of {@code
 * $FLINK_CONF_DIR/config.yaml}, are applied when the job is submitted ({@link RsLocalExecution}).
 * Where no executor is looked up (a MiniCluster started by hand, Flink's test MiniCluster
 * extension), or to use {@code rs://} before a job is submitted, call once:
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
    Map<String, String> keys = keysOf(configuration);
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
   * Applies the {@code rs.} keys of a local execution's configuration (see {@link
   * RsLocalExecution}), or, when it has none, those of {@code $FLINK_CONF_DIR/config.yaml}: Flink's
   * file systems are initialised with it, as a cluster would. Nothing happens when neither has an
   * {@code rs.} key or when exactly these keys are in effect already.
   */
  static synchronized void applyToLocalExecution(Configuration configuration) {
    Configuration effective = configuration;
    if (!hasRsKeys(configuration)) {
      Configuration global = globalConfiguration();
      if (global == null || !hasRsKeys(global)) {
        return;
      }
      effective = new Configuration(global);
      effective.addAll(configuration);
    }
    try {
      if (current != null && current.keys().equals(keysOf(effective))) {
        return;
      }
    } catch (ConfigException e) {
      // initialise anyway: the factory keeps the error and reports it on the first rs:// path
    }
    LOG.info("Configuring rs:// from the rs.* keys of the local execution's configuration");
    FileSystem.initialize(effective, null);
  }

  private static boolean hasRsKeys(Configuration configuration) {
    return configuration.keySet().stream()
        .anyMatch(k -> k.startsWith("rs.") && !k.equals(RsConfigFiles.PROPERTY));
  }

  /** {@code $FLINK_CONF_DIR/config.yaml}, or {@code null} without that variable or file. */
  private static Configuration globalConfiguration() {
    String dir = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
    if (dir == null || dir.isBlank()) {
      return null;
    }
    try {
      return GlobalConfiguration.loadConfiguration(dir);
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the Flink configuration in {}: {}", dir, e.toString());
      return null;
    }
  }

  /**
   * The {@code rs.} keys in effect for {@code configuration}: the fallback file's, then its own.
   */
  private static Map<String, String> keysOf(Configuration configuration) {
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
    return keys;
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
