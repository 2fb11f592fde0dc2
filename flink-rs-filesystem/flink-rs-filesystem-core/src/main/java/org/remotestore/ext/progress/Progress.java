package org.remotestore.ext.progress;

import java.io.IOException;
import java.io.InputStream;
import org.remotestore.Store;

/** Reads from and writes to any {@link Store} with progress callbacks. */
public final class Progress {
  private Progress() {}

  /**
   * Opens the whole file with progress reported every {@code stepBytes} bytes; the total is the
   * file's size.
   *
   * @throws org.remotestore.NotFound when there is no file at {@code path}
   */
  public static ProgressInputStream read(
      Store store, String path, long stepBytes, ProgressListener listener) throws IOException {
    long size = store.getFileInfo(path).size();
    return new ProgressInputStream(store.read(path), size, stepBytes, listener);
  }

  /**
   * Opens an atomic output with progress: the file is published on {@code close()}, nothing is
   * published after {@link Store.AtomicOutputStream#abort()}.
   *
   * @param total the bytes that will be written, or {@code -1} when unknown
   */
  public static Store.AtomicOutputStream openAtomic(
      Store store,
      String path,
      boolean overwrite,
      long total,
      long stepBytes,
      ProgressListener listener)
      throws IOException {
    Store.AtomicOutputStream target = store.openAtomic(path, overwrite);
    ProgressOutputStream counting = new ProgressOutputStream(target, total, stepBytes, listener);
    return new Store.AtomicOutputStream() {
      @Override
      public void write(int b) throws IOException {
        counting.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        counting.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        counting.flush();
      }

      @Override
      public void close() throws IOException {
        counting.close();
      }

      @Override
      public void abort() {
        target.abort();
      }
    };
  }

  /**
   * Writes {@code data} atomically with progress; {@code total} is the expected size or {@code -1}.
   */
  public static long write(
      Store store,
      String path,
      InputStream data,
      boolean overwrite,
      long total,
      long stepBytes,
      ProgressListener listener)
      throws IOException {
    Store.AtomicOutputStream out = openAtomic(store, path, overwrite, total, stepBytes, listener);
    boolean published = false;
    try {
      long n = data.transferTo(out);
      out.close();
      published = true;
      return n;
    } finally {
      if (!published) {
        out.abort();
      }
    }
  }
}
