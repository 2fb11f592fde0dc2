package org.remotestore.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.remotestore.Store;

/** Writes to the temporary file; publishes on close, removes it on abort or failure. */
final class LocalOutputStream extends Store.AtomicOutputStream {
  private static final int BUFFER = 64 * 1024;

  private final LocalPublisher publisher;
  private final boolean fsync;
  private final String key;
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final OutputStream out;
  private final boolean overwrite;
  private final List<Path> created;
  private boolean done;

  LocalOutputStream(
      LocalPublisher publisher,
      boolean fsync,
      String key,
      Path target,
      Path temp,
      FileChannel channel,
      boolean overwrite,
      List<Path> created) {
    this.publisher = publisher;
    this.fsync = fsync;
    this.key = key;
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
    this.overwrite = overwrite;
    this.created = created;
  }

  private void checkOpen() throws IOException {
    if (done) {
      throw new IOException("Stream for '" + key + "' is closed or aborted");
    }
  }

  @Override
  public synchronized void write(int b) throws IOException {
    checkOpen();
    out.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    checkOpen();
    out.write(b, off, len);
  }

  @Override
  public synchronized void flush() throws IOException {
    checkOpen();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      out.flush();
      if (fsync) {
        channel.force(true);
      }
      channel.close();
      publisher.publish(temp, target, key, overwrite);
    } catch (IOException e) {
      discard();
      throw publisher.errors().map(e, key);
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
  }

  @Override
  public synchronized void abort() {
    done = true;
    discard();
  }

  private void discard() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing or aborting
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // best effort; the name stays hidden from listings
    }
    publisher.removeCreated(created);
  }
}
