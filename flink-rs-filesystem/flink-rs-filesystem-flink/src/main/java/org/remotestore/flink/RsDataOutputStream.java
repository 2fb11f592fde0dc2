package org.remotestore.flink;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.remotestore.Store;

/**
 * The stream of {@code FileSystem.create}: bytes go to a {@link Store.AtomicOutputStream}, and the
 * file appears, complete, when the stream is closed. If a write fails, closing discards everything
 * instead of publishing a partial file.
 */
final class RsDataOutputStream extends FSDataOutputStream {
  private final Store.AtomicOutputStream out;
  private long position;
  private boolean failed;
  private boolean closed;

  RsDataOutputStream(Store.AtomicOutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    try {
      out.write(b);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
    position++;
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    ensureOpen();
    try {
      out.write(buffer, offset, length);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
    position += length;
  }

  @Override
  public long getPos() {
    return position;
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    out.flush();
  }

  /** Flushes; the bytes become durable and visible when the stream is closed. */
  @Override
  public void sync() throws IOException {
    flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (failed) {
      out.abort();
      return;
    }
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream is closed");
    }
  }
}
