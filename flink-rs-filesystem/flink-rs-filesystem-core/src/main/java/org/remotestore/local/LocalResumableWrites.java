package org.remotestore.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.spi.StagedFileState;

/**
 * Resumable writes on the local file system: bytes go straight to a hidden in-progress file {@code
 * .<name>.inprogress.<id>} in the target's directory; {@link PendingUpload#persist()} flushes and
 * fsyncs it; resuming truncates it to the persisted length; committing renames it atomically onto
 * the target. An upload closed before its first persist deletes its in-progress file, so a failed
 * attempt leaves nothing behind that no checkpoint refers to.
 */
public final class LocalResumableWrites implements ResumableWrites {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final String backendName;
  private final KeyResolver resolver;

  /**
   * Creates resumable writes below a root directory.
   *
   * @param backendName the backend name, for messages
   * @param root the directory that backend keys are relative to
   */
  public LocalResumableWrites(String backendName, Path root) {
    this.backendName = Objects.requireNonNull(backendName, "backendName");
    Path normalRoot = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.resolver =
        key -> {
          Path path = normalRoot.resolve(key).normalize();
          if (!path.startsWith(normalRoot)) {
            throw new org.remotestore.InvalidPath(
                "Key escapes the backend root: " + key, backendName, key);
          }
          return path;
        };
  }

  /** Resumable writes of a local backend, with its checks of keys and symbolic links. */
  LocalResumableWrites(LocalBackend backend) {
    this.backendName = backend.name();
    this.resolver = backend::resolve;
  }

  /** Maps a key to its file, refusing keys that lead outside the root. */
  @FunctionalInterface
  interface KeyResolver {
    Path resolve(String key) throws IOException;
  }

  @Override
  public PendingUpload begin(String key) throws IOException {
    String stagingKey = StagedFileState.stagingKeyFor(key, UUID.randomUUID().toString());
    Path staging = resolve(stagingKey);
    Files.createDirectories(staging.getParent());
    FileChannel channel =
        FileChannel.open(staging, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new Upload(stagingKey, key, channel, 0, false);
  }

  @Override
  public PendingUpload resume(byte[] resumeState) throws IOException {
    StagedFileState state = StagedFileState.decode(resumeState, backendName);
    Path staging = resolve(state.stagingKey());
    FileChannel channel;
    try {
      channel = FileChannel.open(staging, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw new NotFound(
          "Cannot resume upload to '"
              + state.targetKey()
              + "': in-progress file '"
              + state.stagingKey()
              + "' no longer exists (already committed or cleaned up)",
          backendName,
          state.stagingKey(),
          e);
    }
    try {
      long size = channel.size();
      if (size < state.length()) {
        throw new RemoteStoreException(
            "Cannot resume upload to '"
                + state.targetKey()
                + "': in-progress file '"
                + state.stagingKey()
                + "' has "
                + size
                + " bytes, fewer than the "
                + state.length()
                + " persisted",
            backendName,
            state.stagingKey());
      }
      channel.truncate(state.length());
      channel.position(state.length());
      channel.force(true);
      return new Upload(state.stagingKey(), state.targetKey(), channel, state.length(), true);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void commit(byte[] commitState) throws IOException {
    StagedFileState state = StagedFileState.decode(commitState, backendName);
    Path staging = resolve(state.stagingKey());
    Path target = resolve(state.targetKey());
    if (!Files.exists(staging)) {
      if (Files.isRegularFile(target) && Files.size(target) == state.length()) {
        return; // committed before a restart
      }
      throw new NotFound(
          "Cannot commit upload to '"
              + state.targetKey()
              + "': in-progress file '"
              + state.stagingKey()
              + "' is missing and the target does not hold the expected "
              + state.length()
              + " bytes",
          backendName,
          state.stagingKey());
    }
    long size = Files.size(staging);
    if (size < state.length()) {
      throw new RemoteStoreException(
          "Cannot commit upload to '"
              + state.targetKey()
              + "': in-progress file has "
              + size
              + " bytes, fewer than the "
              + state.length()
              + " expected",
          backendName,
          state.stagingKey());
    }
    if (size > state.length()) {
      try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE)) {
        channel.truncate(state.length());
        channel.force(true);
      }
    }
    try {
      Files.move(
          staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new RemoteStoreException(
          "Cannot commit upload to '" + state.targetKey() + "': no atomic rename on this volume",
          backendName,
          state.targetKey(),
          e);
    }
    syncDirectory(target.getParent());
  }

  @Override
  public boolean cleanup(byte[] resumeState) {
    // Resuming truncates the one in-progress file in place: no state is ever superseded by a copy.
    return false;
  }

  @Override
  public String targetKey(byte[] state) throws IOException {
    return StagedFileState.decode(state, backendName).targetKey();
  }

  @Override
  public boolean requiresCleanup() {
    return false;
  }

  @Override
  public void abort(byte[] commitState) throws IOException {
    Files.deleteIfExists(resolve(StagedFileState.decode(commitState, backendName).stagingKey()));
  }

  private Path resolve(String key) throws IOException {
    return resolver.resolve(key);
  }

  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open directories; the rename itself is still atomic.
    }
  }

  private final class Upload implements PendingUpload {
    private final String stagingKey;
    private final String targetKey;
    private final FileChannel channel;
    private final OutputStream out;
    private long position;
    private boolean persisted;
    private boolean closed;
    private boolean closedForCommit;

    Upload(
        String stagingKey,
        String targetKey,
        FileChannel channel,
        long position,
        boolean persisted) {
      this.stagingKey = stagingKey;
      this.targetKey = targetKey;
      this.channel = channel;
      this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
      this.position = position;
      this.persisted = persisted;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      ensureOpen();
      out.write(buffer, offset, length);
      position += length;
    }

    @Override
    public void flush() throws IOException {
      ensureOpen();
      out.flush();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public byte[] persist() throws IOException {
      ensureOpen();
      out.flush();
      channel.force(true);
      persisted = true;
      return new StagedFileState(stagingKey, targetKey, position).encode();
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      byte[] state = persist();
      closedForCommit = true;
      closed = true;
      out.close();
      return state;
    }

    private void ensureOpen() throws IOException {
      if (closed) {
        throw new IOException("Upload to '" + targetKey + "' is closed");
      }
    }

    @Override
    public void close() throws IOException {
      if (closed && !channel.isOpen()) {
        return;
      }
      closed = true;
      try {
        channel.close();
      } finally {
        if (!persisted && !closedForCommit) {
          Files.deleteIfExists(resolve(stagingKey));
        }
      }
    }
  }
}
