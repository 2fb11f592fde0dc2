package org.remotestore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams of a {@link DefaultStore} that turn backend failures into errors naming backend and path.
 */
final class MappedStreams {
  private MappedStreams() {}

  /** Maps failures of a backend stream to {@link RemoteStoreException}s naming backend and path. */
  static final class Input extends FilterInputStream implements FileSizeReporting {
    private final String backend;
    private final String path;

    Input(InputStream in, String backend, String path) {
      super(in);
      this.backend = backend;
      this.path = path;
    }

    @Override
    public long fileSize() {
      return FileSizeReporting.of(in);
    }

    private IOException map(Exception e) {
      return e instanceof RemoteStoreException r ? r : BackendCalls.wrap("read", backend, path, e);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return in.skip(n);
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }

    @Override
    public int available() throws IOException {
      try {
        return in.available();
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }
  }

  /** Maps failures of a backend output stream; aborts the upload when a write fails. */
  static final class Output extends Store.AtomicOutputStream {
    private final Store.AtomicOutputStream out;
    private final String backend;
    private final String path;

    Output(Store.AtomicOutputStream out, String backend, String path) {
      this.out = out;
      this.backend = backend;
      this.path = path;
    }

    private IOException map(Exception e) {
      return e instanceof RemoteStoreException r ? r : BackendCalls.wrap("write", backend, path, e);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException | RuntimeException e) {
        throw map(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException | RuntimeException e) {
        out.abort();
        throw map(e);
      }
    }

    @Override
    public void abort() {
      out.abort();
    }
  }
}
