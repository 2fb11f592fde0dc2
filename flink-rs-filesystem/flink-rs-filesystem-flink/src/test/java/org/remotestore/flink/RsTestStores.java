package org.remotestore.flink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.util.WrappingProxy;

/**
 * Configurations of {@code rs://} stores for tests, and access to their file systems. Other modules
 * (S3, Azure) build their own {@link Configuration} with the same {@code rs.} keys.
 */
public final class RsTestStores {
  private RsTestStores() {}

  /** A configuration with store {@code store} on a fresh, uniquely named memory backend. */
  public static Configuration memory(String store) {
    Configuration conf = new Configuration();
    String backend = store + "-mem";
    conf.setString("rs.backends." + backend + ".type", "memory");
    conf.setString("rs.backends." + backend + ".instance", "test-" + UUID.randomUUID());
    conf.setString("rs.stores." + store + ".backend", backend);
    return conf;
  }

  /** A configuration with store {@code store} on a local backend rooted in a new temp folder. */
  public static Configuration local(String store) {
    try {
      return local(store, Files.createTempDirectory("rs-" + store + "-"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A configuration with store {@code store} on a local backend rooted at {@code root}. */
  public static Configuration local(String store, Path root) {
    Configuration conf = new Configuration();
    String backend = store + "-disk";
    conf.setString("rs.backends." + backend + ".type", "local");
    conf.setString("rs.backends." + backend + ".root", root.toString());
    conf.setString("rs.stores." + store + ".backend", backend);
    return conf;
  }

  /** Flink's file system for {@code rs://<store>/}, after initialising Flink with {@code conf}. */
  public static FileSystem fileSystem(Configuration conf, String store) throws IOException {
    RsFileSystems.initialize(conf);
    return FileSystem.get(URI.create("rs://" + store + "/"));
  }

  /** The {@link RsFileSystem} behind Flink's wrappers (safety net, plugin class loader). */
  public static RsFileSystem unwrap(FileSystem fs) {
    Object current = fs;
    while (current instanceof WrappingProxy<?> proxy && !(current instanceof RsFileSystem)) {
      current = proxy.getWrappedDelegate();
    }
    if (current instanceof RsFileSystem rs) {
      return rs;
    }
    throw new IllegalStateException("Not an rs:// file system: " + fs);
  }
}
