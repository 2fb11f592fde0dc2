package org.remotestore.ext.retry;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.FolderInfo;
import org.remotestore.FolderListing;
import org.remotestore.PathStatus;
import org.remotestore.RecoverableUploads;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.PositionedFile;
import org.remotestore.spi.PositionedReadSupport;

/**
 * A decorator that retries operations failing with a transient error (throttling, 5xx, a reset
 * connection: {@link org.remotestore.RemoteStoreException#isRetryable()}) under a {@link
 * RetryPolicy}, so that a caller such as a Flink job never sees a fault that a second attempt
 * cures.
 *
 * <p>Retried: every metadata and listing call, whole-file reads, opening a stream ({@code read},
 * {@code readRange}, {@code readIfChanged}, {@code openAtomic}), writes of a byte array, deletes,
 * copies with overwrite, folder creation and deletion, and the recoverable-upload calls that are
 * safe to repeat ({@code create}, {@code recover}, {@code commit}, {@code cleanup}, {@code abort}).
 * Not retried, because a second attempt could not repeat the first: writes from a caller's stream,
 * moves, copies without overwrite, and the bytes and {@code persist} of an upload in progress.
 * Failures in the middle of a stream reach the caller.
 *
 * <p>Meant as the innermost decorator (below a cache and an observer), so that an observer sees one
 * operation however many attempts it took.
 */
public final class RetryingStore extends ForwardingStore {
  private final RetryPolicy policy;

  private RetryingStore(Store delegate, RetryPolicy policy) {
    super(delegate);
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Wraps {@code store} so that transient failures are retried under {@code policy}. */
  public static RetryingStore wrap(Store store, RetryPolicy policy) {
    return new RetryingStore(store, policy);
  }

  /** The policy. */
  public RetryPolicy policy() {
    return policy;
  }

  @Override
  protected Store wrapChild(Store childOfDelegate) {
    return new RetryingStore(childOfDelegate, policy);
  }

  @Override
  public InputStream read(String path) throws IOException {
    return policy.execute("read", () -> delegate().read(path));
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    return policy.execute("readBytes", () -> delegate().readBytes(path));
  }

  @Override
  public InputStream readRange(String path, long offset, long length) throws IOException {
    return policy.execute("readRange", () -> delegate().readRange(path, offset, length));
  }

  @Override
  public ConditionalRead readIfChanged(String path, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    return policy.execute(
        "readIfChanged", () -> delegate().readIfChanged(path, ifNoneMatchEtag, ifModifiedSince));
  }

  @Override
  public void write(String path, byte[] data, boolean overwrite) throws IOException {
    policy.execute(
        "write",
        () -> {
          delegate().write(path, data, overwrite);
          return null;
        });
  }

  @Override
  public AtomicOutputStream openAtomic(String path, boolean overwrite) throws IOException {
    return policy.execute("openAtomic", () -> delegate().openAtomic(path, overwrite));
  }

  @Override
  public boolean exists(String path) throws IOException {
    return policy.execute("exists", () -> delegate().exists(path));
  }

  @Override
  public boolean isFile(String path) throws IOException {
    return policy.execute("isFile", () -> delegate().isFile(path));
  }

  @Override
  public boolean isFolder(String path) throws IOException {
    return policy.execute("isFolder", () -> delegate().isFolder(path));
  }

  @Override
  public FileInfo getFileInfo(String path) throws IOException {
    return policy.execute("getFileInfo", () -> delegate().getFileInfo(path));
  }

  @Override
  public FolderInfo getFolderInfo(String path) throws IOException {
    return policy.execute("getFolderInfo", () -> delegate().getFolderInfo(path));
  }

  @Override
  public List<FileInfo> listFiles(String path, boolean recursive, int maxDepth) throws IOException {
    return policy.execute("listFiles", () -> delegate().listFiles(path, recursive, maxDepth));
  }

  @Override
  public PathStatus pathStatus(String path) throws IOException {
    return policy.execute("pathStatus", () -> delegate().pathStatus(path));
  }

  @Override
  public FolderListing listFolder(String path) throws IOException {
    return policy.execute("listFolder", () -> delegate().listFolder(path));
  }

  @Override
  public List<String> listFolders(String path, int maxDepth) throws IOException {
    return policy.execute("listFolders", () -> delegate().listFolders(path, maxDepth));
  }

  @Override
  public boolean delete(String path, boolean missingOk) throws IOException {
    return policy.execute("delete", () -> delegate().delete(path, missingOk));
  }

  @Override
  public void deleteFolder(String path) throws IOException {
    policy.execute(
        "deleteFolder",
        () -> {
          delegate().deleteFolder(path);
          return null;
        });
  }

  @Override
  public void copy(String source, String target, boolean overwrite) throws IOException {
    if (!overwrite) {
      delegate().copy(source, target, false);
      return;
    }
    policy.execute(
        "copy",
        () -> {
          delegate().copy(source, target, true);
          return null;
        });
  }

  @Override
  public void createFolder(String path) throws IOException {
    policy.execute(
        "createFolder",
        () -> {
          delegate().createFolder(path);
          return null;
        });
  }

  @Override
  public RecoverableUploads recoverableUploads() throws CapabilityNotSupported {
    return new RetryingUploads(delegate().recoverableUploads(), policy);
  }

  /**
   * Forwards the wrapped store's {@link LeftoverSupport}, with retries: listing and removing a
   * leftover are both safe to repeat; and its {@link PositionedReadSupport}, each range of an open
   * file retried as {@link #readRange} is (a failed first range opens the file again). Any other
   * facet than this store itself is not forwarded.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type == PositionedReadSupport.class) {
      return delegate()
          .unwrap(PositionedReadSupport.class)
          .map(native_ -> type.cast(new RetryingPositionedReads(native_)));
    }
    if (type == LeftoverSupport.class) {
      return delegate()
          .unwrap(LeftoverSupport.class)
          .map(
              native_ ->
                  type.cast(
                      new LeftoverSupport() {
                        @Override
                        public List<Leftover> listLeftovers(String folder) throws IOException {
                          return policy.execute(
                              "listLeftovers", () -> native_.listLeftovers(folder));
                        }

                        @Override
                        public boolean removeLeftover(Leftover leftover) throws IOException {
                          return policy.execute(
                              "removeLeftover", () -> native_.removeLeftover(leftover));
                        }
                      }));
    }
    return super.unwrap(type);
  }

  /** Positioned reads whose ranges are retried like {@code readRange}. */
  private final class RetryingPositionedReads implements PositionedReadSupport {
    private final PositionedReadSupport native_;

    RetryingPositionedReads(PositionedReadSupport native_) {
      this.native_ = native_;
    }

    @Override
    public PositionedFile openPositioned(String path) throws IOException {
      PositionedFile file = native_.openPositioned(path);
      return new PositionedFile() {
        @Override
        public InputStream range(long offset, long length) throws IOException {
          return policy.execute("readRange", () -> file.range(offset, length));
        }

        @Override
        public void close() throws IOException {
          file.close();
        }
      };
    }
  }
}
