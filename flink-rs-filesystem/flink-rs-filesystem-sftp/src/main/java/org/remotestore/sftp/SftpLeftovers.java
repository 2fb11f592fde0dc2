package org.remotestore.sftp;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;
import org.remotestore.InvalidPath;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;

/**
 * What crashed writers leave on an SFTP server: the hidden in-progress files of resumable writes
 * ({@code .<name>.inprogress.<id>}, kind {@value LeftoverSupport#KIND_STAGING_FILE}) and the
 * temporary files of atomic writes ({@value SftpFiles#TEMP_PREFIX}{@code <uuid>}, kind {@value
 * LeftoverSupport#KIND_TEMPORARY_FILE}). The id of each is its backend key, as the resumable
 * write's state records it; the age is the file's modification time, which a live writer keeps
 * moving. Folders are walked on one channel without following symbolic links.
 *
 * <p>A parked file ({@value SftpFiles#TEMP_PREFIX}{@code parked.<uuid>}) is not listed: it holds
 * the previous content of a file being replaced without posix-rename, and after a crash between
 * parking and publishing it is the only copy of that content, so it is left for a person to look
 * at.
 */
final class SftpLeftovers implements LeftoverSupport {
  /** {@code .<name>.inprogress.<id>}, the naming of {@code StagedFileState.stagingKeyFor}. */
  private static final Pattern STAGING = Pattern.compile("\\..+\\.inprogress\\.[^/]+");

  private static final String PARKED = SftpFiles.TEMP_PREFIX + "parked.";

  private final SftpBackend backend;

  SftpLeftovers(SftpBackend backend) {
    this.backend = backend;
  }

  /** The leftover kind of a file name, or {@code null} when the name is not one of ours. */
  static String kindOf(String fileName) {
    if (fileName.startsWith(PARKED)) {
      return null;
    }
    if (SftpFiles.isHidden(fileName)) {
      return KIND_TEMPORARY_FILE;
    }
    return STAGING.matcher(fileName).matches() ? KIND_STAGING_FILE : null;
  }

  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    return backend.call(
        folderKey,
        c -> {
          List<Leftover> out = new ArrayList<>();
          SftpClient.Attributes start = SftpFiles.statOrNull(c, backend.files().remote(folderKey));
          if (start != null && start.isDirectory()) {
            walk(c, folderKey, out);
          }
          return out;
        });
  }

  private void walk(SftpClient c, String folderKey, List<Leftover> out) throws IOException {
    List<SftpClient.DirEntry> entries = new ArrayList<>();
    try {
      c.readEntries(backend.files().remote(folderKey)).forEach(entries::add);
    } catch (SftpException e) {
      if (SftpErrors.isNoSuchFile(e)) {
        return; // removed meanwhile
      }
      throw e;
    }
    for (SftpClient.DirEntry entry : entries) {
      String name = entry.getFilename();
      if (name.equals(".") || name.equals("..")) {
        continue;
      }
      String key = folderKey.isEmpty() ? name : folderKey + "/" + name;
      SftpClient.Attributes a = entry.getAttributes();
      if (a.isSymbolicLink()) {
        continue; // never followed, never a leftover of ours
      }
      if (a.isDirectory()) {
        walk(c, key, out);
        continue;
      }
      String kind = kindOf(name);
      if (kind != null && a.isRegularFile()) {
        Instant modified = a.getModifyTime() == null ? null : a.getModifyTime().toInstant();
        out.add(new Leftover(key, kind, key, modified, a.getSize()));
      }
    }
  }

  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    String key = leftover.key();
    String kind = kindOf(key.substring(key.lastIndexOf('/') + 1));
    if (kind == null || !kind.equals(leftover.kind()) || !key.equals(leftover.id())) {
      throw new InvalidPath(
          "Refusing to remove '"
              + key
              + "' on backend '"
              + backend.name()
              + "': not a "
              + leftover.kind()
              + " of an sftp writer",
          backend.name(),
          key);
    }
    return backend.call(
        key,
        c -> {
          String path = backend.files().remote(key);
          SftpClient.Attributes a = SftpFiles.statOrNull(c, path);
          if (a == null) {
            return false;
          }
          if (!a.isRegularFile()) {
            throw new InvalidPath(
                "Refusing to remove '" + key + "' on backend '" + backend.name() + "': not a file",
                backend.name(),
                key);
          }
          try {
            c.remove(path);
            return true;
          } catch (SftpException e) {
            if (SftpErrors.isNoSuchFile(e)) {
              return false;
            }
            throw e;
          }
        });
  }
}
