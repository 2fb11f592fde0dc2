package org.remotestore.flink;

import java.io.IOException;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.remotestore.RecoverableUploads;

/**
 * Flink's {@link RecoverableWriter} for {@code rs://} paths, over the store's {@link
 * RecoverableUploads} (so the store's decorators see every upload): memory and local stage a hidden
 * in-progress file and rename it, object stores use multipart uploads or staged blocks. Each
 * recoverable names its store and path, so one writer can recover and commit handles of any
 * configured store, and a handle is accepted only for the path it names.
 */
public final class RsRecoverableWriter implements RecoverableWriter {
  private final String homeStore;
  private final RsStoreAccess.Resolver resolver;

  /**
   * Creates the writer.
   *
   * @param home the store of the file system that created the writer
   * @param resolver finds other stores named by paths and recoverables
   */
  public RsRecoverableWriter(RsStoreAccess home, RsStoreAccess.Resolver resolver) {
    this(home.name(), name -> name.equals(home.name()) ? home : resolver.resolve(name));
  }

  /**
   * A writer that resolves every store, its own too, when it first needs it: its serializers work
   * before any store is configured (as when a job graph is built before a local run configures
   * {@code rs://}).
   *
   * @param homeStore the name of the store of the file system that created the writer
   * @param resolver finds the stores named by paths and recoverables
   */
  RsRecoverableWriter(String homeStore, RsStoreAccess.Resolver resolver) {
    this.homeStore = homeStore;
    this.resolver = resolver;
  }

  @Override
  public RecoverableFsDataOutputStream open(Path path) throws IOException {
    RsStoreAccess access = access(RsPaths.storeOf(path, homeStore));
    String storePath = RsPaths.storePath(path);
    RecoverableUploads uploads = access.store().recoverableUploads();
    return new RsRecoverableOutputStream(
        access.name(), storePath, uploads, uploads.create(storePath));
  }

  @Override
  public RecoverableFsDataOutputStream recover(ResumeRecoverable resumable) throws IOException {
    RsResumeRecoverable r = cast(resumable);
    RecoverableUploads uploads = access(r.store()).store().recoverableUploads();
    RecoverableUploads.Upload upload = uploads.recover(r.path(), r.backendStateUnsafe());
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
    return new RsRecoverableOutputStream(r.store(), r.path(), uploads, upload);
  }

  @Override
  public boolean requiresCleanupOfRecoverableState() {
    try {
      return access(homeStore).store().recoverableUploads().requiresCleanup();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean cleanupRecoverableState(ResumeRecoverable resumable) throws IOException {
    RsResumeRecoverable r = cast(resumable);
    RecoverableUploads uploads = access(r.store()).store().recoverableUploads();
    return uploads.requiresCleanup() && uploads.cleanup(r.path(), r.backendStateUnsafe());
  }

  @Override
  public RecoverableFsDataOutputStream.Committer recoverForCommit(CommitRecoverable resumable)
      throws IOException {
    if (!(resumable instanceof RsCommitRecoverable r)) {
      throw new IOException("Not an rs:// commit recoverable: " + resumable);
    }
    return new RsCommitter(access(r.store()).store().recoverableUploads(), r);
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
    return resolver.resolve(store);
  }

  private static RsResumeRecoverable cast(ResumeRecoverable resumable) throws IOException {
    if (resumable instanceof RsResumeRecoverable r) {
      return r;
    }
    throw new IOException("Not an rs:// resume recoverable: " + resumable);
  }

  /** Publishes a closed upload. */
  static final class RsCommitter implements RecoverableFsDataOutputStream.Committer {
    private final RecoverableUploads uploads;
    private final RsCommitRecoverable recoverable;

    RsCommitter(RecoverableUploads uploads, RsCommitRecoverable recoverable) {
      this.uploads = uploads;
      this.recoverable = recoverable;
    }

    @Override
    public void commit() throws IOException {
      uploads.commit(recoverable.path(), recoverable.backendStateUnsafe());
    }

    @Override
    public void commitAfterRecovery() throws IOException {
      // The store's commit is idempotent: a commit that already happened is a success.
      uploads.commit(recoverable.path(), recoverable.backendStateUnsafe());
    }

    @Override
    public CommitRecoverable getRecoverable() {
      return recoverable;
    }
  }
}
