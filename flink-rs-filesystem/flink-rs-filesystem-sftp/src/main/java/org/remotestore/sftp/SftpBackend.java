package org.remotestore.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;
import org.remotestore.AlreadyExists;
import org.remotestore.Capabilities;
import org.remotestore.FileInfo;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.ResumableWrites;

/**
 * A backend over a folder of an SFTP server (type {@code sftp}), with real folders, through Apache
 * MINA SSHD's SFTP client (protocol version 3, as OpenSSH speaks it).
 *
 * <p>Writes go to a hidden temporary file ({@value SftpFiles#TEMP_PREFIX}...) in the target's
 * folder, are synced on the server ({@code fsync@openssh.com} when offered) and then renamed into
 * place, so readers see the old or the new content, never a part; a failed or aborted write removes
 * its temporary file and the folders it created. Without overwrite the rename itself refuses an
 * existing target; with overwrite the server's {@code posix-rename@openssh.com} replaces it
 * atomically, or else the old file is parked and restored on failure. Moves are renames. Resumable
 * writes (Flink's RecoverableWriter) use a hidden part file next to the target.
 *
 * <p>Each operation borrows an SFTP channel from a small pool ({@link SftpConnections}); a lost or
 * silent connection fails the operation with {@link org.remotestore.BackendUnavailable} and the
 * next operation connects again. Files carry size and modification time, no entity tag.
 */
public final class SftpBackend implements Backend, LeftoverSupport {

  /** The backend type name. */
  public static final String TYPE = "sftp";

  private static final Capabilities CAPABILITIES = Capabilities.all();
  private static final int READ_BUFFER = 64 * 1024;

  private final SftpSettings settings;
  private final String name;
  private final SftpErrors errors;
  private final SftpConnections connections;
  private final SftpFiles files;
  private final SftpLeftovers leftovers = new SftpLeftovers(this);

  /** Creates a backend; nothing is connected before the first operation. */
  public SftpBackend(SftpSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.name = settings.name();
    this.errors = new SftpErrors(name);
    this.connections = new SftpConnections(settings, errors);
    this.files = new SftpFiles(settings, errors);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public boolean isObjectStore() {
    return false;
  }

  SftpSettings settings() {
    return settings;
  }

  SftpErrors errors() {
    return errors;
  }

  SftpConnections connections() {
    return connections;
  }

  SftpFiles files() {
    return files;
  }

  /** One operation on a borrowed channel. */
  @FunctionalInterface
  interface ChannelCall<T> {
    T run(SftpClient channel) throws IOException;
  }

  /**
   * Runs {@code call} on a borrowed channel and gives it back (or drops it after a connection
   * failure); failures are translated for {@code key}.
   */
  <T> T call(String key, ChannelCall<T> call) throws IOException {
    SftpClient channel = connections.borrow();
    boolean healthy = true;
    try {
      return call.run(channel);
    } catch (IOException e) {
      healthy = !SftpErrors.isConnectionFailure(e);
      throw errors.map(e, key);
    } catch (RuntimeException e) {
      healthy = false;
      throw e;
    } finally {
      connections.release(channel, healthy);
    }
  }

  private String keyOf(String folderKey, String child) {
    return folderKey.isEmpty() ? child : folderKey + "/" + child;
  }

  private FileInfo info(String key, SftpClient.Attributes a) {
    Instant modified = a.getModifyTime() == null ? null : a.getModifyTime().toInstant();
    return new FileInfo(key, a.getSize(), modified, null, null);
  }

  // ---------------------------------------------------------------- reading

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    SftpClient channel = connections.borrow();
    SftpClient.CloseableHandle handle = null;
    try {
      String path = files.remote(key);
      SftpClient.Attributes a = SftpFiles.statOrNull(channel, path);
      if (a == null || !a.isRegularFile()) {
        throw a == null
            ? errors.notFound(key)
            : new NotFound("Not a file but a folder: '" + key + "'", name, key);
      }
      long size = a.getSize();
      long from = Math.min(Math.max(0, offset), size);
      long limit = length < 0 ? size - from : Math.min(length, size - from);
      handle = channel.open(path, EnumSet.of(SftpClient.OpenMode.Read));
      return new SftpReadStream(this, channel, handle, key, from, limit, READ_BUFFER);
    } catch (IOException | RuntimeException e) {
      boolean healthy = !SftpErrors.isConnectionFailure(e);
      if (handle != null) {
        SftpReadStream.closeQuietly(channel, handle);
      }
      connections.release(channel, healthy);
      if (e instanceof IOException io) {
        throw errors.map(io, key);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    if (key.isEmpty()) {
      return null;
    }
    return call(
        key,
        c -> {
          SftpClient.Attributes a = SftpFiles.statOrNull(c, files.remote(key));
          return a == null || !a.isRegularFile() ? null : info(key, a);
        });
  }

  @Override
  public Level list(String folderKey) throws IOException {
    return call(
        folderKey,
        c -> {
          String path = files.remote(folderKey);
          SftpClient.Attributes dir = SftpFiles.statOrNull(c, path);
          if (dir == null || !dir.isDirectory()) {
            return new Level(List.of(), List.of());
          }
          List<FileInfo> found = new ArrayList<>();
          List<String> folders = new ArrayList<>();
          Iterable<SftpClient.DirEntry> entries;
          try {
            entries = c.readEntries(path);
          } catch (SftpException e) {
            if (SftpErrors.isNoSuchFile(e)) {
              return new Level(List.of(), List.of());
            }
            throw e;
          }
          for (SftpClient.DirEntry entry : entries) {
            String child = entry.getFilename();
            if (child.equals(".") || child.equals("..") || SftpFiles.isHidden(child)) {
              continue;
            }
            String key = keyOf(folderKey, child);
            SftpClient.Attributes a = entry.getAttributes();
            if (a.isSymbolicLink()) {
              a = SftpFiles.statOrNull(c, files.remote(key));
              if (a == null) {
                continue; // a dangling link
              }
            }
            if (a.isDirectory()) {
              folders.add(key);
            } else if (a.isRegularFile()) {
              found.add(info(key, a));
            }
          }
          return new Level(found, folders);
        });
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    return call(
        folderKey,
        c -> {
          SftpClient.Attributes a = SftpFiles.statOrNull(c, files.remote(folderKey));
          return a != null && a.isDirectory();
        });
  }

  // ---------------------------------------------------------------- writing

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    if (key.isEmpty()) {
      throw new InvalidPath("Cannot write the root folder", name, key);
    }
    files.checkNotReserved(key);
    SftpClient channel = connections.borrow();
    List<String> created = List.of();
    try {
      files.checkTarget(channel, key, overwrite);
      created = files.createParents(channel, key);
      String temp = files.hiddenSibling(key, UUID.randomUUID().toString());
      SftpClient.CloseableHandle handle =
          channel.open(
              temp,
              EnumSet.of(
                  SftpClient.OpenMode.Write,
                  SftpClient.OpenMode.Create,
                  SftpClient.OpenMode.Exclusive));
      return new SftpOutputStream(this, channel, handle, temp, key, overwrite, created);
    } catch (IOException | RuntimeException e) {
      boolean healthy = !SftpErrors.isConnectionFailure(e);
      if (healthy) {
        SftpFiles.removeCreated(channel, created);
      }
      connections.release(channel, healthy);
      if (e instanceof IOException io) {
        throw errors.map(io, key);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public boolean delete(String key) throws IOException {
    if (key.isEmpty()) {
      return false;
    }
    return call(
        key,
        c -> {
          String path = files.remote(key);
          try {
            c.remove(path);
            return true;
          } catch (SftpException e) {
            if (SftpErrors.isNoSuchFile(e)) {
              return false;
            }
            SftpClient.Attributes a = SftpFiles.statOrNull(c, path);
            if (a == null || a.isDirectory()) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public void deleteFolder(String folderKey) throws IOException {
    call(
        folderKey,
        c -> {
          String path = files.remote(folderKey);
          SftpClient.Attributes a = SftpFiles.statOrNull(c, path);
          if (a != null && a.isDirectory()) {
            removeTree(c, path, folderKey.isEmpty());
          }
          return null;
        });
  }

  private void removeTree(SftpClient c, String path, boolean keepFolder) throws IOException {
    List<SftpClient.DirEntry> entries = new ArrayList<>();
    try {
      c.readEntries(path).forEach(entries::add);
    } catch (SftpException e) {
      if (SftpErrors.isNoSuchFile(e)) {
        return;
      }
      throw e;
    }
    for (SftpClient.DirEntry entry : entries) {
      String child = entry.getFilename();
      if (child.equals(".") || child.equals("..")) {
        continue;
      }
      String childPath = path + "/" + child;
      SftpClient.Attributes a = entry.getAttributes();
      try {
        if (a.isDirectory() && !a.isSymbolicLink()) {
          removeTree(c, childPath, false);
        } else {
          c.remove(childPath); // a link is removed, never followed
        }
      } catch (SftpException e) {
        if (!SftpErrors.isNoSuchFile(e)) {
          throw e;
        }
      }
    }
    if (!keepFolder) {
      try {
        c.rmdir(path);
      } catch (SftpException e) {
        if (!SftpErrors.isNoSuchFile(e)) {
          throw e;
        }
      }
    }
  }

  @Override
  public void createFolder(String folderKey) throws IOException {
    files.checkNotReserved(folderKey);
    call(
        folderKey,
        c -> {
          if (!folderKey.isEmpty()) {
            SftpClient.Attributes a = SftpFiles.statOrNull(c, files.remote(folderKey));
            if (a != null && !a.isDirectory()) {
              throw new AlreadyExists("A file exists at '" + folderKey + "'", name, folderKey);
            }
          }
          files.createFolders(c, folderKey.isEmpty() ? "" : folderKey, folderKey);
          return null;
        });
  }

  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    files.checkNotReserved(targetKey);
    return call(
        sourceKey,
        c -> {
          SftpClient.Attributes a = SftpFiles.statOrNull(c, files.remote(sourceKey));
          if (a == null || !a.isRegularFile()) {
            throw errors.notFound(sourceKey);
          }
          if (sourceKey.equals(targetKey)) {
            return true;
          }
          files.checkTarget(c, targetKey, overwrite);
          List<String> created = files.createParents(c, targetKey);
          try {
            files.publish(c, files.remote(sourceKey), targetKey, overwrite);
          } catch (IOException | RuntimeException e) {
            if (!SftpErrors.isConnectionFailure(e)) {
              SftpFiles.removeCreated(c, created);
            }
            throw e;
          }
          return true;
        });
  }

  /**
   * Resumable writes for Flink's RecoverableWriter: a hidden in-progress file next to the target,
   * synced on persist, truncated to the persisted size on resume, and renamed on commit.
   */
  @Override
  public ResumableWrites resumableWrites() {
    return new SftpResumableWrites(this);
  }

  /**
   * Lists hidden in-progress files of resumable writes and temporary files of atomic writes at or
   * below {@code folderKey} (see {@link SftpLeftovers}); the sweeper decides what may go.
   */
  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    return leftovers.listLeftovers(folderKey);
  }

  /** Deletes one listed hidden file; never a published file. */
  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    return leftovers.removeLeftover(leftover);
  }

  @Override
  public void close() {
    connections.close();
  }

  @Override
  public String toString() {
    return "SftpBackend{name=" + name + ", " + settings.where() + "}";
  }

  /** Translates a failure of an operation on {@code key}. */
  RemoteStoreException map(IOException e, String key) {
    return errors.map(e, key);
  }
}
