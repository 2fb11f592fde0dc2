package org.remotestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.PluginFileSystemFactory;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.PluginDescriptor;
import org.apache.flink.core.plugin.PluginManager;

/**
 * File systems loaded the way a Flink cluster loads them: each from its own folder below {@code
 * plugins/}, in its own plugin class loader, through Flink's {@link PluginManager}. Several S3
 * plugins claim the same scheme ({@code s3}), so each gets a plugin manager of its own and the file
 * system is created from its factory directly instead of through the global scheme table.
 */
final class PluginFileSystems {
  private PluginFileSystems() {}

  /** A plugin manager that sees only the plugin in {@code folder} (its jars). */
  static PluginManager managerFor(Path folder, Configuration conf) {
    return managerFor(List.of(folder), conf);
  }

  /** A plugin manager over the plugins in {@code folders}, one plugin per folder. */
  static PluginManager managerFor(List<Path> folders, Configuration conf) {
    List<PluginDescriptor> plugins = new ArrayList<>();
    for (Path folder : folders) {
      List<URL> jars = new ArrayList<>();
      try (Stream<Path> files = Files.list(folder)) {
        for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
          jars.add(jar.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list plugin folder " + folder, e);
      }
      if (jars.isEmpty()) {
        throw new IllegalStateException("no plugin jar in " + folder);
      }
      plugins.add(
          new PluginDescriptor(
              folder.getFileName().toString(), jars.toArray(URL[]::new), new String[0]));
    }
    return new DefaultPluginManager(plugins, CoreOptions.getPluginParentFirstLoaderPatterns(conf));
  }

  /**
   * The file system for {@code uri} from the plugin in {@code folder}, configured with {@code
   * conf}; calls into it run with the plugin's class loader as context class loader, as in Flink.
   */
  static FileSystem load(Path folder, Configuration conf, URI uri) throws IOException {
    PluginManager manager = managerFor(folder, conf);
    Iterator<FileSystemFactory> factories = manager.load(FileSystemFactory.class);
    List<String> schemes = new ArrayList<>();
    while (factories.hasNext()) {
      FileSystemFactory factory = factories.next();
      schemes.add(factory.getScheme());
      if (factory.getScheme().equals(uri.getScheme())) {
        PluginFileSystemFactory wrapped = PluginFileSystemFactory.of(factory);
        wrapped.configure(conf);
        return wrapped.create(uri);
      }
    }
    throw new IllegalStateException(
        "plugin " + folder + " has no file system for scheme " + uri.getScheme() + ": " + schemes);
  }
}
