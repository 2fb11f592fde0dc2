package org.remotestore.flink;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableWriter;

/**
 * The file system of {@code rs://<store>/} handed out while no {@code rs.} key is configured at
 * all: every call looks the store up in the configuration in effect at that moment. In a local run
 * the job graph is built (and a FileSink asks for its serializers) before {@link RsLocalExecution}
 * applies the job's {@code rs.} keys; this file system lets that happen, and fails on the first
 * real operation, naming the store and the keys to set, if the keys never come.
 */
final class RsDeferredFileSystem extends FileSystem {
  private final String store;
  private final URI uri;
  private final Path root;

  RsDeferredFileSystem(String store) {
    this.store = store;
    this.uri = RsPaths.rootUri(store);
    this.root = new Path(uri);
  }

  private FileSystem target() throws IOException {
    return RsFileSystems.current().fileSystem(store);
  }

  @Override
  public Path getWorkingDirectory() {
    return root;
  }

  @Override
  public Path getHomeDirectory() {
    return root;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public boolean isDistributedFS() {
    return true;
  }

  @Override
  public FileStatus getFileStatus(Path path) throws IOException {
    return target().getFileStatus(path);
  }

  @Override
  public boolean exists(Path path) throws IOException {
    return target().exists(path);
  }

  @Override
  public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len)
      throws IOException {
    return target().getFileBlockLocations(file, start, len);
  }

  @Override
  public FSDataInputStream open(Path path, int bufferSize) throws IOException {
    return target().open(path, bufferSize);
  }

  @Override
  public FSDataInputStream open(Path path) throws IOException {
    return target().open(path);
  }

  @Override
  public FileStatus[] listStatus(Path path) throws IOException {
    return target().listStatus(path);
  }

  @Override
  public boolean delete(Path path, boolean recursive) throws IOException {
    return target().delete(path, recursive);
  }

  @Override
  public boolean mkdirs(Path path) throws IOException {
    return target().mkdirs(path);
  }

  @Override
  public FSDataOutputStream create(Path path, WriteMode overwrite) throws IOException {
    return target().create(path, overwrite);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    return target().rename(src, dst);
  }

  /**
   * A writer that resolves its stores when it first writes, in the configuration then in effect.
   */
  @Override
  public RecoverableWriter createRecoverableWriter() {
    return new RsRecoverableWriter(store, name -> RsFileSystems.current().resolve(name));
  }

  @Override
  public RecoverableWriter createRecoverableWriter(Map<String, String> conf) {
    return createRecoverableWriter();
  }

  @Override
  public String toString() {
    return "RsDeferredFileSystem{" + uri + "}";
  }
}
