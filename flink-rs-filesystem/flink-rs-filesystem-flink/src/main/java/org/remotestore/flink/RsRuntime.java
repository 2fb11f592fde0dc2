package org.remotestore.flink;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.fs.FileSystem;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.config.EnvSubstitution;

/**
 * One configuration of the {@code rs://} file system and the {@link Registry} built from it
 * (lazily, on the first path that needs it). Replaced, and closed, when the configuration changes.
 */
final class RsRuntime implements RsStoreAccess.Resolver, AutoCloseable {
  /** The store option naming the entropy marker in checkpoint paths. */
  static final String ENTROPY_KEY = "entropy-key";

  /** The store option giving the number of random characters replacing the marker. */
  static final String ENTROPY_LENGTH = "entropy-length";

  /** The store option giving the size of byte ranges read by {@code open}. */
  static final String READ_RANGE = "read-range";

  private static final int DEFAULT_ENTROPY_LENGTH = 4;

  private final Map<String, String> keys;
  private Registry registry;
  private boolean closed;

  RsRuntime(Map<String, String> keys) {
    this.keys = Map.copyOf(keys);
  }

  Map<String, String> keys() {
    return keys;
  }

  /** The file system of one store. */
  synchronized FileSystem fileSystem(String storeName) throws IOException {
    RsStoreAccess access = resolve(storeName);
    long readRange = storeBytes(storeName, READ_RANGE, RsFileSystem.DEFAULT_READ_RANGE_BYTES);
    String entropyKey = storeOption(storeName, ENTROPY_KEY);
    if (entropyKey == null) {
      return new RsFileSystem(access, this, readRange);
    }
    String lengthKey = storeKey(storeName, ENTROPY_LENGTH);
    int length = DEFAULT_ENTROPY_LENGTH;
    String lengthText = keys.get(lengthKey);
    if (lengthText != null && !lengthText.isBlank()) {
      try {
        length = Integer.parseInt(lengthText.trim());
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 1 || length > 64) {
        throw new IOException(
            "Malformed value '" + lengthText + "' for " + lengthKey + ": expected 1 to 64");
      }
    }
    return new RsEntropyFileSystem(access, this, readRange, entropyKey, length);
  }

  @Override
  public synchronized RsStoreAccess resolve(String storeName) throws IOException {
    Registry r = registry();
    Set<String> names = new TreeSet<>(r.storeNames());
    if (!names.contains(storeName)) {
      throw new IOException(
          "Unknown store '"
              + storeName
              + "' in rs://"
              + storeName
              + "/: configured stores are "
              + names
              + ". Define it with rs.stores."
              + storeName
              + ".backend (and rs.backends.<backend>.type) in the Flink configuration, or in"
              + " the file named by "
              + RsConfigFiles.PROPERTY
              + " / "
              + RsConfigFiles.ENV
              + "; in a local run call RsFileSystems.initialize(configuration) first.");
    }
    try {
      return new RsStoreAccess(storeName, r.store(storeName));
    } catch (ConfigException e) {
      throw new IOException("Cannot open store '" + storeName + "': " + e.getMessage(), e);
    }
  }

  private Registry registry() throws IOException {
    if (closed) {
      throw new IOException(
          "This rs:// configuration was replaced; get the file system again with"
              + " FileSystem.get(uri)");
    }
    if (registry == null) {
      try {
        // The keys were resolved by RsFileSystems: take them literally.
        registry = Registry.create(RegistryConfig.fromFlatKeys(keys, EnvSubstitution.none()));
      } catch (ConfigException e) {
        throw new IOException("Invalid rs:// configuration: " + e.getMessage(), e);
      }
    }
    return registry;
  }

  private String storeKey(String store, String option) {
    return "rs.stores." + store + "." + option;
  }

  private String storeOption(String store, String option) {
    String v = keys.get(storeKey(store, option));
    return v == null || v.isBlank() ? null : v.trim();
  }

  private long storeBytes(String store, String option, long fallback) throws IOException {
    String key = storeKey(store, option);
    String v = keys.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long bytes = new BackendConfig(store, "store", Map.of(option, v)).getBytes(option, fallback);
      if (bytes < 1) {
        throw new IOException("Malformed value '" + v + "' for " + key + ": must be positive");
      }
      return bytes;
    } catch (ConfigException e) {
      throw new IOException(
          "Malformed value '" + v + "' for " + key + ": expected a size such as 8mb", e);
    }
  }

  @Override
  public synchronized void close() throws Exception {
    closed = true;
    if (registry != null) {
      Registry r = registry;
      registry = null;
      r.close();
    }
  }
}
