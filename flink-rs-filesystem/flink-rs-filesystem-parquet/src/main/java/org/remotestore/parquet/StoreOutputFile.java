package org.remotestore.parquet;

import java.io.IOException;
import java.util.Objects;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.remotestore.Store;

/**
 * A Parquet {@link OutputFile} over any {@link Store}, without Hadoop's {@code FileSystem}: the
 * file is written through the store's {@link Store#openAtomic atomic output}, so it appears
 * complete when the Parquet writer closes it, and not at all when writing fails. {@link
 * #create(long)} fails with {@link org.remotestore.AlreadyExists} when the file exists; {@link
 * #createOrOverwrite(long)} replaces it.
 */
public final class StoreOutputFile implements OutputFile {
  private final Store store;
  private final String path;
  private volatile Store.AtomicOutputStream open;

  /** The file at {@code path} of {@code store}. */
  public StoreOutputFile(Store store, String path) {
    this.store = Objects.requireNonNull(store, "store");
    this.path = Objects.requireNonNull(path, "path");
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return open(false);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return open(true);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return store.name() + "/" + path;
  }

  /**
   * Abandons the stream opened last, if any: nothing is published. For callers whose Parquet writer
   * failed (a failed writer does not close its stream).
   */
  public void abort() {
    Store.AtomicOutputStream out = open;
    if (out != null) {
      out.abort();
    }
  }

  private PositionOutputStream open(boolean overwrite) throws IOException {
    Store.AtomicOutputStream out = store.openAtomic(path, overwrite);
    open = out;
    return new PositionOutputStream() {
      private long position;

      @Override
      public long getPos() {
        return position;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        position++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        position += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  @Override
  public String toString() {
    return getPath();
  }
}
