package org.remotestore;

import java.io.IOException;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;

/**
 * A backend's {@link ResumableWrites} in the paths of one store: each path is checked and mapped
 * under the store's root, and a state handed back (to resume, commit, clean up or abort) must
 * publish to exactly the key of the path it is given with, so a state from a checkpoint can never
 * write outside the store, nor to another path of it.
 */
final class StoreRecoverableUploads implements RecoverableUploads {
  private final Backend backend;
  private final String storeName;
  private final String root;
  private final ResumableWrites writes;

  StoreRecoverableUploads(Backend backend, String storeName, String root, ResumableWrites writes) {
    this.backend = backend;
    this.storeName = storeName;
    this.root = root;
    this.writes = writes;
  }

  @Override
  public Upload create(String path) throws IOException {
    String key = key(path);
    return call("create", path, () -> new BackendUpload(writes.begin(key), path));
  }

  @Override
  public Upload recover(String path, byte[] resumeState) throws IOException {
    checkState(path, resumeState);
    return call("recover", path, () -> new BackendUpload(writes.resume(resumeState), path));
  }

  @Override
  public void commit(String path, byte[] commitState) throws IOException {
    checkState(path, commitState);
    call(
        "commit",
        path,
        () -> {
          writes.commit(commitState);
          return null;
        });
  }

  @Override
  public boolean cleanup(String path, byte[] resumeState) throws IOException {
    checkState(path, resumeState);
    return call("cleanup", path, () -> writes.cleanup(resumeState));
  }

  @Override
  public boolean requiresCleanup() {
    return writes.requiresCleanup();
  }

  @Override
  public void abort(String path, byte[] commitState) throws IOException {
    checkState(path, commitState);
    call(
        "abort",
        path,
        () -> {
          writes.abort(commitState);
          return null;
        });
  }

  private String key(String path) throws InvalidPath {
    return StorePaths.join(root, StorePaths.filePath(path, backend.name(), storeName));
  }

  /** Fails unless the state publishes to the key of {@code path} in this store. */
  private void checkState(String path, byte[] state) throws IOException {
    String expected = key(path);
    String actual = call("recover", path, () -> writes.targetKey(state));
    if (!expected.equals(actual)) {
      throw new InvalidPath(
          "Upload state for a different file given for '"
              + path
              + "' in store '"
              + storeName
              + "': a state is accepted only for the path it was made for",
          backend.name(),
          path);
    }
  }

  private <T> T call(String operation, String path, BackendCalls.Call<T> body) throws IOException {
    return BackendCalls.call(operation, backend.name(), path, body);
  }

  /** A backend's pending upload, with failures mapped to errors naming backend and path. */
  private final class BackendUpload implements Upload {
    private final ResumableWrites.PendingUpload upload;
    private final String path;

    BackendUpload(ResumableWrites.PendingUpload upload, String path) {
      this.upload = upload;
      this.path = path;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      call(
          "write",
          path,
          () -> {
            upload.write(buffer, offset, length);
            return null;
          });
    }

    @Override
    public void flush() throws IOException {
      call(
          "flush",
          path,
          () -> {
            upload.flush();
            return null;
          });
    }

    @Override
    public long position() {
      return upload.position();
    }

    @Override
    public byte[] persist() throws IOException {
      return call("persist", path, upload::persist);
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      return call("closeForCommit", path, upload::closeForCommit);
    }

    @Override
    public void close() throws IOException {
      call(
          "close",
          path,
          () -> {
            upload.close();
            return null;
          });
    }
  }
}
