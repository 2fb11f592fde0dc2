package org.remotestore.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file opened once by {@link PositionedReadSupport}, read through ranges at any position: each
 * range reads the open file where it starts (a positioned read, which moves no shared file
 * position), with no new open and no new look-up of the path. The file keeps the content it had
 * when it was opened where the platform does (a POSIX file replaced by a rename stays readable as
 * it was); a file truncated meanwhile ends early.
 */
public interface PositionedFile extends Closeable {

  /**
   * Opens {@code length} bytes from {@code offset} ({@code length < 0}: to the end); fewer when the
   * file ends first, as {@link Backend#read(String, long, long)} does. The stream implements {@link
   * org.remotestore.FileSizeReporting} with the file's current size. Closing it leaves the file
   * open; there is no connection behind it, so an unread remainder costs nothing and need not be
   * drained.
   *
   * @throws IOException when the file is closed, or it could not be opened (a store's facet opens
   *     it at the first range: {@link org.remotestore.NotFound} when there is no file)
   */
  InputStream range(long offset, long length) throws IOException;

  /** Closes the file. Ranges opened on it fail from then on. Idempotent. */
  @Override
  void close() throws IOException;
}
