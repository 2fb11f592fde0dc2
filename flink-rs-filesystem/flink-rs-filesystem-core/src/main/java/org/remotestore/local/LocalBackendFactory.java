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
 * holds the files, created when missing), {@code fsync} (default {@code true}: force written files
 * to disk before publishing them) and {@code atomic-create} (default {@code true}: a file appears
 * complete or not at all; {@code false}: written in place, as {@code file://} does).
 */
public final class LocalBackendFactory implements BackendFactory {

  /** The required option naming the root folder. */
  public static final String ROOT = "root";

  /** The option controlling whether files are synced to disk before they are published. */
  public static final String FSYNC = "fsync";

  /**
   * The option choosing between atomic creates (default {@code true}: written to a hidden temporary
   * file, published on close) and writes in place ({@code false}: {@code file://} semantics).
   */
  public static final String ATOMIC_CREATE = "atomic-create";

  @Override
  public String type() {
    return LocalBackend.TYPE;
  }

  @Override
  public Set<String> options() {
    return Set.of(ROOT, FSYNC, ATOMIC_CREATE);
  }

  @Override
  public void validate(BackendConfig config) {
    rootPath(config);
    config.getBoolean(FSYNC, true);
    config.getBoolean(ATOMIC_CREATE, true);
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
    boolean atomicCreate = config.getBoolean(ATOMIC_CREATE, true);
    String root = config.get(ROOT);
    try {
      return new LocalBackend(config.name(), path.toAbsolutePath(), fsync, atomicCreate);
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
