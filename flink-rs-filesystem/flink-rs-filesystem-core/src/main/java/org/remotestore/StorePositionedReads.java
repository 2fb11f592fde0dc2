package org.remotestore;

import java.io.IOException;
import java.io.InputStream;
import org.remotestore.spi.PositionedFile;
import org.remotestore.spi.PositionedReadSupport;

/**
 * A backend's positioned reads seen through one store: the path is relative to the store and
 * checked like every other path (a child store can never read outside its folder), nothing reaches
 * the backend until the first range, which opens the file, and failures name the backend and the
 * path as those of {@link Store#readRange(String, long, long)} do.
 */
final class StorePositionedReads implements PositionedReadSupport {
  private final String backendName;
  private final String storeName;
  private final String root;
  private final PositionedReadSupport backend;

  StorePositionedReads(
      String backendName, String storeName, String root, PositionedReadSupport backend) {
    this.backendName = backendName;
    this.storeName = storeName;
    this.root = root;
    this.backend = backend;
  }

  /**
   * The file at {@code path} (relative to the store), opened at its first range.
   *
   * @throws InvalidPath when {@code path} is not a valid file path of this store
   */
  @Override
  public PositionedFile openPositioned(String path) throws InvalidPath {
    String p = StorePaths.filePath(path, backendName, storeName);
    return new File(p, StorePaths.join(root, p));
  }

  /** One file of the store, opened lazily. */
  private final class File implements PositionedFile {
    private final String path;
    private final String key;
    private PositionedFile open;
    private boolean closed;

    File(String path, String key) {
      this.path = path;
      this.key = key;
    }

    @Override
    public InputStream range(long offset, long length) throws IOException {
      if (offset < 0) {
        throw new IllegalArgumentException("offset < 0: " + offset);
      }
      if (closed) {
        throw new IOException(
            "File '" + path + "' of store '" + storeName + "' is closed for positioned reads");
      }
      if (open == null) {
        open = BackendCalls.call("readRange", backendName, path, () -> backend.openPositioned(key));
      }
      PositionedFile file = open;
      InputStream in =
          BackendCalls.call("readRange", backendName, path, () -> file.range(offset, length));
      return new MappedStreams.Input(in, backendName, path);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (open != null) {
        PositionedFile file = open;
        BackendCalls.call(
            "readRange",
            backendName,
            path,
            () -> {
              file.close();
              return null;
            });
      }
    }
  }
}
