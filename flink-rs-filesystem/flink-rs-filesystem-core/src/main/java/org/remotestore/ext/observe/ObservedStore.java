package org.remotestore.ext.observe;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.FolderInfo;
import org.remotestore.FolderListing;
import org.remotestore.PathStatus;
import org.remotestore.RecoverableUploads;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.spi.BatchDeleteSupport;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.PositionedFile;
import org.remotestore.spi.PositionedReadSupport;

/**
 * A decorator that reports every I/O operation of a store to a {@link StoreObserver}: operation
 * name, backend name and type, path, duration, and the bytes read or written.
 *
 * <p>Streams returned by {@code read}, {@code readRange}, {@code readIfChanged} and {@code
 * openAtomic} are counted as they are consumed; their operation ends, and is reported, when they
 * are closed (or when reading from them fails). An aborted {@code openAtomic} stream is reported
 * through {@link StoreObserver#onError} with the write failure that led to the abort, or a {@link
 * CancellationException} when there was none. {@link #child(String)} returns an observed child that
 * reports to the same observer. A backend's native batch delete (see {@link BatchDeleteSupport}) is
 * forwarded and reported as operation {@value #BATCH_DELETE} with a {@code null} path.
 *
 * <pre>{@code
 * Store observed = ObservedStore.wrap(store, OpenTelemetryObserver.create(openTelemetry));
 * }</pre>
 */
public final class ObservedStore extends ForwardingStore {

  /** The operation name under which a backend's native batch delete is reported. */
  public static final String BATCH_DELETE = "batchDelete";

  /** The operation name of listing leftovers through the store's {@link LeftoverSupport}. */
  public static final String LIST_LEFTOVERS = "listLeftovers";

  /** The operation name of removing a leftover through the store's {@link LeftoverSupport}. */
  public static final String REMOVE_LEFTOVER = "removeLeftover";

  private final StoreObserver observer;

  private ObservedStore(Store delegate, StoreObserver observer) {
    super(delegate);
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** Wraps {@code store} so that each operation is reported to {@code observer}. */
  public static ObservedStore wrap(Store store, StoreObserver observer) {
    return new ObservedStore(store, observer);
  }

  /** The observer this store reports to. */
  public StoreObserver observer() {
    return observer;
  }

  @Override
  protected Store wrapChild(Store childOfDelegate) {
    return new ObservedStore(childOfDelegate, observer);
  }

  // ------------------------------------------------------------------ reading

  @Override
  public InputStream read(String path) throws IOException {
    Invocation call = start("read", path, null);
    try {
      return new ObservedStreams.Input(delegate().read(path), call);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    Invocation call = start("readBytes", path, null);
    try {
      byte[] data = delegate().readBytes(path);
      call.succeeded(data.length, -1);
      return data;
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  @Override
  public InputStream readRange(String path, long offset, long length) throws IOException {
    Invocation call = start("readRange", path, null);
    try {
      return new ObservedStreams.Input(delegate().readRange(path, offset, length), call);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  @Override
  public ConditionalRead readIfChanged(String path, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    Invocation call = start("readIfChanged", path, null);
    try {
      ConditionalRead answer = delegate().readIfChanged(path, ifNoneMatchEtag, ifModifiedSince);
      if (!answer.isModified()) {
        call.succeeded(0, -1);
        return answer;
      }
      return ConditionalRead.modified(
          answer.info(), new ObservedStreams.Input(answer.body(), call));
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  // ------------------------------------------------------------------ writing

  @Override
  public void write(String path, InputStream data, boolean overwrite) throws IOException {
    ObservedStreams.Counting counted = new ObservedStreams.Counting(data);
    Invocation call = start("write", path, null);
    try {
      delegate().write(path, counted, overwrite);
      call.succeeded(-1, counted.count);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e, -1, counted.count);
      throw e;
    }
  }

  @Override
  public void write(String path, byte[] data, boolean overwrite) throws IOException {
    Invocation call = start("write", path, null);
    try {
      delegate().write(path, data, overwrite);
      call.succeeded(-1, data.length);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  @Override
  public void writeAtomic(String path, InputStream data, boolean overwrite) throws IOException {
    ObservedStreams.Counting counted = new ObservedStreams.Counting(data);
    Invocation call = start("writeAtomic", path, null);
    try {
      delegate().writeAtomic(path, counted, overwrite);
      call.succeeded(-1, counted.count);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e, -1, counted.count);
      throw e;
    }
  }

  @Override
  public AtomicOutputStream openAtomic(String path, boolean overwrite) throws IOException {
    Invocation call = start("openAtomic", path, null);
    try {
      return new ObservedStreams.AtomicOutput(delegate().openAtomic(path, overwrite), call, path);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  // ------------------------------------------------------------------ metadata and listing

  @Override
  public boolean exists(String path) throws IOException {
    return simple("exists", path, null, () -> delegate().exists(path));
  }

  @Override
  public boolean isFile(String path) throws IOException {
    return simple("isFile", path, null, () -> delegate().isFile(path));
  }

  @Override
  public boolean isFolder(String path) throws IOException {
    return simple("isFolder", path, null, () -> delegate().isFolder(path));
  }

  @Override
  public FileInfo getFileInfo(String path) throws IOException {
    return simple("getFileInfo", path, null, () -> delegate().getFileInfo(path));
  }

  @Override
  public FolderInfo getFolderInfo(String path) throws IOException {
    return simple("getFolderInfo", path, null, () -> delegate().getFolderInfo(path));
  }

  @Override
  public List<FileInfo> listFiles(String path, boolean recursive, int maxDepth) throws IOException {
    return simple("listFiles", path, null, () -> delegate().listFiles(path, recursive, maxDepth));
  }

  @Override
  public PathStatus pathStatus(String path) throws IOException {
    return simple("pathStatus", path, null, () -> delegate().pathStatus(path));
  }

  @Override
  public FolderListing listFolder(String path) throws IOException {
    return simple("listFolder", path, null, () -> delegate().listFolder(path));
  }

  @Override
  public List<String> listFolders(String path, int maxDepth) throws IOException {
    return simple("listFolders", path, null, () -> delegate().listFolders(path, maxDepth));
  }

  // ------------------------------------------------------------------ deleting, copying, moving

  @Override
  public boolean delete(String path, boolean missingOk) throws IOException {
    return simple("delete", path, null, () -> delegate().delete(path, missingOk));
  }

  @Override
  public void deleteFolder(String path) throws IOException {
    simple(
        "deleteFolder",
        path,
        null,
        () -> {
          delegate().deleteFolder(path);
          return null;
        });
  }

  @Override
  public void copy(String source, String target, boolean overwrite) throws IOException {
    simple(
        "copy",
        source,
        target,
        () -> {
          delegate().copy(source, target, overwrite);
          return null;
        });
  }

  @Override
  public void move(String source, String target, boolean overwrite) throws IOException {
    simple(
        "move",
        source,
        target,
        () -> {
          delegate().move(source, target, overwrite);
          return null;
        });
  }

  @Override
  public void createFolder(String path) throws IOException {
    simple(
        "createFolder",
        path,
        null,
        () -> {
          delegate().createFolder(path);
          return null;
        });
  }

  /**
   * The wrapped store's recoverable uploads, each call reported as an operation ({@code create},
   * {@code write}, {@code persist}, {@code commit}, {@code recover}, {@code cleanup}, {@code
   * abort}).
   */
  @Override
  public RecoverableUploads recoverableUploads() throws CapabilityNotSupported {
    return new ObservedUploads(this, delegate().recoverableUploads());
  }

  /**
   * Forwards the wrapped store's {@link BatchDeleteSupport}, reporting each call as {@value
   * #BATCH_DELETE}, its {@link LeftoverSupport}, reporting {@value #LIST_LEFTOVERS} and {@value
   * #REMOVE_LEFTOVER}, and its {@link PositionedReadSupport}, reporting each range of an open file
   * as a {@code readRange} with the bytes read from it, as {@link #readRange} does; any other facet
   * than this store itself is not forwarded.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type == PositionedReadSupport.class) {
      return delegate()
          .unwrap(PositionedReadSupport.class)
          .map(native_ -> type.cast(new ObservedPositionedReads(native_)));
    }
    if (type == BatchDeleteSupport.class) {
      return delegate()
          .unwrap(BatchDeleteSupport.class)
          .map(native_ -> type.cast(new ObservedBatchDelete(native_)));
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
                          return simple(
                              LIST_LEFTOVERS, folder, null, () -> native_.listLeftovers(folder));
                        }

                        @Override
                        public boolean removeLeftover(Leftover l) throws IOException {
                          return simple(
                              REMOVE_LEFTOVER, l.key(), null, () -> native_.removeLeftover(l));
                        }
                      }));
    }
    return super.unwrap(type);
  }

  // ------------------------------------------------------------------ plumbing

  interface IoCall<T> {
    T call() throws IOException;
  }

  <T> T simple(String operation, String path, String target, IoCall<T> body) throws IOException {
    Invocation call = start(operation, path, target);
    try {
      T result = body.call();
      call.succeeded(-1, -1);
      return result;
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  Invocation start(String operation, String path, String target) {
    Store d = delegate();
    StoreOperation op =
        new StoreOperation(operation, d.name(), d.backendName(), d.backendType(), path, target);
    Invocation call = new Invocation(observer, op, System.nanoTime());
    ObserverCalls.before(observer, op);
    return call;
  }

  /** Reports each range of a file opened for positioned reads as a {@code readRange}. */
  private final class ObservedPositionedReads implements PositionedReadSupport {
    private final PositionedReadSupport native_;

    ObservedPositionedReads(PositionedReadSupport native_) {
      this.native_ = native_;
    }

    @Override
    public PositionedFile openPositioned(String path) throws IOException {
      PositionedFile file = native_.openPositioned(path);
      return new PositionedFile() {
        @Override
        public InputStream range(long offset, long length) throws IOException {
          Invocation call = start("readRange", path, null);
          try {
            return new ObservedStreams.Input(file.range(offset, length), call);
          } catch (IOException | RuntimeException | Error e) {
            call.failed(e);
            throw e;
          }
        }

        @Override
        public void close() throws IOException {
          file.close();
        }
      };
    }
  }

  /** Reports a backend's native batch delete. */
  private final class ObservedBatchDelete implements BatchDeleteSupport {
    private final BatchDeleteSupport native_;

    ObservedBatchDelete(BatchDeleteSupport native_) {
      this.native_ = native_;
    }

    @Override
    public int maxBatchSize() {
      return native_.maxBatchSize();
    }

    @Override
    public Map<String, RemoteStoreException> deleteAll(List<String> keys) throws IOException {
      return simple(BATCH_DELETE, null, null, () -> native_.deleteAll(keys));
    }
  }
}
