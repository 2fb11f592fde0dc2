package org.remotestore.sftp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpException;
import org.remotestore.AlreadyExists;
import org.remotestore.InvalidPath;
import org.remotestore.RemoteStoreException;

/**
 * The file steps of the sftp backend on one borrowed channel: server paths of keys, {@code stat}
 * without exceptions for missing files, creating missing parent folders (and removing them again
 * when a write fails), and publishing a finished hidden file at its target by a rename. Replacing
 * an existing file uses {@code posix-rename@openssh.com} where the server offers it (atomic);
 * otherwise the old file is parked under a hidden name, the new one renamed into place, and the old
 * one restored if that rename fails.
 */
final class SftpFiles {

  /** The name prefix of temporary and parked files; such names are hidden and cannot be written. */
  static final String TEMP_PREFIX = ".rs-tmp.";

  private final SftpSettings settings;
  private final SftpErrors errors;
  private volatile boolean baseChecked;

  SftpFiles(SftpSettings settings, SftpErrors errors) {
    this.settings = settings;
    this.errors = errors;
  }

  /** The server path of a backend key. */
  String remote(String key) {
    return settings.remotePath(key);
  }

  /** The server path of a hidden sibling of {@code key} named {@code TEMP_PREFIX + suffix}. */
  String hiddenSibling(String key, String suffix) {
    int slash = key.lastIndexOf('/');
    String folder = slash < 0 ? "" : key.substring(0, slash + 1);
    return remote(folder + TEMP_PREFIX + suffix);
  }

  /** Whether a file name is one of the backend's hidden names. */
  static boolean isHidden(String fileName) {
    return fileName.startsWith(TEMP_PREFIX);
  }

  /** Refuses keys with a segment in the hidden name space. */
  void checkNotReserved(String key) throws InvalidPath {
    for (String segment : key.split("/")) {
      if (isHidden(segment)) {
        throw new InvalidPath(
            "Invalid path '" + key + "': names starting with " + TEMP_PREFIX + " are reserved",
            settings.name(),
            key);
      }
    }
  }

  /** The attributes at a server path (following links), or {@code null} when there is nothing. */
  static SftpClient.Attributes statOrNull(SftpClient c, String remotePath) throws IOException {
    try {
      return c.stat(remotePath);
    } catch (SftpException e) {
      if (SftpErrors.isNoSuchFile(e)) {
        return null;
      }
      throw e;
    }
  }

  /** Fails when a folder is at {@code key}, or a file is there and {@code overwrite} is false. */
  void checkTarget(SftpClient c, String key, boolean overwrite) throws IOException {
    if (key.isEmpty()) {
      throw new InvalidPath("Cannot write the root folder", settings.name(), key);
    }
    SftpClient.Attributes a = statOrNull(c, remote(key));
    if (a == null) {
      return;
    }
    if (a.isDirectory()) {
      throw new AlreadyExists("A folder exists at '" + key + "'", settings.name(), key);
    }
    if (!overwrite) {
      throw errors.alreadyExists(key);
    }
  }

  /**
   * Creates the missing parent folders of {@code key}; returns their server paths, deepest last.
   */
  List<String> createParents(SftpClient c, String key) throws IOException {
    int slash = key.lastIndexOf('/');
    ensureBase(c);
    if (slash < 0) {
      return List.of();
    }
    return createFolders(c, key.substring(0, slash), key);
  }

  /** Creates the folder at {@code folderKey} and its missing parents; returns those created. */
  List<String> createFolders(SftpClient c, String folderKey, String forKey) throws IOException {
    ensureBase(c);
    SftpClient.Attributes existing = statOrNull(c, remote(folderKey));
    if (existing != null && existing.isDirectory()) {
      return List.of();
    }
    List<String> created = new ArrayList<>();
    String[] segments = folderKey.split("/");
    StringBuilder prefix = new StringBuilder();
    try {
      for (String segment : segments) {
        if (prefix.length() > 0) {
          prefix.append('/');
        }
        prefix.append(segment);
        String path = remote(prefix.toString());
        SftpClient.Attributes a = statOrNull(c, path);
        if (a == null) {
          try {
            c.mkdir(path);
            created.add(path);
            continue;
          } catch (SftpException e) {
            a = statOrNull(c, path); // created by someone else meanwhile?
            if (a == null) {
              throw e;
            }
          }
        }
        if (!a.isDirectory()) {
          throw new AlreadyExists(
              "Cannot write '"
                  + forKey
                  + "': a file exists at '"
                  + prefix
                  + "' where a folder is needed",
              settings.name(),
              forKey);
        }
      }
    } catch (IOException e) {
      removeCreated(c, created);
      throw e;
    }
    return created;
  }

  private void ensureBase(SftpClient c) throws IOException {
    String base = settings.basePath();
    if (baseChecked || base.isEmpty() || base.equals("/")) {
      return;
    }
    SftpClient.Attributes a = statOrNull(c, base);
    if (a == null) {
      StringBuilder prefix = new StringBuilder(base.startsWith("/") ? "/" : "");
      for (String segment : base.split("/")) {
        if (segment.isEmpty()) {
          continue;
        }
        if (prefix.length() > 0 && prefix.charAt(prefix.length() - 1) != '/') {
          prefix.append('/');
        }
        prefix.append(segment);
        if (statOrNull(c, prefix.toString()) == null) {
          try {
            c.mkdir(prefix.toString());
          } catch (SftpException e) {
            if (statOrNull(c, prefix.toString()) == null) {
              throw e;
            }
          }
        }
      }
    } else if (!a.isDirectory()) {
      throw new RemoteStoreException(
          "base-path '" + base + "' of sftp backend '" + settings.name() + "' is not a folder",
          settings.name(),
          null);
    }
    baseChecked = true;
  }

  /** Removes folders made by {@link #createParents}, deepest first, stopping at a non-empty one. */
  static void removeCreated(SftpClient c, List<String> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        c.rmdir(created.get(i));
      } catch (IOException | RuntimeException e) {
        return; // someone else put something there meanwhile, or the channel is gone
      }
    }
  }

  /** Syncs an open file on the server when the server offers {@code fsync@openssh.com}. */
  void fsync(SftpClient c, SftpClient.Handle handle) throws IOException {
    if (!settings.fsync()) {
      return;
    }
    OpenSSHFsyncExtension ext = c.getExtension(OpenSSHFsyncExtension.class);
    if (ext != null && ext.isSupported()) {
      ext.fsync(handle);
    }
  }

  /**
   * Publishes the finished file at {@code fromPath} as {@code key}: without overwrite a hard link
   * ({@code hardlink@openssh.com}, refused atomically when the target exists) where the server
   * offers one, else a plain rename, which the server refuses when the target exists; with
   * overwrite an atomic posix-rename, or park, rename and restore.
   */
  void publish(SftpClient c, String fromPath, String key, boolean overwrite) throws IOException {
    String target = remote(key);
    if (!overwrite) {
      if (linkedWithoutOverwrite(c, fromPath, key, target)) {
        return;
      }
      try {
        c.rename(fromPath, target);
        return;
      } catch (SftpException e) {
        if (statOrNull(c, target) != null) {
          throw errors.alreadyExists(key);
        }
        throw e;
      }
    }
    OpenSSHPosixRenameExtension posix =
        settings.posixRename() ? c.getExtension(OpenSSHPosixRenameExtension.class) : null;
    if (posix != null && posix.isSupported()) {
      posix.posixRename(fromPath, target);
      return;
    }
    replaceByParking(c, fromPath, key, target);
  }

  /**
   * Publishes without overwrite by a hard link where the server offers one (atomic: the link fails
   * when the target exists), then removes the hidden name; false when the server has no hard links
   * or the link failed for another reason than an existing target (the caller renames).
   */
  private boolean linkedWithoutOverwrite(SftpClient c, String fromPath, String key, String target)
      throws IOException {
    SftpHardLink hardLink = SftpHardLink.of(c);
    if (hardLink == null) {
      return false;
    }
    try {
      hardLink.link(fromPath, target);
    } catch (SftpException e) {
      if (statOrNull(c, target) != null) {
        throw errors.alreadyExists(key);
      }
      return false; // e.g. a server file system without hard links
    }
    try {
      c.remove(fromPath);
    } catch (IOException | RuntimeException e) {
      // the file is published; its hidden name stays for the sweeper
    }
    return true;
  }

  private void replaceByParking(SftpClient c, String fromPath, String key, String target)
      throws IOException {
    String parked = hiddenSibling(key, "parked." + UUID.randomUUID());
    boolean hadTarget;
    try {
      c.rename(target, parked);
      hadTarget = true;
    } catch (SftpException e) {
      if (!SftpErrors.isNoSuchFile(e) && statOrNull(c, target) != null) {
        throw e;
      }
      hadTarget = false;
    }
    try {
      c.rename(fromPath, target);
    } catch (IOException | RuntimeException e) {
      if (hadTarget) {
        try {
          c.rename(parked, target);
        } catch (IOException | RuntimeException restore) {
          e.addSuppressed(restore);
        }
      }
      throw e;
    }
    if (hadTarget) {
      try {
        c.remove(parked);
      } catch (IOException | RuntimeException e) {
        // the parked file stays hidden; the new content is published either way
      }
    }
  }

  /** Deletes a file quietly (best effort, for clean-up after failures). */
  static void removeQuietly(SftpClient c, String remotePath) {
    try {
      c.remove(remotePath);
    } catch (IOException | RuntimeException e) {
      // best effort; the name stays hidden from listings
    }
  }
}
