package org.remotestore.flink;

import java.io.IOException;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.WrappingProxy;

/** Glob matching on {@code rs://} paths through the file system Flink hands out. */
public final class RsGlob {
  private RsGlob() {}

  /**
   * {@link RsFileSystem#globStatus(Path)} of the {@code rs://} file system behind {@code fs} (Flink
   * wraps file systems in a safety net and a plugin class-loader wrapper).
   *
   * @param fs a file system from {@code FileSystem.get(URI.create("rs://<store>/"))} or {@code
   *     path.getFileSystem()}
   * @param pattern an {@code rs://<store>/...} path with wildcards
   * @throws IllegalArgumentException when {@code fs} is not an {@code rs://} file system
   */
  public static FileStatus[] globStatus(FileSystem fs, Path pattern) throws IOException {
    Object current = fs;
    while (!(current instanceof RsFileSystem) && current instanceof WrappingProxy<?> proxy) {
      current = proxy.getWrappedDelegate();
    }
    if (current instanceof RsFileSystem rs) {
      return rs.globStatus(pattern);
    }
    throw new IllegalArgumentException("Not an rs:// file system: " + fs.getUri());
  }
}
