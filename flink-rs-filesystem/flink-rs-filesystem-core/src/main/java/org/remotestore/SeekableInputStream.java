package org.remotestore;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream over one file that can jump to any position, as returned by {@link
 * Store#readSeekable(String, long)}. Reading past the end answers {@code -1}; seeking past it is
 * allowed and then reads nothing.
 */
public abstract class SeekableInputStream extends InputStream {

  /** The default size of the byte ranges fetched by a seekable stream: 8 MiB. */
  public static final long DEFAULT_RANGE_BYTES = 8L * 1024 * 1024;

  /** Moves to {@code position} bytes from the start of the file. */
  public abstract void seek(long position) throws IOException;

  /** The current position, in bytes from the start of the file. */
  public abstract long position();

  /** The length of the file, as known when the stream was opened. */
  public abstract long length();
}
