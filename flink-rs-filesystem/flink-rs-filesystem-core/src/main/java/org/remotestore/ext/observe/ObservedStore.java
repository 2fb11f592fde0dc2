package org.remotestore.ext.observe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.FolderInfo;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.spi.BatchDeleteSupport;

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
      return new ObservedInputStream(delegate().read(path), call);
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
      return new ObservedInputStream(delegate().readRange(path, offset, length), call);
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
      return ConditionalRead.modified(answer.info(), new ObservedInputStream(answer.body(), call));
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  // ------------------------------------------------------------------ writing

  @Override
  public void write(String path, InputStream data, boolean overwrite) throws IOException {
    CountingInputStream counted = new CountingInputStream(data);
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
    CountingInputStream counted = new CountingInputStream(data);
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
      return new ObservedAtomicOutputStream(delegate().openAtomic(path, overwrite), call, path);
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
   * Forwards the wrapped store's {@link BatchDeleteSupport}, reporting each call as {@value
   * #BATCH_DELETE}; any other facet than this store itself is not forwarded.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type == BatchDeleteSupport.class) {
      return delegate()
          .unwrap(BatchDeleteSupport.class)
          .map(native_ -> type.cast(new ObservedBatchDelete(native_)));
    }
    return super.unwrap(type);
  }

  // ------------------------------------------------------------------ plumbing

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private <T> T simple(String operation, String path, String target, IoCall<T> body)
      throws IOException {
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

  private Invocation start(String operation, String path, String target) {
    Store d = delegate();
    StoreOperation op =
        new StoreOperation(operation, d.name(), d.backendName(), d.backendType(), path, target);
    Invocation call = new Invocation(op, System.nanoTime());
    ObserverCalls.before(observer, op);
    return call;
  }

  /** One running operation; reports its end exactly once. */
  private final class Invocation {
    private final StoreOperation operation;
    private final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    Invocation(StoreOperation operation, long startNanos) {
      this.operation = operation;
      this.startNanos = startNanos;
    }

    private OperationOutcome outcome(long bytesRead, long bytesWritten) {
      return new OperationOutcome(
          Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos)), bytesRead, bytesWritten);
    }

    void succeeded(long bytesRead, long bytesWritten) {
      if (ended.compareAndSet(false, true)) {
        ObserverCalls.after(observer, operation, outcome(bytesRead, bytesWritten));
      }
    }

    void failed(Throwable error) {
      failed(error, -1, -1);
    }

    void failed(Throwable error, long bytesRead, long bytesWritten) {
      if (ended.compareAndSet(false, true)) {
        ObserverCalls.onError(observer, operation, outcome(bytesRead, bytesWritten), error);
      }
    }
  }

  /** Counts the bytes a backend consumed from the caller's stream. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(Objects.requireNonNull(in, "data"));
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** A stream whose operation ends at close, reporting the bytes delivered. */
  private static final class ObservedInputStream extends FilterInputStream {
    private final Invocation call;
    private long count;

    ObservedInputStream(InputStream in, Invocation call) {
      super(in);
      this.call = call;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        if (b >= 0) {
          count++;
        }
        return b;
      } catch (IOException | RuntimeException e) {
        call.failed(e, count, -1);
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        if (n > 0) {
          count += n;
        }
        return n;
      } catch (IOException | RuntimeException e) {
        call.failed(e, count, -1);
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException | RuntimeException e) {
        call.failed(e, count, -1);
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } catch (IOException | RuntimeException e) {
        call.failed(e, count, -1);
        throw e;
      }
      call.succeeded(count, -1);
    }
  }

  /** An atomic output whose operation ends when it is published (close) or aborted. */
  private static final class ObservedAtomicOutputStream extends AtomicOutputStream {
    private final AtomicOutputStream out;
    private final Invocation call;
    private final String path;
    private long count;
    private Throwable writeFailure;

    ObservedAtomicOutputStream(AtomicOutputStream out, Invocation call, String path) {
      this.out = out;
      this.call = call;
      this.path = path;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
        count++;
      } catch (IOException | RuntimeException e) {
        writeFailure = e;
        throw e;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
        count += len;
      } catch (IOException | RuntimeException e) {
        writeFailure = e;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void abort() {
      try {
        out.abort();
      } finally {
        Throwable reason =
            writeFailure != null
                ? writeFailure
                : new CancellationException("Aborted: nothing was published to '" + path + "'");
        call.failed(reason, -1, count);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException | RuntimeException e) {
        call.failed(e, -1, count);
        throw e;
      }
      call.succeeded(-1, count);
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
