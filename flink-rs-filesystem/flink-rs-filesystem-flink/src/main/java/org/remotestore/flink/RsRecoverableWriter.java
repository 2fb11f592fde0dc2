package org.remotestore.flink;

import java.io.IOException;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.remotestore.spi.ResumableWrites;

/**
 * Flink's {@link RecoverableWriter} for {@code rs://} paths, over the backend's {@link
 * ResumableWrites}: memory and local stage a hidden in-progress file and rename it, object stores
 * use multipart uploads or staged blocks. Each recoverable names its store, so one writer can
 * recover and commit handles of any configured store.
 */
public final class RsRecoverableWriter implements RecoverableWriter {
  private final RsStoreAccess home;
  private final RsStoreAccess.Resolver resolver;

  /**
   * Creates the writer.
   *
   * @param home the store of the file system that created the writer
   * @param resolver finds other stores named by paths and recoverables
   */
  public RsRecoverableWriter(RsStoreAccess home, RsStoreAccess.Resolver resolver) {
    this.home = home;
    this.resolver = resolver;
  }

  @Override
  public RecoverableFsDataOutputStream open(Path path) throws IOException {
    RsStoreAccess access = access(RsPaths.storeOf(path, home.name()));
    String storePath = RsPaths.storePath(path);
    String key = access.store().backendKey(storePath);
    ResumableWrites writes = access.resumableWrites();
    return new RsRecoverableOutputStream(access.name(), storePath, writes, writes.begin(key));
  }

  @Override
  public RecoverableFsDataOutputStream recover(ResumeRecoverable resumable) throws IOException {
    RsResumeRecoverable r = cast(resumable);
    ResumableWrites writes = access(r.store()).resumableWrites();
    ResumableWrites.PendingUpload upload = writes.resume(r.backendStateUnsafe());
    if (upload.position() != r.position()) {
      upload.close();
      throw new IOException(
          "Resumed upload of rs://"
              + r.store()
              + "/"
              + r.path()
              + " is at position "
              + upload.position()
              + ", the checkpoint expects "
              + r.position());
    }
    return new RsRecoverableOutputStream(r.store(), r.path(), writes, upload);
  }

  @Override
  public boolean requiresCleanupOfRecoverableState() {
    try {
      return home.resumableWrites().requiresCleanup();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean cleanupRecoverableState(ResumeRecoverable resumable) throws IOException {
    RsResumeRecoverable r = cast(resumable);
    ResumableWrites writes = access(r.store()).resumableWrites();
    return writes.requiresCleanup() && writes.cleanup(r.backendStateUnsafe());
  }

  @Override
  public RecoverableFsDataOutputStream.Committer recoverForCommit(CommitRecoverable resumable)
      throws IOException {
    if (!(resumable instanceof RsCommitRecoverable r)) {
      throw new IOException("Not an rs:// commit recoverable: " + resumable);
    }
    return new RsCommitter(access(r.store()).resumableWrites(), r);
  }

  @Override
  public SimpleVersionedSerializer<CommitRecoverable> getCommitRecoverableSerializer() {
    return RsRecoverableSerializers.COMMIT;
  }

  @Override
  public SimpleVersionedSerializer<ResumeRecoverable> getResumeRecoverableSerializer() {
    return RsRecoverableSerializers.RESUME;
  }

  @Override
  public boolean supportsResume() {
    return true;
  }

  private RsStoreAccess access(String store) throws IOException {
    return store.equals(home.name()) ? home : resolver.resolve(store);
  }

  private static RsResumeRecoverable cast(ResumeRecoverable resumable) throws IOException {
    if (resumable instanceof RsResumeRecoverable r) {
      return r;
    }
    throw new IOException("Not an rs:// resume recoverable: " + resumable);
  }

  /** Publishes a closed upload. */
  static final class RsCommitter implements RecoverableFsDataOutputStream.Committer {
    private final ResumableWrites writes;
    private final RsCommitRecoverable recoverable;

    RsCommitter(ResumableWrites writes, RsCommitRecoverable recoverable) {
      this.writes = writes;
      this.recoverable = recoverable;
    }

    @Override
    public void commit() throws IOException {
      writes.commit(recoverable.backendStateUnsafe());
    }

    @Override
    public void commitAfterRecovery() throws IOException {
      // The backend's commit is idempotent: a commit that already happened is a success.
      writes.commit(recoverable.backendStateUnsafe());
    }

    @Override
    public CommitRecoverable getRecoverable() {
      return recoverable;
    }
  }
}
