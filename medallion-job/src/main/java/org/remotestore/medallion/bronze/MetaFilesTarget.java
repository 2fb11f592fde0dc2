package org.remotestore.medallion.bronze;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.transfer.ExistingPolicy;
import org.remotestore.ext.transfer.Transfer;
import org.remotestore.flink.RsFileSystem;

/**
 * The lake folder metadata files are copied into, and how.
 *
 * <p>For an {@code rs://} folder the copy goes through the store with {@link Transfer} (streamed,
 * published atomically, overwriting). The store comes from Flink's {@code rs://} file system when
 * the job shares its class loader (MiniCluster, demo), else from a registry built from the job's
 * {@code rs.} keys. Any other folder (or an {@code rs://} folder whose keys only the cluster knows,
 * as with the plugin) is written through Flink's {@link FileSystem}: a hidden temporary file
 * renamed into place.
 */
public abstract class MetaFilesTarget implements AutoCloseable {

  /** Copies {@code name} from the feed into this folder, replacing an earlier copy. */
  public abstract void copy(Store feed, String name) throws IOException;

  @Override
  public void close() throws Exception {}

  /**
   * Opens the target for {@code folder}.
   *
   * @param folder the lake folder ({@code rs://lake/bronze/meta})
   * @param rsKeys the job's {@code rs.} keys (may be empty)
   */
  public static MetaFilesTarget open(Path folder, Map<String, String> rsKeys) throws IOException {
    if ("rs".equals(folder.toUri().getScheme())) {
      String inStore = stripSlashes(folder.toUri().getPath());
      FileSystem fs = folder.getFileSystem();
      if (fs instanceof RsFileSystem rs) {
        return new StoreTarget(rs.store(), inStore, folder.toString(), null);
      }
      if (!rsKeys.isEmpty()) {
        Registry registry = Registry.create(RegistryConfig.fromFlatKeys(rsKeys));
        return new StoreTarget(
            registry.store(folder.toUri().getAuthority()), inStore, folder.toString(), registry);
      }
    }
    return new FlinkFileSystemTarget(folder);
  }

  private static String stripSlashes(String path) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** Copies with the transfer extension into a store folder. */
  static final class StoreTarget extends MetaFilesTarget {
    private static final Transfer TRANSFER =
        Transfer.builder().existing(ExistingPolicy.OVERWRITE).build();
    private final Store lake;
    private final String folder;
    private final String description;
    private final AutoCloseable resources;

    StoreTarget(Store lake, String folder, String description, AutoCloseable resources) {
      this.lake = lake;
      this.folder = folder;
      this.description = description;
      this.resources = resources;
    }

    @Override
    public void copy(Store feed, String name) throws IOException {
      TRANSFER.copyFile(feed, name, lake, folder.isEmpty() ? name : folder + "/" + name);
    }

    @Override
    public void close() throws Exception {
      if (resources != null) {
        resources.close();
      }
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** Copies through Flink's file system: a hidden temporary file, renamed into place. */
  static final class FlinkFileSystemTarget extends MetaFilesTarget {
    private final Path folder;

    FlinkFileSystemTarget(Path folder) {
      this.folder = folder;
    }

    @Override
    public void copy(Store feed, String name) throws IOException {
      FileSystem fs = folder.getFileSystem();
      Path target = new Path(folder, name);
      Path temp = new Path(folder, "." + name + ".copying");
      try (InputStream in = feed.read(name);
          OutputStream out = fs.create(temp, FileSystem.WriteMode.OVERWRITE)) {
        in.transferTo(out);
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("Renaming " + temp + " to " + target + " failed");
      }
    }

    @Override
    public String toString() {
      return folder.toString();
    }
  }
}
