package org.remotestore;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream over one file that can jump to any position, as returned by {@link
 * Store#readSeekable(String, long)}. Reading past the end answers {@code -1}; seeking past it is
 * allowed and then reads nothing.
 *
 * <p>The store's stream opens without a request and learns the length from its first range; it
 * starts sequential (ranges grow as reading continues) and switches to random access (small ranges
 * sized to each read) at the first seek after a read; short forward seeks skip within the open
 * range; and ranges are read to their end before they are closed where that is cheap, so that
 * connections are reused rather than aborted.
 */
public abstract class SeekableInputStream extends InputStream {

  /** The default size of the byte ranges fetched by a seekable stream: 8 MiB. */
  public static final long DEFAULT_RANGE_BYTES = 8L * 1024 * 1024;

  /** Moves to {@code position} bytes from the start of the file. */
  public abstract void seek(long position) throws IOException;

  /** The current position, in bytes from the start of the file. */
  public abstract long position();

  /**
   * The length of the file: learned from the first read's response, or asked from the store when
   * called before any read.
   *
   * @throws NotFound when there is no such file
   */
  public abstract long length() throws IOException;
}
