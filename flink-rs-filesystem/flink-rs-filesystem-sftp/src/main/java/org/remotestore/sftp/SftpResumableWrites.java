package org.remotestore.sftp;

import java.io.IOException;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.spi.StagedFileState;

/**
 * Resumable writes on SFTP: bytes go to an in-progress file {@code .<name>.inprogress.<id>} next to
 * the target over one channel held by the upload. {@link PendingUpload#persist()} waits for the
 * answer to every write, syncs the file ({@code fsync@openssh.com} where offered) and checks the
 * server's size before recording it; resuming truncates the file to the persisted size; committing
 * renames it onto the target (atomically with posix-rename, else park and restore). Committing
 * again after a restart, when the target already holds the committed size, is a success. An upload
 * closed before its first persist deletes its in-progress file.
 */
final class SftpResumableWrites implements ResumableWrites {
  private static final int BUFFER = 64 * 1024;

  private final SftpBackend backend;
  private final String name;

  SftpResumableWrites(SftpBackend backend) {
    this.backend = backend;
    this.name = backend.name();
  }

  @Override
  public PendingUpload begin(String key) throws IOException {
    String stagingKey = StagedFileState.stagingKeyFor(key, UUID.randomUUID().toString());
    SftpClient channel = backend.connections().borrow();
    try {
      backend.files().createParents(channel, key);
      SftpClient.CloseableHandle handle =
          channel.open(
              backend.files().remote(stagingKey),
              EnumSet.of(
                  SftpClient.OpenMode.Write,
                  SftpClient.OpenMode.Create,
                  SftpClient.OpenMode.Exclusive));
      return new Upload(channel, handle, stagingKey, key, 0, false);
    } catch (IOException | RuntimeException e) {
      backend.connections().release(channel, !SftpErrors.isConnectionFailure(e));
      if (e instanceof IOException io) {
        throw backend.map(io, key);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public PendingUpload resume(byte[] resumeState) throws IOException {
    StagedFileState state = StagedFileState.decode(resumeState, name);
    SftpClient channel = backend.connections().borrow();
    SftpClient.CloseableHandle handle = null;
    try {
      String staging = backend.files().remote(state.stagingKey());
      SftpClient.Attributes a = SftpFiles.statOrNull(channel, staging);
      if (a == null) {
        throw new NotFound(
            "Cannot resume upload to '"
                + state.targetKey()
                + "': in-progress file '"
                + state.stagingKey()
                + "' no longer exists (already committed or cleaned up)",
            name,
            state.stagingKey());
      }
      checkSize(a.getSize(), state, "resume");
      handle = channel.open(staging, EnumSet.of(SftpClient.OpenMode.Write));
      channel.setStat(handle, new SftpClient.Attributes().size(state.length()));
      backend.files().fsync(channel, handle);
      return new Upload(
          channel, handle, state.stagingKey(), state.targetKey(), state.length(), true);
    } catch (IOException | RuntimeException e) {
      if (handle != null) {
        SftpReadStream.closeQuietly(channel, handle);
      }
      backend.connections().release(channel, !SftpErrors.isConnectionFailure(e));
      if (e instanceof IOException io) {
        throw backend.map(io, state.stagingKey());
      }
      throw (RuntimeException) e;
    }
  }

  private void checkSize(long size, StagedFileState state, String what)
      throws RemoteStoreException {
    if (size < state.length()) {
      throw new RemoteStoreException(
          "Cannot "
              + what
              + " upload to '"
              + state.targetKey()
              + "': in-progress file '"
              + state.stagingKey()
              + "' has "
              + size
              + " bytes, fewer than the "
              + state.length()
              + " persisted",
          name,
          state.stagingKey());
    }
  }

  @Override
  public void commit(byte[] commitState) throws IOException {
    StagedFileState state = StagedFileState.decode(commitState, name);
    backend.call(
        state.targetKey(),
        c -> {
          String staging = backend.files().remote(state.stagingKey());
          SftpClient.Attributes a = SftpFiles.statOrNull(c, staging);
          if (a == null) {
            SftpClient.Attributes t =
                SftpFiles.statOrNull(c, backend.files().remote(state.targetKey()));
            if (t != null && t.isRegularFile() && t.getSize() == state.length()) {
              return null; // committed before a restart
            }
            throw new NotFound(
                "Cannot commit upload to '"
                    + state.targetKey()
                    + "': in-progress file '"
                    + state.stagingKey()
                    + "' is missing and the target does not hold the expected "
                    + state.length()
                    + " bytes",
                name,
                state.stagingKey());
          }
          checkSize(a.getSize(), state, "commit");
          if (a.getSize() > state.length()) {
            c.setStat(staging, new SftpClient.Attributes().size(state.length()));
          }
          backend.files().publish(c, staging, state.targetKey(), true);
          return null;
        });
  }

  @Override
  public boolean cleanup(byte[] resumeState) {
    // Resuming truncates the one in-progress file in place: no state is superseded by a copy.
    return false;
  }

  @Override
  public boolean requiresCleanup() {
    return false;
  }

  @Override
  public String targetKey(byte[] state) throws IOException {
    return StagedFileState.decode(state, name).targetKey();
  }

  @Override
  public void abort(byte[] commitState) throws IOException {
    StagedFileState state = StagedFileState.decode(commitState, name);
    backend.call(
        state.stagingKey(),
        c -> {
          SftpFiles.removeQuietly(c, backend.files().remote(state.stagingKey()));
          return null;
        });
  }

  private final class Upload implements PendingUpload {
    private final SftpClient channel;
    private final SftpClient.CloseableHandle handle;
    private final String stagingKey;
    private final String targetKey;
    private SftpOutputStreamAsync out;
    private long position;
    private boolean persisted;
    private boolean failed;
    private boolean closed;

    Upload(
        SftpClient channel,
        SftpClient.CloseableHandle handle,
        String stagingKey,
        String targetKey,
        long position,
        boolean persisted)
        throws IOException {
      this.channel = channel;
      this.handle = handle;
      this.stagingKey = stagingKey;
      this.targetKey = targetKey;
      this.position = position;
      this.persisted = persisted;
      this.out = stream(position);
    }

    private SftpOutputStreamAsync stream(long offset) throws IOException {
      SftpOutputStreamAsync s =
          new SftpOutputStreamAsync(
              (AbstractSftpClient) channel,
              BUFFER,
              backend.files().remote(stagingKey),
              handle,
              false);
      s.setOffset(offset);
      return s;
    }

    private void ensureOpen() throws IOException {
      if (closed) {
        throw new IOException("Upload to '" + targetKey + "' is closed");
      }
    }

    private RemoteStoreException failure(Exception e) {
      failed = failed || SftpErrors.isConnectionFailure(e);
      return e instanceof IOException io
          ? backend.map(io, stagingKey)
          : new RemoteStoreException(
              "Upload to '" + targetKey + "' failed: " + e, name, stagingKey, e);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      ensureOpen();
      try (SftpConnections.Watch watch = backend.connections().watch(channel)) {
        try {
          out.write(buffer, offset, length);
        } catch (IOException e) {
          failed = failed || watch.expired() || SftpErrors.isConnectionFailure(e);
          throw watch.failure(e, stagingKey);
        } catch (RuntimeException e) {
          throw failure(e);
        }
      }
      position += length;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public byte[] persist() throws IOException {
      ensureOpen();
      try (SftpConnections.Watch watch = backend.connections().watch(channel)) {
        out.close(); // waits for the answer to every write; the handle stays open
        backend.files().fsync(channel, handle);
        long size = channel.stat(handle).getSize();
        if (size < position) {
          throw new RemoteStoreException(
              "In-progress file '"
                  + stagingKey
                  + "' has "
                  + size
                  + " bytes on the server, fewer than the "
                  + position
                  + " written",
              name,
              stagingKey);
        }
        out = stream(position);
      } catch (IOException | RuntimeException e) {
        throw failure(e);
      }
      persisted = true;
      return new StagedFileState(stagingKey, targetKey, position).encode();
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      byte[] state = persist();
      closed = true;
      SftpReadStream.closeQuietly(channel, handle);
      backend.connections().release(channel, !failed);
      return state;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.close();
      } catch (IOException | RuntimeException e) {
        failed = failed || SftpErrors.isConnectionFailure(e);
      }
      SftpReadStream.closeQuietly(channel, handle);
      if (!persisted && !failed) {
        SftpFiles.removeQuietly(channel, backend.files().remote(stagingKey));
      }
      backend.connections().release(channel, !failed);
    }
  }
}
