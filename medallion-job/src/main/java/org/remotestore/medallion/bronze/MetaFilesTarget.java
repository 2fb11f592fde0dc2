package org.remotestore.medallion.bronze;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.remotestore.Store;
import org.remotestore.ext.transfer.ExistingPolicy;
import org.remotestore.ext.transfer.Transfer;

/**
 * The lake folder metadata files are copied into, and how.
 *
 * <p>{@link #of(Path)} works on any Flink file system ({@code rs://}, {@code file://}, {@code
 * s3://}, ...) through Flink's {@link FileSystem} API only: the file is written whole to a hidden
 * temporary file next to its target and then renamed into place, so a reader sees the old copy or
 * the new one, never a part. A file system that refuses to rename onto an existing file (HDFS
 * semantics, as {@code rs://} does) gets the new content in one {@code create} in {@link
 * FileSystem.WriteMode#OVERWRITE} mode from the complete temporary file instead; on {@code rs://}
 * that create is itself published atomically when the stream closes. {@link #of(Store, String)}
 * copies into a folder of a store the caller holds, with {@link Transfer}.
 */
public abstract class MetaFilesTarget implements AutoCloseable {

  /** Copies {@code name} from the feed into this folder, replacing an earlier copy. */
  public abstract void copy(Store feed, String name) throws IOException;

  @Override
  public void close() throws Exception {}

  /**
   * A target on any Flink file system path.
   *
   * @param folder the lake folder ({@code rs://lake/bronze/meta}, {@code file:///data/meta})
   */
  public static MetaFilesTarget of(Path folder) {
    return new FlinkFileSystemTarget(Objects.requireNonNull(folder, "folder"));
  }

  /**
   * A target in a folder of a store the caller holds (and closes).
   *
   * @param lake the lake store
   * @param folder the folder inside the store ({@code bronze/meta}; empty for its root)
   */
  public static MetaFilesTarget of(Store lake, String folder) {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(folder, "folder");
    return new StoreTarget(lake, folder, lake + "/" + folder, null);
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
      if (fs.rename(temp, target)) {
        return; // a replacing rename (local disk, POSIX): atomic
      }
      if (!fs.exists(temp) || !fs.exists(target)) {
        throw new IOException("Renaming " + temp + " to " + target + " failed");
      }
      // The file system does not rename onto an existing file: overwrite it in one create.
      try (InputStream in = fs.open(temp);
          OutputStream out = fs.create(target, FileSystem.WriteMode.OVERWRITE)) {
        in.transferTo(out);
      }
      fs.delete(temp, false);
    }

    @Override
    public String toString() {
      return folder.toString();
    }
  }
}
