package org.remotestore.testing.guard;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.remotestore.Capabilities;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;

/**
 * A backend that checks, on every call, that an observing store decorator is on the caller's stack,
 * which proves the call came through the {@link Store} and its decorators; calls that did not are
 * recorded in {@link #VIOLATIONS}.
 */
public final class GuardedBackend implements Backend {
  /** Calls that reached a guarded backend without an observing decorator on the stack. */
  public static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

  /** Calls checked so far, on every guarded backend. */
  public static final AtomicLong CALLS = new AtomicLong();

  private static final String DECORATOR_PACKAGE = "org.remotestore.ext.observe.";

  private final Backend delegate;

  GuardedBackend(Backend delegate) {
    this.delegate = delegate;
  }

  static void check(String method) {
    CALLS.incrementAndGet();
    for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
      if (frame.getClassName().startsWith(DECORATOR_PACKAGE)) {
        return;
      }
    }
    StringBuilder where = new StringBuilder(method);
    StackTraceElement[] stack = Thread.currentThread().getStackTrace();
    for (int i = 2; i < Math.min(stack.length, 14); i++) {
      where.append("\n  at ").append(stack[i]);
    }
    VIOLATIONS.add(where.toString());
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public boolean isObjectStore() {
    return delegate.isObjectStore();
  }

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    check("read " + key);
    return delegate.read(key, offset, length);
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    check("stat " + key);
    return delegate.stat(key);
  }

  @Override
  public Level list(String folderKey) throws IOException {
    check("list " + folderKey);
    return delegate.list(folderKey);
  }

  @Override
  public List<FileInfo> listRecursive(String folderKey) throws IOException {
    check("listRecursive " + folderKey);
    return delegate.listRecursive(folderKey);
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    check("folderExists " + folderKey);
    return delegate.folderExists(folderKey);
  }

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    check("openOutput " + key);
    return delegate.openOutput(key, overwrite);
  }

  @Override
  public boolean delete(String key) throws IOException {
    check("delete " + key);
    return delegate.delete(key);
  }

  @Override
  public void deleteFolder(String folderKey) throws IOException {
    check("deleteFolder " + folderKey);
    delegate.deleteFolder(folderKey);
  }

  @Override
  public void createFolder(String folderKey) throws IOException {
    check("createFolder " + folderKey);
    delegate.createFolder(folderKey);
  }

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    check("copy " + sourceKey);
    return delegate.copy(sourceKey, targetKey, overwrite);
  }

  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    check("move " + sourceKey);
    return delegate.move(sourceKey, targetKey, overwrite);
  }

  @Override
  public ConditionalRead readIfChanged(String key, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    check("readIfChanged " + key);
    return delegate.readIfChanged(key, ifNoneMatchEtag, ifModifiedSince);
  }

  @Override
  public ResumableWrites resumableWrites() throws CapabilityNotSupported {
    return new GuardedWrites(delegate.resumableWrites());
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
