package org.remotestore.ext;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.remotestore.Capabilities;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.FolderInfo;
import org.remotestore.FolderListing;
import org.remotestore.InvalidPath;
import org.remotestore.RecoverableUploads;
import org.remotestore.Store;

/**
 * Base class of {@link Store} decorators: every operation is passed to the wrapped store. A
 * decorator overrides what it adds to, and {@link #wrapChild(Store)} so that {@link #child(String)}
 * returns a store that is decorated the same way.
 *
 * <p>{@link #unwrap(Class)} answers only with this decorator itself: a facet of the wrapped store
 * (such as a native batch delete) would bypass the decorator, so a subclass forwards a facet
 * explicitly where it can keep its promise with it.
 */
public abstract class ForwardingStore implements Store {

  private final Store delegate;

  /** Wraps {@code delegate}. */
  protected ForwardingStore(Store delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The wrapped store. */
  protected final Store delegate() {
    return delegate;
  }

  /**
   * Decorates a child of the wrapped store the same way as this store (sharing state such as a
   * cache or an observer).
   */
  protected abstract Store wrapChild(Store childOfDelegate);

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String backendName() {
    return delegate.backendName();
  }

  @Override
  public String backendType() {
    return delegate.backendType();
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public InputStream read(String path) throws IOException {
    return delegate.read(path);
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    return delegate.readBytes(path);
  }

  @Override
  public InputStream readRange(String path, long offset, long length) throws IOException {
    return delegate.readRange(path, offset, length);
  }

  @Override
  public ConditionalRead readIfChanged(String path, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    return delegate.readIfChanged(path, ifNoneMatchEtag, ifModifiedSince);
  }

  @Override
  public void write(String path, InputStream data, boolean overwrite) throws IOException {
    delegate.write(path, data, overwrite);
  }

  @Override
  public void write(String path, byte[] data, boolean overwrite) throws IOException {
    delegate.write(path, data, overwrite);
  }

  @Override
  public void writeAtomic(String path, InputStream data, boolean overwrite) throws IOException {
    delegate.writeAtomic(path, data, overwrite);
  }

  @Override
  public AtomicOutputStream openAtomic(String path, boolean overwrite) throws IOException {
    return delegate.openAtomic(path, overwrite);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return delegate.exists(path);
  }

  @Override
  public boolean isFile(String path) throws IOException {
    return delegate.isFile(path);
  }

  @Override
  public boolean isFolder(String path) throws IOException {
    return delegate.isFolder(path);
  }

  @Override
  public FileInfo getFileInfo(String path) throws IOException {
    return delegate.getFileInfo(path);
  }

  @Override
  public FolderInfo getFolderInfo(String path) throws IOException {
    return delegate.getFolderInfo(path);
  }

  @Override
  public List<FileInfo> listFiles(String path, boolean recursive, int maxDepth) throws IOException {
    return delegate.listFiles(path, recursive, maxDepth);
  }

  @Override
  public FolderListing listFolder(String path) throws IOException {
    return delegate.listFolder(path);
  }

  @Override
  public List<String> listFolders(String path, int maxDepth) throws IOException {
    return delegate.listFolders(path, maxDepth);
  }

  @Override
  public boolean delete(String path, boolean missingOk) throws IOException {
    return delegate.delete(path, missingOk);
  }

  @Override
  public void deleteFolder(String path) throws IOException {
    delegate.deleteFolder(path);
  }

  @Override
  public void copy(String source, String target, boolean overwrite) throws IOException {
    delegate.copy(source, target, overwrite);
  }

  @Override
  public void move(String source, String target, boolean overwrite) throws IOException {
    delegate.move(source, target, overwrite);
  }

  @Override
  public void createFolder(String path) throws IOException {
    delegate.createFolder(path);
  }

  @Override
  public Store child(String subpath) throws InvalidPath {
    return wrapChild(delegate.child(subpath));
  }

  @Override
  public boolean isObjectStore() {
    return delegate.isObjectStore();
  }

  /**
   * Forwards the wrapped store's recoverable uploads. A decorator that adds to writes (a cache that
   * invalidates, an observer, a retry) overrides this to wrap them.
   */
  @Override
  public RecoverableUploads recoverableUploads() throws CapabilityNotSupported {
    return delegate.recoverableUploads();
  }

  /**
   * This decorator when it is a {@code type}; another decorator further in when {@code type} is a
   * decorator class (to read a cache's statistics below an observer, say); never a facet of the
   * wrapped store, which could bypass this decorator.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return Optional.of(type.cast(this));
    }
    if (ForwardingStore.class.isAssignableFrom(type)) {
      return delegate.unwrap(type);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
