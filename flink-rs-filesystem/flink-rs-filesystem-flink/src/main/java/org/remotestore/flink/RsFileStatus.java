package org.remotestore.flink;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/** The status of a file or folder of an {@code rs://} path. */
final class RsFileStatus implements FileStatus {
  /** The block size reported to Flink; object stores have none, so it only guides splitting. */
  static final long BLOCK_SIZE = 64L * 1024 * 1024;

  private final Path path;
  private final long length;
  private final boolean directory;
  private final long modificationTime;

  private RsFileStatus(Path path, long length, boolean directory, long modificationTime) {
    this.path = path;
    this.length = length;
    this.directory = directory;
    this.modificationTime = modificationTime;
  }

  static RsFileStatus file(Path path, long length, long modificationTime) {
    return new RsFileStatus(path, length, false, modificationTime);
  }

  static RsFileStatus directory(Path path) {
    return new RsFileStatus(path, 0, true, 0);
  }

  @Override
  public long getLen() {
    return length;
  }

  @Override
  public long getBlockSize() {
    return directory ? 0 : BLOCK_SIZE;
  }

  @Override
  public short getReplication() {
    return 1;
  }

  @Override
  public long getModificationTime() {
    return modificationTime;
  }

  @Override
  public long getAccessTime() {
    return 0;
  }

  @Override
  public boolean isDir() {
    return directory;
  }

  @Override
  public Path getPath() {
    return path;
  }

  @Override
  public String toString() {
    return (directory ? "dir " : "file ") + path + (directory ? "" : " (" + length + " bytes)");
  }
}
