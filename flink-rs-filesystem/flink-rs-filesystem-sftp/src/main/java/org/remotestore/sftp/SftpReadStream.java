package org.remotestore.sftp;

import java.io.IOException;
import java.io.InputStream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;

/**
 * Reads {@code limit} bytes of a file from an offset over one borrowed channel, with SSHD's
 * pipelined reads; gives the channel back on close. A lost or silent connection fails a read with
 * {@link org.remotestore.BackendUnavailable}.
 */
final class SftpReadStream extends InputStream {
  private final SftpBackend backend;
  private final SftpClient channel;
  private final SftpClient.CloseableHandle handle;
  private final String key;
  private final InputStream in;
  private long remaining;
  private boolean failed;
  private boolean closed;

  SftpReadStream(
      SftpBackend backend,
      SftpClient channel,
      SftpClient.CloseableHandle handle,
      String key,
      long offset,
      long limit,
      int bufferSize) {
    this.backend = backend;
    this.channel = channel;
    this.handle = handle;
    this.key = key;
    this.remaining = limit;
    this.in =
        new SftpInputStreamAsync(
            (AbstractSftpClient) channel,
            bufferSize,
            offset,
            offset + limit,
            backend.files().remote(key),
            handle,
            false);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("Stream of '" + key + "' is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (remaining <= 0) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, remaining));
    } catch (IOException | RuntimeException e) {
      failed = true;
      if (e instanceof IOException io) {
        throw backend.map(io, key);
      }
      throw (RuntimeException) e;
    }
    if (n < 0) {
      failed = true;
      throw backend
          .errors()
          .unavailable(key, new java.io.EOFException(remaining + " bytes missing at the end"));
    }
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    byte[] buffer = new byte[8192];
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      failed = true;
    }
    closeQuietly(channel, handle);
    backend.connections().release(channel, !failed);
  }

  static void closeQuietly(SftpClient channel, SftpClient.Handle handle) {
    try {
      channel.close(handle);
    } catch (IOException | RuntimeException e) {
      // the handle dies with the channel anyway
    }
  }
}
