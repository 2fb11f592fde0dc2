package org.remotestore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.remotestore.spi.Backend;

/**
 * A test backend that forwards to another one, records every call ({@code "list:<key>"}) and can
 * pretend to lack capabilities or to fail.
 */
class RecordingBackend implements Backend {
  final Backend delegate;
  final List<String> calls = new CopyOnWriteArrayList<>();
  Capabilities capabilities;
  boolean nativeCopy = true;
  boolean nativeMove = true;
  RuntimeException failWith;
  IOException failWithIo;

  RecordingBackend(Backend delegate) {
    this.delegate = delegate;
    this.capabilities = delegate.capabilities();
  }

  private void record(String call) throws IOException {
    calls.add(call);
    if (failWith != null) {
      throw failWith;
    }
    if (failWithIo != null) {
      throw failWithIo;
    }
  }

  long count(String prefix) {
    return calls.stream().filter(c -> c.startsWith(prefix)).count();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String type() {
    return "recording";
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public boolean isObjectStore() {
    return delegate.isObjectStore();
  }

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    record("read:" + key);
    return delegate.read(key, offset, length);
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    record("stat:" + key);
    return delegate.stat(key);
  }

  @Override
  public Level list(String folderKey) throws IOException {
    record("list:" + folderKey);
    return delegate.list(folderKey);
  }

  @Override
  public List<FileInfo> listRecursive(String folderKey) throws IOException {
    record("listRecursive:" + folderKey);
    return delegate.listRecursive(folderKey);
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    record("folderExists:" + folderKey);
    return delegate.folderExists(folderKey);
  }

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    record("openOutput:" + key);
    return delegate.openOutput(key, overwrite);
  }

  @Override
  public boolean delete(String key) throws IOException {
    record("delete:" + key);
    return delegate.delete(key);
  }

  @Override
  public void deleteFolder(String folderKey) throws IOException {
    record("deleteFolder:" + folderKey);
    delegate.deleteFolder(folderKey);
  }

  @Override
  public void createFolder(String folderKey) throws IOException {
    record("createFolder:" + folderKey);
    delegate.createFolder(folderKey);
  }

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    record("copy:" + sourceKey);
    return nativeCopy && delegate.copy(sourceKey, targetKey, overwrite);
  }

  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    record("move:" + sourceKey);
    return nativeMove && delegate.move(sourceKey, targetKey, overwrite);
  }

  @Override
  public ConditionalRead readIfChanged(String key, String etag, Instant since) throws IOException {
    record("readIfChanged:" + key);
    return delegate.readIfChanged(key, etag, since);
  }

  @Override
  public void close() throws IOException {
    calls.add("close");
    delegate.close();
  }
}
