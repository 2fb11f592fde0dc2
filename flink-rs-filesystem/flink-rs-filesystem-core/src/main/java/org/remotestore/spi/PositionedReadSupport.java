package org.remotestore.spi;

import java.io.IOException;

/**
 * An optional facet of a {@link Backend} that opens a file once and then reads it at any position,
 * so that a seekable reader moving around one file (a Parquet footer, then column chunks) does not
 * open the file again for each range. A backend whose ranges are requests anyway (S3, Azure, HTTP)
 * does not implement it; the local backend does, over one open file channel and positioned reads.
 *
 * <p>Implemented by a backend, it takes backend keys and opens the file at once, checking the key's
 * safety then and only then. The facet that {@link org.remotestore.Store#unwrap(Class)} hands out
 * takes paths relative to that store instead, checks them like every other path, sends nothing to
 * the backend when it is called and opens the file at the first {@link PositionedFile#range}, under
 * that range's operation. A decorator forwards the facet only when it keeps its promise with it (an
 * observer reports every range as a {@code readRange}, a cache serves the ranges it holds, a retry
 * repeats a failed range); otherwise it answers empty and the reader falls back to {@link
 * org.remotestore.Store#readRange(String, long, long)}, one open per range.
 */
public interface PositionedReadSupport {

  /**
   * Opens the file at {@code key} (a store path, on a store's facet) for positioned reads. The
   * caller closes it.
   *
   * @throws org.remotestore.NotFound when there is no file at {@code key} (on a store's facet: at
   *     the first range)
   * @throws org.remotestore.InvalidPath when {@code key} is not a valid file path
   */
  PositionedFile openPositioned(String key) throws IOException;
}
