package org.remotestore.ext.observe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.remotestore.FileSizeReporting;
import org.remotestore.Store;

/** The streams of an {@link ObservedStore}: each reports its operation when it ends. */
final class ObservedStreams {
  private ObservedStreams() {}

  /** Counts the bytes a backend consumed from the caller's stream. */
  static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
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
  static final class Input extends FilterInputStream implements FileSizeReporting {
    private final Invocation call;
    private long count;

    Input(InputStream in, Invocation call) {
      super(in);
      this.call = call;
    }

    @Override
    public long fileSize() {
      return FileSizeReporting.of(in);
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
  static final class AtomicOutput extends Store.AtomicOutputStream {
    private final Store.AtomicOutputStream out;
    private final Invocation call;
    private final String path;
    private long count;
    private Throwable writeFailure;

    AtomicOutput(Store.AtomicOutputStream out, Invocation call, String path) {
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
}
