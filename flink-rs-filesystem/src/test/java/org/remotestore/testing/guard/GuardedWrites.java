package org.remotestore.testing.guard;

import java.io.IOException;
import org.remotestore.spi.ResumableWrites;

/** A backend's resumable writes, each call checked by {@link GuardedBackend#check(String)}. */
final class GuardedWrites implements ResumableWrites {
  private final ResumableWrites delegate;

  GuardedWrites(ResumableWrites delegate) {
    this.delegate = delegate;
  }

  @Override
  public PendingUpload begin(String key) throws IOException {
    GuardedBackend.check("begin " + key);
    return new GuardedUpload(delegate.begin(key));
  }

  @Override
  public PendingUpload resume(byte[] resumeState) throws IOException {
    GuardedBackend.check("resume");
    return new GuardedUpload(delegate.resume(resumeState));
  }

  @Override
  public void commit(byte[] commitState) throws IOException {
    GuardedBackend.check("commit");
    delegate.commit(commitState);
  }

  @Override
  public boolean cleanup(byte[] resumeState) throws IOException {
    GuardedBackend.check("cleanup");
    return delegate.cleanup(resumeState);
  }

  @Override
  public boolean requiresCleanup() {
    return delegate.requiresCleanup();
  }

  @Override
  public String targetKey(byte[] state) throws IOException {
    GuardedBackend.check("targetKey");
    return delegate.targetKey(state);
  }

  @Override
  public void abort(byte[] commitState) throws IOException {
    GuardedBackend.check("abort");
    delegate.abort(commitState);
  }

  private static final class GuardedUpload implements PendingUpload {
    private final PendingUpload upload;

    GuardedUpload(PendingUpload upload) {
      this.upload = upload;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      GuardedBackend.check("upload.write");
      upload.write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
      GuardedBackend.check("upload.flush");
      upload.flush();
    }

    @Override
    public long position() {
      return upload.position();
    }

    @Override
    public byte[] persist() throws IOException {
      GuardedBackend.check("upload.persist");
      return upload.persist();
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      GuardedBackend.check("upload.closeForCommit");
      return upload.closeForCommit();
    }

    @Override
    public void close() throws IOException {
      GuardedBackend.check("upload.close");
      upload.close();
    }
  }
}
