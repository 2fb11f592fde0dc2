package org.remotestore.memory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.UUID;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.spi.StagedFileState;

/**
 * Resumable writes on the memory backend. Bytes are held by the pending upload; {@link
 * PendingUpload#persist()} stores them as a hidden in-progress file {@code .<name>.inprogress.<id>}
 * in the target's folder of the same backend, so a persisted upload survives the failure of the
 * writer (the memory backend's data lives as long as the JVM). Resuming truncates the in-progress
 * file to the persisted length; committing renames it to the target.
 *
 * <p>Nothing is stored before the first persist, so an upload abandoned before any checkpoint
 * leaves nothing behind. Every persist rewrites the in-progress file whole, which is cheap in
 * memory.
 */
public final class MemoryResumableWrites implements ResumableWrites {
  private final Backend backend;

  /** Creates resumable writes over a backend's files. */
  public MemoryResumableWrites(Backend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  @Override
  public PendingUpload begin(String key) {
    String staging = StagedFileState.stagingKeyFor(key, UUID.randomUUID().toString());
    return new Upload(staging, key, new ByteArrayOutputStream());
  }

  @Override
  public PendingUpload resume(byte[] resumeState) throws IOException {
    StagedFileState state = StagedFileState.decode(resumeState, backend.name());
    byte[] staged = readStaged(state, "resume");
    if (staged.length < state.length()) {
      throw new RemoteStoreException(
          "Cannot resume upload to '"
              + state.targetKey()
              + "': in-progress file '"
              + state.stagingKey()
              + "' has "
              + staged.length
              + " bytes, fewer than the "
              + state.length()
              + " persisted",
          backend.name(),
          state.stagingKey());
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) state.length());
    buffer.write(staged, 0, (int) state.length());
    Upload upload = new Upload(state.stagingKey(), state.targetKey(), buffer);
    upload.store();
    return upload;
  }

  @Override
  public void commit(byte[] commitState) throws IOException {
    StagedFileState state = StagedFileState.decode(commitState, backend.name());
    FileInfo staged = backend.stat(state.stagingKey());
    if (staged == null) {
      FileInfo target = backend.stat(state.targetKey());
      if (target != null && target.size() == state.length()) {
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
          backend.name(),
          state.stagingKey());
    }
    if (staged.size() != state.length()) {
      byte[] bytes = readStaged(state, "commit");
      if (bytes.length < state.length()) {
        throw new RemoteStoreException(
            "Cannot commit upload to '" + state.targetKey() + "': in-progress file is too short",
            backend.name(),
            state.stagingKey());
      }
      writeWhole(state.stagingKey(), bytes, (int) state.length());
    }
    if (!backend.move(state.stagingKey(), state.targetKey(), true)) {
      writeWhole(state.targetKey(), readStaged(state, "commit"), (int) state.length());
      backend.delete(state.stagingKey());
    }
  }

  @Override
  public boolean cleanup(byte[] resumeState) {
    return false;
  }

  @Override
  public String targetKey(byte[] state) throws IOException {
    return StagedFileState.decode(state, backend.name()).targetKey();
  }

  @Override
  public boolean requiresCleanup() {
    return false;
  }

  @Override
  public void abort(byte[] commitState) throws IOException {
    backend.delete(StagedFileState.decode(commitState, backend.name()).stagingKey());
  }

  private byte[] readStaged(StagedFileState state, String operation) throws IOException {
    try (InputStream in = backend.read(state.stagingKey(), 0, -1)) {
      return in.readAllBytes();
    } catch (NotFound e) {
      throw new NotFound(
          "Cannot "
              + operation
              + " upload to '"
              + state.targetKey()
              + "': in-progress file '"
              + state.stagingKey()
              + "' no longer exists (already committed or cleaned up)",
          backend.name(),
          state.stagingKey(),
          e);
    }
  }

  private void writeWhole(String key, byte[] bytes, int length) throws IOException {
    Store.AtomicOutputStream out = backend.openOutput(key, true);
    try {
      out.write(bytes, 0, length);
      out.close();
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  private final class Upload implements PendingUpload {
    private final String stagingKey;
    private final String targetKey;
    private final ByteArrayOutputStream buffer;
    private boolean closed;

    Upload(String stagingKey, String targetKey, ByteArrayOutputStream buffer) {
      this.stagingKey = stagingKey;
      this.targetKey = targetKey;
      this.buffer = buffer;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      ensureOpen();
      buffer.write(bytes, offset, length);
    }

    @Override
    public long position() {
      return buffer.size();
    }

    @Override
    public byte[] persist() throws IOException {
      ensureOpen();
      store();
      return new StagedFileState(stagingKey, targetKey, buffer.size()).encode();
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      byte[] state = persist();
      closed = true;
      return state;
    }

    void store() throws IOException {
      writeWhole(stagingKey, buffer.toByteArray(), buffer.size());
    }

    private void ensureOpen() throws IOException {
      if (closed) {
        throw new IOException("Upload to '" + targetKey + "' is closed");
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
