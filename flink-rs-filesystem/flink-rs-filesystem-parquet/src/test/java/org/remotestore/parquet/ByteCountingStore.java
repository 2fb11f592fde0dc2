package org.remotestore.parquet;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;

/** Counts the bytes delivered by ranged reads, to see what a Parquet reader fetches. */
final class ByteCountingStore extends ForwardingStore {
  final AtomicLong bytes;

  ByteCountingStore(Store delegate) {
    this(delegate, new AtomicLong());
  }

  private ByteCountingStore(Store delegate, AtomicLong bytes) {
    super(delegate);
    this.bytes = bytes;
  }

  @Override
  protected Store wrapChild(Store childOfDelegate) {
    return new ByteCountingStore(childOfDelegate, bytes);
  }

  @Override
  public InputStream readRange(String path, long offset, long length) throws IOException {
    return new FilterInputStream(super.readRange(path, offset, length)) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          bytes.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          bytes.addAndGet(n);
        }
        return n;
      }
    };
  }
}
