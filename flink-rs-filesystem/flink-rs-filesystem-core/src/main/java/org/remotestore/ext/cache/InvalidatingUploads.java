package org.remotestore.ext.cache;

import java.io.IOException;
import java.util.function.Consumer;
import org.remotestore.RecoverableUploads;

/** Recoverable uploads that drop a cache's answers about a file once it is committed or aborted. */
final class InvalidatingUploads implements RecoverableUploads {
  private final RecoverableUploads uploads;
  private final Consumer<String> invalidate;

  InvalidatingUploads(RecoverableUploads uploads, Consumer<String> invalidate) {
    this.uploads = uploads;
    this.invalidate = invalidate;
  }

  @Override
  public Upload create(String path) throws IOException {
    return uploads.create(path);
  }

  @Override
  public Upload recover(String path, byte[] resumeState) throws IOException {
    return uploads.recover(path, resumeState);
  }

  @Override
  public void commit(String path, byte[] commitState) throws IOException {
    try {
      uploads.commit(path, commitState);
    } finally {
      invalidate.accept(path);
    }
  }

  @Override
  public boolean cleanup(String path, byte[] resumeState) throws IOException {
    return uploads.cleanup(path, resumeState);
  }

  @Override
  public boolean requiresCleanup() {
    return uploads.requiresCleanup();
  }

  @Override
  public void abort(String path, byte[] commitState) throws IOException {
    uploads.abort(path, commitState);
  }
}
