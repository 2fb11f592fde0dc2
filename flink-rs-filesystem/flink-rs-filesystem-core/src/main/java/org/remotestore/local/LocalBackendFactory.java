package org.remotestore.local;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@link LocalBackend}s: type {@code local}; option {@code root} (required, the folder that
 * holds the files, created when missing) and {@code fsync} (default {@code true}: force written
 * files to disk before publishing them).
 */
public final class LocalBackendFactory implements BackendFactory {

  /** The required option naming the root folder. */
  public static final String ROOT = "root";

  /** The option controlling whether files are synced to disk before they are published. */
  public static final String FSYNC = "fsync";

  @Override
  public String type() {
    return LocalBackend.TYPE;
  }

  @Override
  public Set<String> options() {
    return Set.of(ROOT, FSYNC);
  }

  @Override
  public void validate(BackendConfig config) {
    rootPath(config);
    config.getBoolean(FSYNC, true);
  }

  private static Path rootPath(BackendConfig config) {
    String root = config.require(ROOT);
    try {
      return Path.of(root);
    } catch (InvalidPathException e) {
      throw new ConfigException(
          config.key(ROOT), "Malformed " + config.key(ROOT) + ": not a file-system path");
    }
  }

  @Override
  public Backend create(BackendConfig config) {
    Path path = rootPath(config);
    boolean fsync = config.getBoolean(FSYNC, true);
    String root = config.get(ROOT);
    try {
      return new LocalBackend(config.name(), path.toAbsolutePath(), fsync);
    } catch (IOException e) {
      throw new ConfigException(
          config.key(ROOT),
          "Cannot use "
              + config.key(ROOT)
              + " = '"
              + root
              + "' as root folder: "
              + e.getClass().getSimpleName());
    }
  }
}
