package org.remotestore.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.remotestore.Store;

/**
 * Writes to a hidden temporary file over one borrowed channel (pipelined writes); on close waits
 * for every write's answer, syncs the file, closes it and publishes it at the target; on abort or
 * failure removes it and the folders the write created. The channel goes back to the pool in either
 * case.
 */
final class SftpOutputStream extends Store.AtomicOutputStream {
  private static final int BUFFER = 64 * 1024;

  private final SftpBackend backend;
  private final SftpClient channel;
  private final SftpClient.CloseableHandle handle;
  private final String temp;
  private final String key;
  private final boolean overwrite;
  private final List<String> created;
  private final OutputStream out;
  private boolean done;

  SftpOutputStream(
      SftpBackend backend,
      SftpClient channel,
      SftpClient.CloseableHandle handle,
      String temp,
      String key,
      boolean overwrite,
      List<String> created)
      throws IOException {
    this.backend = backend;
    this.channel = channel;
    this.handle = handle;
    this.temp = temp;
    this.key = key;
    this.overwrite = overwrite;
    this.created = created;
    this.out = new SftpOutputStreamAsync((AbstractSftpClient) channel, BUFFER, temp, handle, false);
  }

  private void checkOpen() throws IOException {
    if (done) {
      throw new IOException("Stream for '" + key + "' is closed or aborted");
    }
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    checkOpen();
    try (SftpConnections.Watch watch = backend.connections().watch(channel)) {
      try {
        out.write(b, off, len);
      } catch (IOException | RuntimeException e) {
        done = true;
        discard(e);
        if (e instanceof IOException io) {
          throw watch.failure(io, key);
        }
        throw (RuntimeException) e;
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    checkOpen();
  }

  @Override
  public synchronized void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try (SftpConnections.Watch watch = backend.connections().watch(channel)) {
      try {
        out.close(); // waits for the answer to every write
        backend.files().fsync(channel, handle);
        channel.close(handle);
      } catch (IOException | RuntimeException e) {
        discard(e);
        if (e instanceof IOException io) {
          throw watch.failure(io, key);
        }
        throw (RuntimeException) e;
      }
    }
    try {
      backend.files().publish(channel, temp, key, overwrite);
    } catch (IOException | RuntimeException e) {
      discard(e);
      if (e instanceof IOException io) {
        throw backend.map(io, key);
      }
      throw (RuntimeException) e;
    }
    backend.connections().release(channel, true);
  }

  @Override
  public synchronized void abort() {
    if (done) {
      return;
    }
    done = true;
    discard(null);
  }

  private void discard(Throwable cause) {
    boolean healthy = cause == null || !SftpErrors.isConnectionFailure(cause);
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      healthy = healthy && !SftpErrors.isConnectionFailure(e);
    }
    SftpReadStream.closeQuietly(channel, handle);
    if (healthy) {
      SftpFiles.removeQuietly(channel, temp);
      SftpFiles.removeCreated(channel, created);
    }
    backend.connections().release(channel, healthy);
    if (!healthy) {
      cleanUpOnNewChannel();
    }
  }

  /** After a lost connection: removes the temporary file over a new one, best effort. */
  private void cleanUpOnNewChannel() {
    try {
      backend.call(
          key,
          c -> {
            SftpFiles.removeQuietly(c, temp);
            SftpFiles.removeCreated(c, created);
            return null;
          });
    } catch (IOException | RuntimeException e) {
      // the server is still unreachable: the temporary name stays hidden from listings
    }
  }
}
