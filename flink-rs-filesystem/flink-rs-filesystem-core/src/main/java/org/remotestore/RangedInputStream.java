package org.remotestore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.remotestore.spi.PositionedFile;
import org.remotestore.spi.PositionedReadSupport;

/**
 * The one seekable read stream of the project: it fetches bounded byte ranges lazily with {@link
 * Store#readRange(String, long, long)}, and every backend and caller shares its policy.
 *
 * <ul>
 *   <li><b>No metadata request.</b> Nothing is fetched until the first read, and the file's length
 *       comes from the first range's response ({@link FileSizeReporting}); only a backend that does
 *       not report it, or a caller asking {@link #length()} before reading, costs a {@link
 *       Store#getFileInfo(String)}.
 *   <li><b>Adaptive ranges.</b> A stream starts sequential. A first read from the start of the
 *       file, before any seek, is a sequential read: its range covers the file, up to {@link
 *       #MAX_GROWTH} times {@code rangeBytes} (512 MiB at the default 8 MiB), so a whole file of
 *       that size costs one request, as a plain GET does. A reader that goes elsewhere first (a
 *       Parquet reader seeks to the footer) never opens such a range. A range that continues where
 *       the previous one ended covers the rest of the file up to the same limit. A stream that
 *       reads a few bytes from the start and then seeks far abandons its first range (its
 *       connection is aborted, as it would be for any range with more than {@link #DRAIN_BYTES}
 *       unread). The first seek away from a read position switches to random access: a range then
 *       covers what the read asks for, at least {@link #MIN_RANDOM_RANGE_BYTES}, so a Parquet
 *       footer and each column chunk cost one request each and fetch nothing much beyond them;
 *       there a range that continues the previous one is twice as large (up to the same limit).
 *   <li><b>Connections kept.</b> A range read to its end is released for reuse; one closed with at
 *       most {@link #DRAIN_BYTES} unread bytes is read to its end first, so that the connection is
 *       reused instead of aborted. Only larger remainders are abandoned.
 *   <li><b>Short forward seeks</b> (at most {@link #SKIP_WITHIN_RANGE_BYTES}) skip within the open
 *       range, except in the first range of a stream read from its start before {@link
 *       #MIN_RANDOM_RANGE_BYTES} of it were read: a reader that probes the start of a file and
 *       seeks reads at random, and the stream switches to random access.
 *   <li><b>The bytes before a first read at an offset come along.</b> When the first read of a
 *       stream comes after a seek (a reader that knows the length probing a footer, such as
 *       Parquet's 8-byte tail), its range starts up to {@link #LOOK_BEHIND_BYTES} earlier and those
 *       bytes are kept in memory: the footer read that follows, and on a small file every column
 *       chunk, is served from them without another request.
 *   <li><b>One open where the store can.</b> When the store hands out {@link PositionedReadSupport}
 *       (through {@link Store#unwrap(Class)}, so every decorator forwards it or not), the file is
 *       opened once, at the first read, and each range is a positioned read on it: a seek then
 *       costs no new open. The ranges, and what decorators see of them, stay the same; only a
 *       range's unread remainder is no longer drained, having no connection to keep.
 * </ul>
 */
final class RangedInputStream extends SeekableInputStream {
  /** Forward seeks of at most this many bytes are served by skipping within the open range. */
  static final long SKIP_WITHIN_RANGE_BYTES = 128 * 1024;

  /** A range closed with at most this many unread bytes is drained rather than abandoned. */
  static final long DRAIN_BYTES = 128 * 1024;

  /** The smallest range fetched after a seek, once the stream is in random-access mode. */
  static final long MIN_RANDOM_RANGE_BYTES = 64 * 1024;

  /**
   * How far before the position of a stream's first read, if it is not 0, its range starts; the
   * bytes in between are kept in memory.
   */
  static final long LOOK_BEHIND_BYTES = 64 * 1024;

  /** A sequential range after the first is at most this many times the configured range size. */
  static final long MAX_GROWTH = 64;

  private final Store store;
  private final String path;
  private final long rangeBytes;

  private long length;
  private InputStream range;
  private long rangeEnd;
  private long lastRangeEnd = -1;
  private long lastRangeBytes;

  /** Whether the open range is the first of a stream read from its start (sized for the file). */
  private boolean wholeFileRange;

  private boolean random;
  private boolean positioned;
  private long position;
  private boolean closed;

  /** The file opened once for positioned reads, when the store offers them. */
  private PositionedFile file;

  private boolean fileLookedUp;

  /** The bytes fetched before the first read's position: the file's bytes from bufferStart. */
  private byte[] buffer;

  private long bufferStart;

  /**
   * @param length the file's length, or {@code -1} to learn it from the first range
   */
  RangedInputStream(Store store, String path, long length, long rangeBytes) {
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("rangeBytes must be at least 1, was " + rangeBytes);
    }
    this.store = store;
    this.path = path;
    this.length = length;
    this.rangeBytes = rangeBytes;
  }

  /**
   * The file's length: known after the first read; before it, asked from the store once.
   *
   * @throws NotFound when there is no such file
   */
  @Override
  public long length() throws IOException {
    if (length < 0) {
      ensureOpen();
      length = store.getFileInfo(path).size();
    }
    return length;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void seek(long desired) throws IOException {
    ensureOpen();
    if (desired < 0) {
      throw new EOFException(
          "Cannot seek to negative position " + desired + " in '" + path + "' of " + store.name());
    }
    if (desired == position) {
      return;
    }
    if (buffer != null && desired >= bufferStart && desired < bufferStart + buffer.length) {
      closeRange();
      random = true;
      position = desired;
      return;
    }
    if (range != null && desired > position && desired < rangeEnd && !probing()) {
      long gap = desired - position;
      if (gap <= SKIP_WITHIN_RANGE_BYTES) {
        range.skipNBytes(gap);
        position = desired;
        return;
      }
    }
    closeRange();
    if (positioned) {
      random = true; // a seek after reading: random access from now on
    }
    position = desired;
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    if (inBuffer()) {
      return buffer[(int) (position++ - bufferStart)] & 0xff;
    }
    if (!ensureRange(1)) {
      return -1;
    }
    int b = range.read();
    if (b < 0) {
      throw prematureEnd();
    }
    position++;
    return b;
  }

  @Override
  public int read(byte[] target, int offset, int len) throws IOException {
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (inBuffer()) {
      int at = (int) (position - bufferStart);
      int n = Math.min(len, buffer.length - at);
      System.arraycopy(buffer, at, target, offset, n);
      position += n;
      return n;
    }
    if (!ensureRange(len)) {
      return -1;
    }
    int wanted = (int) Math.min(len, rangeEnd - position);
    int n = range.read(target, offset, wanted);
    if (n < 0) {
      throw prematureEnd();
    }
    position += n;
    return n;
  }

  /**
   * The rest of the file, in one array of exactly its size: the first range tells the length (as a
   * first read does), so a small file costs no growing buffer and no copy.
   */
  @Override
  public byte[] readAllBytes() throws IOException {
    ensureOpen();
    if (length < 0 && !inBuffer()) {
      ensureRange(1);
    }
    if (length < 0 || length - position > Integer.MAX_VALUE - 8) {
      return super.readAllBytes();
    }
    byte[] all = new byte[(int) Math.max(0, length - position)];
    int off = 0;
    while (off < all.length) {
      int n = read(all, off, all.length - off);
      if (n < 0) {
        throw prematureEnd();
      }
      off += n;
    }
    return all;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long target = Math.min(length(), position + n);
    long skipped = Math.max(0, target - position);
    seek(Math.max(position, target));
    return skipped;
  }

  @Override
  public int available() {
    if (closed) {
      return 0;
    }
    if (inBuffer()) {
      return (int) (bufferStart + buffer.length - position);
    }
    if (range == null) {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE, rangeEnd - position);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      try {
        closeRange();
      } finally {
        if (file != null) {
          file.close();
        }
      }
    }
  }

  /**
   * Opens a range at the current position if none is open, sized for a read of {@code wanted}
   * bytes; false at the end of the file.
   */
  private boolean ensureRange(long wanted) throws IOException {
    if (range != null && position < rangeEnd) {
      return true;
    }
    closeRange();
    if (length >= 0 && position >= length) {
      return false;
    }
    wholeFileRange = !positioned && position == 0;
    long count = nextRangeBytes(wanted);
    if (length >= 0) {
      count = Math.min(count, length - position);
    }
    long behind = positioned ? 0 : Math.min(position, LOOK_BEHIND_BYTES);
    InputStream opened = openRange(position - behind, count + behind);
    positioned = true;
    if (length < 0) {
      long reported = FileSizeReporting.of(opened);
      if (reported < 0) {
        try {
          reported = store.getFileInfo(path).size();
        } catch (IOException | RuntimeException e) {
          opened.close();
          throw e;
        }
      }
      length = reported;
    }
    if (behind > 0) {
      try {
        buffer =
            opened.readNBytes((int) Math.min(behind, Math.max(0, length - (position - behind))));
      } catch (IOException | RuntimeException e) {
        opened.close();
        throw e;
      }
      bufferStart = position - behind;
    }
    range = opened;
    rangeEnd = Math.min(position + count, Math.max(length, position));
    lastRangeEnd = rangeEnd;
    lastRangeBytes = count;
    if (position >= rangeEnd) {
      closeRange();
      return false;
    }
    return true;
  }

  /**
   * A range through the file opened once when the store offers positioned reads (looked up at the
   * first range), else through {@link Store#readRange(String, long, long)}.
   */
  private InputStream openRange(long offset, long count) throws IOException {
    if (!fileLookedUp) {
      fileLookedUp = true;
      Optional<PositionedReadSupport> positioned = store.unwrap(PositionedReadSupport.class);
      if (positioned.isPresent()) {
        file = positioned.get().openPositioned(path);
      }
    }
    return file != null ? file.range(offset, count) : store.readRange(path, offset, count);
  }

  /**
   * The size of the next range. The first range of a stream read from its start, and one that
   * continues the last one while the stream has not sought since its first read, is the largest
   * (the caller caps it at the end of the file when it knows it); one that continues the last one
   * after a seek is twice the last one (a column chunk read in pieces stays small); any other by
   * access mode.
   */
  private long nextRangeBytes(long wanted) {
    long max = rangeBytes > Long.MAX_VALUE / MAX_GROWTH ? Long.MAX_VALUE : rangeBytes * MAX_GROWTH;
    if (!positioned && position == 0) {
      return Math.max(wanted, max); // a read from the start before any seek: sequential
    }
    if (position == lastRangeEnd && lastRangeBytes > 0) {
      if (!random) {
        return Math.max(wanted, max);
      }
      return Math.max(wanted, lastRangeBytes > max / 2 ? max : lastRangeBytes * 2);
    }
    if (random) {
      return Math.max(wanted, Math.min(rangeBytes, MIN_RANDOM_RANGE_BYTES));
    }
    return Math.max(wanted, rangeBytes);
  }

  /**
   * Whether the open range is the whole-file first range and less than {@link
   * #MIN_RANDOM_RANGE_BYTES} of it were read: a seek now comes from a reader that probed the start
   * of the file (a header, a magic number), not from a sequential reader skipping ahead, so it
   * switches to random access instead of skipping within a range sized for the whole file.
   */
  private boolean probing() {
    return wholeFileRange && position < MIN_RANDOM_RANGE_BYTES;
  }

  /**
   * Closes the open range: a range read to its end releases its connection for reuse; a small
   * remainder is read first for the same reason; a large one is abandoned.
   */
  private void closeRange() throws IOException {
    if (range == null) {
      return;
    }
    InputStream r = range;
    range = null;
    long unread = rangeEnd - position;
    if (file == null && unread > 0 && unread <= DRAIN_BYTES) {
      try {
        r.skipNBytes(unread);
      } catch (IOException | RuntimeException e) {
        // the connection is then abandoned on close; the bytes were not wanted anyway
      }
    }
    r.close();
  }

  /**
   * Whether the next byte comes from the look-behind buffer: it holds the position, and no open
   * range still has bytes to give (an open range is read on, or it would fall behind the position).
   */
  private boolean inBuffer() {
    return buffer != null
        && position >= bufferStart
        && position < bufferStart + buffer.length
        && (range == null || position >= rangeEnd);
  }

  private IOException prematureEnd() {
    return new EOFException(
        "File '"
            + path
            + "' in store "
            + store.name()
            + " ended at "
            + position
            + ", expected "
            + length
            + " bytes (was it replaced while being read?)");
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream for '" + path + "' in store " + store.name() + " is closed");
    }
  }
}
