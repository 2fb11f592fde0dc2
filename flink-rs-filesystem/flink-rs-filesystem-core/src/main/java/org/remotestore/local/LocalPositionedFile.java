package org.remotestore.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.Objects;
import org.remotestore.FileSizeReporting;
import org.remotestore.spi.PositionedFile;

/**
 * A local file opened once, whose ranges are positioned reads ({@code pread}) on the one channel: a
 * seek costs no {@code open}, {@code stat} or {@code close}. The path was checked when the channel
 * was opened; the ranges touch no path. When a read fails before any byte came (a folder opens too,
 * and fails at its first read), the backend's check may report something better.
 */
final class LocalPositionedFile implements PositionedFile {

  private final FileChannel channel;
  private final LocalBoundedInputStream.FirstReadCheck failedReadCheck;
  private volatile boolean closed;

  LocalPositionedFile(FileChannel channel, LocalBoundedInputStream.FirstReadCheck failedReadCheck) {
    this.channel = channel;
    this.failedReadCheck = failedReadCheck;
  }

  @Override
  public InputStream range(long offset, long length) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (closed) {
      throw new ClosedChannelException();
    }
    long end = length < 0 || length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
    return new Range(offset, end);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  /** The size of the open file now (one {@code fstat}); 0 is unknown: a folder may report it. */
  private long size() throws IOException {
    long bytes = channel.size();
    return bytes > 0 ? bytes : -1;
  }

  /** The bytes {@code [position, end)} of the file, read in place. */
  private final class Range extends InputStream implements FileSizeReporting {
    private long position;
    private final long end;
    private long fileSize = -2; // not asked yet
    private boolean rangeClosed;
    private byte[] one;

    Range(long position, long end) {
      this.position = position;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      if (one == null) {
        one = new byte[1];
      }
      int n = read(one, 0, 1);
      return n < 1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int len) throws IOException {
      Objects.checkFromIndexSize(offset, len, target.length);
      if (rangeClosed) {
        throw new IOException("Range closed");
      }
      if (len == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      int wanted = (int) Math.min(len, end - position);
      int n;
      try {
        n = channel.read(ByteBuffer.wrap(target, offset, wanted), position);
      } catch (ClosedChannelException e) {
        throw e;
      } catch (IOException e) {
        failedReadCheck.check();
        throw e;
      }
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public long skip(long n) {
      long k = Math.max(0, Math.min(n, end - position));
      position += k;
      return k;
    }

    @Override
    public int available() throws IOException {
      long size = fileSize();
      long left = Math.min(end, Math.max(size, 0)) - position;
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public long fileSize() {
      if (fileSize == -2) {
        try {
          fileSize = size();
        } catch (IOException e) {
          fileSize = -1; // unknown: the reader asks for the metadata instead
        }
      }
      return fileSize;
    }

    @Override
    public void close() {
      rangeClosed = true;
    }
  }
}
