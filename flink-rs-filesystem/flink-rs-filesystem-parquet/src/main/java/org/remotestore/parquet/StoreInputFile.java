package org.remotestore.parquet;

import java.io.IOException;
import java.util.Objects;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.remotestore.FileInfo;
import org.remotestore.Store;

/**
 * A Parquet {@link InputFile} over a file of any {@link Store}, without Hadoop's {@code
 * FileSystem}: the length comes from the store's metadata (or from a {@link FileInfo} already at
 * hand), and streams are the store's {@link Store#readSeekable(String, long) seekable reads}, so a
 * reader fetches the footer and the column chunks it needs in bounded ranges, not the whole file.
 */
public final class StoreInputFile implements InputFile {
  private final Store store;
  private final String path;
  private final long rangeBytes;
  private volatile long length = -1;

  /** The file at {@code path} of {@code store}, read in ranges of {@code rangeBytes}. */
  public StoreInputFile(Store store, String path, long rangeBytes) {
    this.store = Objects.requireNonNull(store, "store");
    this.path = Objects.requireNonNull(path, "path");
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("rangeBytes < 1: " + rangeBytes);
    }
    this.rangeBytes = rangeBytes;
  }

  /**
   * The file at {@code path}, read in ranges of {@link
   * org.remotestore.SeekableInputStream#DEFAULT_RANGE_BYTES}.
   */
  public StoreInputFile(Store store, String path) {
    this(store, path, org.remotestore.SeekableInputStream.DEFAULT_RANGE_BYTES);
  }

  /** The file described by {@code info} (its size is not asked for again). */
  public StoreInputFile(Store store, FileInfo info) {
    this(store, info.path());
    this.length = info.size();
  }

  /** The file at {@code path} whose size is known, read in ranges of {@code rangeBytes}. */
  public StoreInputFile(Store store, String path, long rangeBytes, long length) {
    this(store, path, rangeBytes);
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
    this.length = length;
  }

  @Override
  public long getLength() throws IOException {
    long known = length;
    if (known < 0) {
      known = store.getFileInfo(path).size();
      length = known;
    }
    return known;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    org.remotestore.SeekableInputStream in = store.readSeekable(path, rangeBytes);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() {
        return in.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        in.seek(newPos);
      }
    };
  }

  /** {@code <store>/<path>}, for messages. */
  @Override
  public String toString() {
    return store.name() + "/" + path;
  }
}
