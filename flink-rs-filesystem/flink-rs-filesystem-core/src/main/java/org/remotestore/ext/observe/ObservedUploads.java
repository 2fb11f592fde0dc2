package org.remotestore.ext.observe;

import java.io.IOException;
import org.remotestore.RecoverableUploads;

/**
 * The recoverable uploads of an {@link ObservedStore}, reported like every other operation: {@code
 * create} (a new upload), {@code recover} (an upload resumed from a checkpoint), {@code persist},
 * {@code commit}, {@code cleanup} and {@code abort}; and {@code write}, which lasts from the
 * upload's start until it is closed for commit (or abandoned) and carries the bytes written.
 */
final class ObservedUploads implements RecoverableUploads {
  private final ObservedStore store;
  private final RecoverableUploads uploads;

  ObservedUploads(ObservedStore store, RecoverableUploads uploads) {
    this.store = store;
    this.uploads = uploads;
  }

  @Override
  public Upload create(String path) throws IOException {
    Upload upload = store.simple("create", path, null, () -> uploads.create(path));
    return new ObservedUpload(upload, path);
  }

  @Override
  public Upload recover(String path, byte[] resumeState) throws IOException {
    Upload upload = store.simple("recover", path, null, () -> uploads.recover(path, resumeState));
    return new ObservedUpload(upload, path);
  }

  @Override
  public void commit(String path, byte[] commitState) throws IOException {
    store.simple(
        "commit",
        path,
        null,
        () -> {
          uploads.commit(path, commitState);
          return null;
        });
  }

  @Override
  public boolean cleanup(String path, byte[] resumeState) throws IOException {
    return store.simple("cleanup", path, null, () -> uploads.cleanup(path, resumeState));
  }

  @Override
  public boolean requiresCleanup() {
    return uploads.requiresCleanup();
  }

  @Override
  public void abort(String path, byte[] commitState) throws IOException {
    store.simple(
        "abort",
        path,
        null,
        () -> {
          uploads.abort(path, commitState);
          return null;
        });
  }

  /** An upload whose {@code write} operation ends when it is closed for commit or abandoned. */
  private final class ObservedUpload implements Upload {
    private final Upload upload;
    private final String path;
    private final Invocation write;
    private final long startPosition;

    ObservedUpload(Upload upload, String path) {
      this.upload = upload;
      this.path = path;
      this.startPosition = upload.position();
      this.write = store.start("write", path, null);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      try {
        upload.write(buffer, offset, length);
      } catch (IOException | RuntimeException | Error e) {
        write.failed(e, -1, written());
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      upload.flush();
    }

    @Override
    public long position() {
      return upload.position();
    }

    @Override
    public byte[] persist() throws IOException {
      return store.simple("persist", path, null, upload::persist);
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      try {
        byte[] state = upload.closeForCommit();
        write.succeeded(-1, written());
        return state;
      } catch (IOException | RuntimeException | Error e) {
        write.failed(e, -1, written());
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        upload.close();
      } finally {
        write.succeeded(-1, written());
      }
    }

    private long written() {
      return Math.max(0, upload.position() - startPosition);
    }
  }
}
