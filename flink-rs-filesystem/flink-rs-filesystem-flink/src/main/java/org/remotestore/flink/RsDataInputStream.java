package org.remotestore.flink;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.remotestore.SeekableInputStream;

/**
 * Flink's {@link FSDataInputStream} over the store's one seekable read stream ({@link
 * org.remotestore.Store#readSeekable(String, long)}): ranges, readahead and seeks are the store's,
 * and every range goes through the store's decorators.
 */
final class RsDataInputStream extends FSDataInputStream {
  private final SeekableInputStream in;

  RsDataInputStream(SeekableInputStream in) {
    this.in = in;
  }

  @Override
  public void seek(long desired) throws IOException {
    in.seek(desired);
  }

  @Override
  public long getPos() {
    return in.position();
  }

  @Override
  public int read() throws IOException {
    return in.read();
  }

  @Override
  public int read(byte[] buffer, int offset, int len) throws IOException {
    return in.read(buffer, offset, len);
  }

  /** The store stream's own: one array of the file's size, no growing buffer. */
  @Override
  public byte[] readAllBytes() throws IOException {
    return in.readAllBytes();
  }

  @Override
  public long skip(long n) throws IOException {
    return in.skip(n);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
