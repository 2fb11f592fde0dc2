package org.remotestore.ext.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.FileInfo;
import org.remotestore.FileSizeReporting;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.RecoverableUploads;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.StorePaths;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.ext.cache.EntryCache.Kind;
import org.remotestore.spi.BatchDeleteSupport;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.PositionedReadSupport;

/**
 * A decorator that caches the content of small files and file metadata for a limited time.
 *
 * <p>Cached: the content returned by {@code read}, {@code readBytes} (files up to {@link
 * CacheConfig#maxEntryBytes()}; a {@code read} stream is cached once it has been read to the end),
 * which then also answers {@code readRange}; and the answers of {@code getFileInfo} (including "no
 * such file"), {@code exists}, {@code isFile} and {@code isFolder}. Listings, folder summaries and
 * {@code readIfChanged} always go to the wrapped store.
 *
 * <p>Every write, delete, copy, move or folder creation made through this store or any of its
 * {@link #child(String) children} drops the answers about the paths it touched and about the
 * folders above them; an {@code openAtomic} stream does so when it is closed or aborted. Changes
 * made by others, bypassing the cache, are seen once the TTL has passed. Entries are keyed by the
 * full backend key, so a store and its children share one cache and one set of {@link #stats()
 * statistics}. Thread-safe.
 *
 * <pre>{@code
 * CachingStore cached = CachingStore.wrap(store, CacheConfig.builder()
 *     .ttl(Duration.ofMinutes(5)).maxBytes(32 << 20).maxEntryBytes(256 << 10).build());
 * }</pre>
 */
public final class CachingStore extends ForwardingStore {

  private final EntryCache cache;

  /** Where this store's paths sit in the cache's namespace ({@code ""} for the wrapped root). */
  private final String rootKey;

  private CachingStore(Store delegate, EntryCache cache, String rootKey) {
    super(delegate);
    this.cache = cache;
    this.rootKey = rootKey;
  }

  /** Wraps {@code store} with a new cache configured by {@code config}. */
  public static CachingStore wrap(Store store, CacheConfig config) {
    return new CachingStore(store, new EntryCache(Objects.requireNonNull(config, "config")), "");
  }

  /** The cache's configuration. */
  public CacheConfig config() {
    return cache.config();
  }

  /** The counters of the cache shared by this store and its children. */
  public CacheStats stats() {
    return cache.stats();
  }

  /** Drops every cached answer. */
  public void invalidateAll() {
    cache.clear();
  }

  /** A child sharing this store's cache, its entries keyed below this store's. */
  @Override
  public Store child(String subpath) throws InvalidPath {
    String sub = StorePaths.normalize(subpath, backendName());
    if (sub.isEmpty()) {
      return this;
    }
    return new CachingStore(delegate().child(sub), cache, StorePaths.join(rootKey, sub));
  }

  /** Not used: {@link #child(String)} builds children itself, knowing their sub-path. */
  @Override
  protected Store wrapChild(Store childOfDelegate) {
    throw new IllegalStateException("CachingStore builds its children in child(String)");
  }

  /** Commits drop the cached answers about the file they publish. */
  @Override
  public RecoverableUploads recoverableUploads() throws CapabilityNotSupported {
    return new InvalidatingUploads(delegate().recoverableUploads(), this::invalidatePath);
  }

  private void invalidatePath(String path) {
    try {
      cache.invalidate(key(path));
    } catch (InvalidPath e) {
      // nothing of an invalid path was ever cached
    }
  }

  private String key(String path) throws InvalidPath {
    return StorePaths.join(rootKey, StorePaths.normalize(path, backendName()));
  }

  /** The path of a cached key relative to this store. */
  private String relative(String key) {
    if (rootKey.isEmpty()) {
      return key;
    }
    return key.length() == rootKey.length() ? "" : key.substring(rootKey.length() + 1);
  }

  // ------------------------------------------------------------------ reading

  @Override
  public InputStream read(String path) throws IOException {
    String key = key(path);
    Object cached = cache.get(key, Kind.CONTENT);
    if (cached != null) {
      return new ByteArrayInputStream((byte[]) cached);
    }
    long generation = cache.generation();
    InputStream in = delegate().read(path);
    return cache.config().maxEntryBytes() == 0 && cache.config().maxBytes() == 0
        ? in
        : new PopulatingInputStream(in, key, generation);
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    String key = key(path);
    Object cached = cache.get(key, Kind.CONTENT);
    if (cached != null) {
      return ((byte[]) cached).clone();
    }
    long generation = cache.generation();
    byte[] data = delegate().readBytes(path);
    if (data.length <= cache.config().maxEntryBytes()) {
      cache.put(key, Kind.CONTENT, data.clone(), data.length, generation);
    }
    return data;
  }

  @Override
  public InputStream readRange(String path, long offset, long length) throws IOException {
    if (offset < 0) {
      return delegate().readRange(path, offset, length);
    }
    Object cached = cache.get(key(path), Kind.CONTENT);
    if (cached == null) {
      return delegate().readRange(path, offset, length);
    }
    return cachedRange((byte[]) cached, offset, length);
  }

  /** The range {@code [offset, offset + length)} of a cached content. */
  static InputStream cachedRange(byte[] content, long offset, long length) {
    int from = (int) Math.min(offset, content.length);
    int available = content.length - from;
    int count = length < 0 ? available : (int) Math.min(length, available);
    return new CachedRange(content, from, count);
  }

  /** A range served from a cached content: it knows the file's size. */
  private static final class CachedRange extends ByteArrayInputStream implements FileSizeReporting {
    CachedRange(byte[] content, int from, int count) {
      super(content, from, count);
    }

    @Override
    public long fileSize() {
      return buf.length;
    }
  }

  // ------------------------------------------------------------------ metadata

  @Override
  public FileInfo getFileInfo(String path) throws IOException {
    String key = key(path);
    Object cached = cache.get(key, Kind.FILE_INFO);
    if (cached == EntryCache.ABSENT) {
      throw new NotFound(
          "No such file: '" + relative(key) + "' (cached answer)", backendName(), relative(key));
    }
    if (cached != null) {
      return ((FileInfo) cached).withPath(relative(key));
    }
    long generation = cache.generation();
    try {
      FileInfo info = delegate().getFileInfo(path);
      cache.put(key, Kind.FILE_INFO, info, 0, generation);
      return info;
    } catch (NotFound e) {
      cache.put(key, Kind.FILE_INFO, EntryCache.ABSENT, 0, generation);
      throw e;
    }
  }

  @Override
  public boolean exists(String path) throws IOException {
    return cachedFlag(path, Kind.EXISTS);
  }

  @Override
  public boolean isFile(String path) throws IOException {
    return cachedFlag(path, Kind.IS_FILE);
  }

  @Override
  public boolean isFolder(String path) throws IOException {
    return cachedFlag(path, Kind.IS_FOLDER);
  }

  private boolean cachedFlag(String path, Kind kind) throws IOException {
    String key = key(path);
    Object cached = cache.get(key, kind);
    if (cached != null) {
      return (Boolean) cached;
    }
    long generation = cache.generation();
    boolean answer =
        switch (kind) {
          case EXISTS -> delegate().exists(path);
          case IS_FILE -> delegate().isFile(path);
          case IS_FOLDER -> delegate().isFolder(path);
          default -> throw new IllegalArgumentException(kind.name());
        };
    cache.put(key, kind, answer, 0, generation);
    return answer;
  }

  // ------------------------------------------------------------------ changes

  /** A change of the file at one path. */
  @FunctionalInterface
  private interface Change {
    void run() throws IOException;
  }

  /** Runs {@code change}, then forgets what the cache knew of {@code path}, even when it failed. */
  private void changing(String path, Change change) throws IOException {
    String key = key(path);
    try {
      change.run();
    } finally {
      cache.invalidate(key);
    }
  }

  @Override
  public void write(String path, InputStream data, boolean overwrite) throws IOException {
    changing(path, () -> delegate().write(path, data, overwrite));
  }

  @Override
  public void write(String path, byte[] data, boolean overwrite) throws IOException {
    changing(path, () -> delegate().write(path, data, overwrite));
  }

  @Override
  public void writeAtomic(String path, InputStream data, boolean overwrite) throws IOException {
    changing(path, () -> delegate().writeAtomic(path, data, overwrite));
  }

  @Override
  public AtomicOutputStream openAtomic(String path, boolean overwrite) throws IOException {
    String key = key(path);
    AtomicOutputStream out;
    try {
      out = delegate().openAtomic(path, overwrite);
    } catch (IOException | RuntimeException e) {
      cache.invalidate(key);
      throw e;
    }
    return new InvalidatingOutputStream(out, key);
  }

  @Override
  public boolean delete(String path, boolean missingOk) throws IOException {
    String key = key(path);
    try {
      return delegate().delete(path, missingOk);
    } finally {
      cache.invalidate(key);
    }
  }

  @Override
  public void deleteFolder(String path) throws IOException {
    String key = key(path);
    try {
      delegate().deleteFolder(path);
    } finally {
      cache.invalidateTree(key);
    }
  }

  @Override
  public void copy(String source, String target, boolean overwrite) throws IOException {
    changing(target, () -> delegate().copy(source, target, overwrite));
  }

  @Override
  public void move(String source, String target, boolean overwrite) throws IOException {
    String sourceKey = key(source);
    String targetKey = key(target);
    try {
      delegate().move(source, target, overwrite);
    } finally {
      cache.invalidate(sourceKey);
      cache.invalidate(targetKey);
    }
  }

  @Override
  public void createFolder(String path) throws IOException {
    String key = key(path);
    try {
      delegate().createFolder(path);
    } finally {
      cache.invalidate(key);
    }
  }

  /**
   * Forwards the wrapped store's {@link BatchDeleteSupport} and {@link LeftoverSupport}, dropping
   * the cached answers about every path they delete, and its {@link PositionedReadSupport}, whose
   * ranges are served from a cached content as {@link #readRange} serves them (the file is then not
   * even opened); any other facet than this store itself is not forwarded.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type == PositionedReadSupport.class) {
      return delegate()
          .unwrap(PositionedReadSupport.class)
          .map(native_ -> type.cast(new CachedPositionedReads(native_, cache, this::key)));
    }
    if (type == BatchDeleteSupport.class) {
      return delegate()
          .unwrap(BatchDeleteSupport.class)
          .map(native_ -> type.cast(new InvalidatingBatchDelete(native_)));
    }
    if (type == LeftoverSupport.class) {
      return delegate()
          .unwrap(LeftoverSupport.class)
          .map(native_ -> type.cast(new InvalidatingLeftovers(native_)));
    }
    return super.unwrap(type);
  }

  // ------------------------------------------------------------------ plumbing

  /** Passes a stream through and caches its content if it is small and read to the end. */
  private final class PopulatingInputStream extends FilterInputStream {
    private final String key;
    private final long generation;
    private ByteArrayOutputStream copy = new ByteArrayOutputStream();

    PopulatingInputStream(InputStream in, String key, long generation) {
      super(in);
      this.key = key;
      this.generation = generation;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        complete();
      } else if (keep(1)) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) {
        complete();
      } else if (keep(n)) {
        copy.write(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      copy = null; // skipped bytes are not seen, so the content cannot be cached
      return super.skip(n);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
      throw new IOException("mark/reset not supported");
    }

    private boolean keep(int more) {
      if (copy != null && copy.size() + (long) more > cache.config().maxEntryBytes()) {
        copy = null;
      }
      return copy != null;
    }

    private void complete() {
      if (copy != null) {
        cache.put(key, Kind.CONTENT, copy.toByteArray(), copy.size(), generation);
        copy = null;
      }
    }
  }

  /** Drops cached answers once the atomic write is published or aborted. */
  private final class InvalidatingOutputStream extends AtomicOutputStream {
    private final AtomicOutputStream out;
    private final String key;

    InvalidatingOutputStream(AtomicOutputStream out, String key) {
      this.out = out;
      this.key = key;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
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
        cache.invalidate(key);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } finally {
        cache.invalidate(key);
      }
    }
  }

  /** A backend's batch delete that drops the cached answers about the keys it deletes. */
  private final class InvalidatingBatchDelete implements BatchDeleteSupport {
    private final BatchDeleteSupport native_;

    InvalidatingBatchDelete(BatchDeleteSupport native_) {
      this.native_ = native_;
    }

    @Override
    public int maxBatchSize() {
      return native_.maxBatchSize();
    }

    @Override
    public Map<String, RemoteStoreException> deleteAll(List<String> paths) throws IOException {
      List<String> copy = new ArrayList<>(paths);
      try {
        return native_.deleteAll(copy);
      } finally {
        for (String path : copy) {
          invalidatePath(path);
        }
      }
    }
  }

  /** A backend's leftover removal that drops the cached answers about what it removes. */
  private final class InvalidatingLeftovers implements LeftoverSupport {
    private final LeftoverSupport native_;

    InvalidatingLeftovers(LeftoverSupport native_) {
      this.native_ = native_;
    }

    @Override
    public List<Leftover> listLeftovers(String folder) throws IOException {
      return native_.listLeftovers(folder);
    }

    @Override
    public boolean removeLeftover(Leftover leftover) throws IOException {
      try {
        return native_.removeLeftover(leftover);
      } finally {
        invalidatePath(leftover.key());
      }
    }
  }
}
