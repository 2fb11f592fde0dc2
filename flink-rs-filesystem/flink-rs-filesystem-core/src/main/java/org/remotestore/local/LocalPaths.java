package org.remotestore.local;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import org.remotestore.InvalidPath;
import org.remotestore.PermissionDenied;

/**
 * Where the keys of a local backend live, and the checks that keep them inside the root.
 *
 * <p>Every key is first checked on its normalised path: a key that leaves the root lexically is
 * refused ({@link InvalidPath}) without touching the disk. Symbolic links are the other way out:
 * the full check ({@link #resolveReal}) resolves the real path of the deepest existing part of a
 * key, which costs a system call per path component. The hot paths do it once per folder instead:
 * {@link #folderVerified} remembers, for each folder whose real path was found inside the root, the
 * identity of that folder (device and inode, {@link BasicFileAttributes#fileKey()}); later calls
 * cost one {@code stat} of the folder, compared with the recorded identity. A folder replaced by a
 * link to elsewhere has another identity and is checked again in full. The file itself is then
 * opened without following a link ({@code O_NOFOLLOW}); a link there takes the full check.
 */
final class LocalPaths {

  /** How many verified folders are remembered; the record is emptied when it is full. */
  static final int MAX_VERIFIED_FOLDERS = 10_000;

  private final String name;
  private final Path root;
  private final ConcurrentHashMap<String, Object> verified = new ConcurrentHashMap<>();

  LocalPaths(String name, Path root) {
    this.name = name;
    this.root = root;
  }

  /** The path of {@code key}, checked lexically only: no file-system call. */
  Path path(String key) throws InvalidPath {
    if (key.isEmpty()) {
      return root;
    }
    Path path = root.resolve(key);
    // a relative key without ".." (or a drive or backslash) stays below the root: only other keys
    // need the check on the normalised path
    boolean plain =
        key.charAt(0) != '/'
            && !key.contains("..")
            && key.indexOf(':') < 0
            && key.indexOf('\\') < 0;
    if (!plain && !path.normalize().startsWith(root)) {
      throw new InvalidPath("Key '" + key + "' is outside the root", name, key);
    }
    return path;
  }

  /** The key of the folder holding {@code key} ({@code ""} for the root). */
  static String parentKey(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  /**
   * True when {@code folderKey} (at {@code dir}) is a folder whose real location lies inside the
   * root: the root itself, or a folder verified before with the same identity (one {@code stat}),
   * or one verified now in full. False when it is missing, not a folder or cannot be examined; the
   * caller then takes the full check, which words the error.
   *
   * @throws PermissionDenied when its real location lies outside the root
   */
  boolean folderVerified(String folderKey, Path dir) throws IOException {
    if (folderKey.isEmpty()) {
      return true;
    }
    Object identity = folderIdentity(dir);
    if (identity == null) {
      return false;
    }
    if (identity.equals(verified.get(folderKey))) {
      return true;
    }
    resolveReal(folderKey);
    if (identity.equals(folderIdentity(dir))) { // unchanged while it was checked
      if (verified.size() >= MAX_VERIFIED_FOLDERS) {
        verified.clear();
      }
      verified.put(folderKey, identity);
    }
    return true;
  }

  /** The identity of the folder at {@code dir} (following links), or null if it is none. */
  private static Object folderIdentity(Path dir) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(dir, BasicFileAttributes.class);
    } catch (FileSystemException e) { // missing, or below a file, or not accessible
      return null;
    }
    return attrs.isDirectory() ? attrs.fileKey() : null;
  }

  /**
   * The full check: the path of {@code key}, after checking that the real location of its deepest
   * existing part (following symbolic links) stays inside the root.
   *
   * @throws InvalidPath when the key leaves the root lexically
   * @throws PermissionDenied when a symbolic link leads outside the root
   */
  Path resolveReal(String key) throws IOException {
    Path path = path(key);
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new PermissionDenied("Key '" + key + "' is outside the root", name, key);
    }
    Path real = existing.toRealPath();
    if (!real.startsWith(root)) {
      throw new PermissionDenied(
          "Refusing '"
              + key
              + "': a symbolic link leads outside the root of backend '"
              + name
              + "'",
          name,
          key);
    }
    return path;
  }
}
