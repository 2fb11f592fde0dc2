package org.remotestore;

import java.io.InputStream;

/**
 * Implemented by a read stream that learned the size of the whole file from the response that
 * opened it (for example the total of an HTTP {@code Content-Range: bytes 0-99/1234}, or the length
 * of a complete body). The one seekable read stream ({@link Store#readSeekable(String, long)}) uses
 * it to open a file without asking for its metadata first.
 *
 * <p>Backends return such streams from {@link org.remotestore.spi.Backend#read(String, long, long)}
 * where they can; stores and decorators that wrap a stream pass the size on. A stream that does not
 * implement this interface, or answers a negative size, makes the reader ask for the metadata once.
 */
public interface FileSizeReporting {

  /** The size in bytes of the whole file the stream reads from, or {@code -1} when unknown. */
  long fileSize();

  /** The size {@code in} reports, or {@code -1} when it reports none. */
  static long of(InputStream in) {
    return in instanceof FileSizeReporting r ? r.fileSize() : -1;
  }
}
