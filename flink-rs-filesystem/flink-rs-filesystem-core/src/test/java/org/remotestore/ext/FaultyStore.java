package org.remotestore.ext;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.remotestore.Store;

/**
 * A test decorator that fails chosen operations on chosen paths ({@code "delete:a/b"} -> exception)
 * and counts the calls that reach the wrapped store ({@code "read:a"}).
 */
public final class FaultyStore extends ForwardingStore {
  public final Map<String, IOException> failures;
  public final Map<String, AtomicInteger> calls;

  public FaultyStore(Store delegate) {
    this(delegate, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  private FaultyStore(
      Store delegate, Map<String, IOException> failures, Map<String, AtomicInteger> calls) {
    super(delegate);
    this.failures = failures;
    this.calls = calls;
  }

  public FaultyStore fail(String operation, String path, IOException e) {
    failures.put(operation + ":" + path, e);
    return this;
  }

  public int calls(String operation, String path) {
    AtomicInteger n = calls.get(operation + ":" + path);
    return n == null ? 0 : n.get();
  }

  private void check(String operation, String path) throws IOException {
    calls.computeIfAbsent(operation + ":" + path, k -> new AtomicInteger()).incrementAndGet();
    IOException e = failures.get(operation + ":" + path);
    if (e != null) {
      throw e;
    }
  }

  @Override
  protected Store wrapChild(Store childOfDelegate) {
    return new FaultyStore(childOfDelegate, failures, calls);
  }

  @Override
  public InputStream read(String path) throws IOException {
    check("read", path);
    return super.read(path);
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    check("readBytes", path);
    return super.readBytes(path);
  }

  @Override
  public boolean exists(String path) throws IOException {
    check("exists", path);
    return super.exists(path);
  }

  @Override
  public boolean isFile(String path) throws IOException {
    check("isFile", path);
    return super.isFile(path);
  }

  @Override
  public boolean isFolder(String path) throws IOException {
    check("isFolder", path);
    return super.isFolder(path);
  }

  @Override
  public org.remotestore.FileInfo getFileInfo(String path) throws IOException {
    check("getFileInfo", path);
    return super.getFileInfo(path);
  }

  @Override
  public boolean delete(String path, boolean missingOk) throws IOException {
    check("delete", path);
    return super.delete(path, missingOk);
  }

  @Override
  public void copy(String source, String target, boolean overwrite) throws IOException {
    check("copy", source);
    super.copy(source, target, overwrite);
  }
}
