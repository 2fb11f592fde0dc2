package org.remotestore.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.remotestore.Store;

/**
 * Writes a local file: to a temporary file published on close and removed on abort or failure
 * ({@link #atomic}), or straight to the target, removed on abort or failure ({@link #direct}).
 */
final class LocalOutputStream extends Store.AtomicOutputStream {
  private static final int BUFFER = 64 * 1024;

  private final LocalPublisher publisher;
  private final boolean fsync;
  private final String key;
  private final Path target;
  private final Path temp; // the file written: a temporary name, or the target itself
  private final boolean publish;
  private final FileChannel channel;
  private final OutputStream out;
  private final boolean overwrite;
  private final List<Path> created;
  private boolean done;

  private LocalOutputStream(
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
    this.publish = !temp.equals(target);
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
    this.overwrite = overwrite;
    this.created = created;
  }

  /** A write to a new temporary file next to {@code target}, published on close. */
  static LocalOutputStream atomic(
      LocalPublisher publisher,
      boolean fsync,
      String key,
      Path target,
      boolean overwrite,
      List<Path> created)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path temp = LocalPublisher.temporarySibling(target);
      try {
        FileChannel channel =
            FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalOutputStream(
            publisher, fsync, key, target, temp, channel, overwrite, created);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 3) {
          throw e; // three random names taken: not a coincidence
        }
      }
    }
  }

  /**
   * A write straight to {@code target} ({@code file://} semantics): created or truncated now,
   * deleted on abort or failure. A symbolic link at the target is followed only after the full
   * check that it stays inside the root.
   */
  static LocalOutputStream direct(
      LocalPublisher publisher,
      boolean fsync,
      String key,
      Path target,
      boolean overwrite,
      List<Path> created)
      throws IOException {
    OpenOption[] options =
        overwrite
            ? new OpenOption[] {
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE
            }
            : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
    FileChannel channel;
    try {
      OpenOption[] noFollow = Arrays.copyOf(options, options.length + 1);
      noFollow[options.length] = LinkOption.NOFOLLOW_LINKS;
      channel = FileChannel.open(target, noFollow);
    } catch (FileAlreadyExistsException | NoSuchFileException e) {
      throw e;
    } catch (IOException e) { // ELOOP comes as a plain IOException
      if (!Files.isSymbolicLink(target)) {
        throw e;
      }
      publisher.checkInsideRoot(key);
      channel = FileChannel.open(target, options);
    }
    return new LocalOutputStream(
        publisher, fsync, key, target, target, channel, overwrite, created);
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
      if (publish) {
        publisher.publish(temp, target, key, overwrite);
      }
    } catch (IOException e) {
      discard();
      throw publisher.failure(e, target, key);
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
