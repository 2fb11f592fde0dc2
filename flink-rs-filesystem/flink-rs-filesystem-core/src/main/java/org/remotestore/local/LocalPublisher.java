package org.remotestore.local;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.remotestore.AlreadyExists;
import org.remotestore.RemoteStoreException;

/**
 * The folder and publishing steps of a local write: creating missing parent folders (and removing
 * them again when the write fails), and moving a finished temporary file into place atomically.
 */
final class LocalPublisher {
  private final LocalBackend backend;
  private final String name;
  private final LocalErrors errors;

  LocalPublisher(LocalBackend backend, LocalErrors errors) {
    this.backend = backend;
    this.name = backend.name();
    this.errors = errors;
  }

  /** A new temporary name next to {@code target} (random; creating it must use CREATE_NEW). */
  static Path temporarySibling(Path target) {
    return target.resolveSibling(
        LocalBackend.TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  /** The full check of {@code key} (see {@link LocalBackend#resolve}). */
  void checkInsideRoot(String key) throws IOException {
    backend.resolve(key);
  }

  /**
   * The store's exception for a failed write of {@code target}: a folder in the way is {@link
   * AlreadyExists} naming the folder; anything else as the error mapping says.
   */
  RemoteStoreException failure(IOException e, Path target, String key) {
    if (e instanceof RemoteStoreException r) {
      return r;
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return new AlreadyExists("A folder exists at '" + key + "'", name, key, e);
    }
    return errors.map(e, key);
  }

  /** Creates the missing parent folders of {@code target}; returns them, deepest last. */
  List<Path> createParents(Path target, String key) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = target.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    try {
      Files.createDirectories(target.getParent());
    } catch (FileAlreadyExistsException e) {
      throw new RemoteStoreException(
          "Cannot write '" + key + "': a file exists where a folder is needed", name, key, e);
    } catch (IOException e) {
      throw errors.map(e, key);
    }
    backend.resolve(key); // re-check: the folders created must still lie inside the root
    return missing;
  }

  void removeCreated(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(created.get(i));
      } catch (DirectoryNotEmptyException e) {
        return; // someone else put something there meanwhile
      } catch (IOException e) {
        return;
      }
    }
  }

  /**
   * Moves a finished temporary file into place: replacing atomically, or creating with a hard link
   * that fails when the target exists.
   */
  void publish(Path temp, Path target, String key, boolean overwrite) throws IOException {
    try {
      if (overwrite) {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      try {
        Files.createLink(target, temp);
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof FileAlreadyExistsException) {
          throw e;
        }
        // No hard links here: check, then rename (a narrow race remains on such file systems).
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(key);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      }
      Files.deleteIfExists(temp);
    } catch (FileAlreadyExistsException e) {
      throw Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
          ? new AlreadyExists("A folder exists at '" + key + "'", name, key, e)
          : errors.alreadyExists(key);
    } catch (AtomicMoveNotSupportedException e) {
      throw new RemoteStoreException(
          "Cannot publish '" + key + "' atomically on this file system", name, key, e);
    } catch (IOException e) {
      throw failure(e, target, key);
    }
  }
}
