package org.remotestore.ext;

import java.io.IOException;
import java.io.InputStream;
import org.remotestore.Capabilities;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.spi.Backend;

/** A test backend that forwards the primitives to another backend. */
public class ForwardingBackend implements Backend {
  protected final Backend delegate;

  public ForwardingBackend(Backend delegate) {
    this.delegate = delegate;
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
    return delegate.read(key, offset, length);
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public Level list(String folderKey) throws IOException {
    return delegate.list(folderKey);
  }

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    return delegate.openOutput(key, overwrite);
  }

  @Override
  public boolean delete(String key) throws IOException {
    return delegate.delete(key);
  }

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    return delegate.copy(sourceKey, targetKey, overwrite);
  }

  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    return delegate.move(sourceKey, targetKey, overwrite);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
