package org.remotestore.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.remotestore.AlreadyExists;
import org.remotestore.Capabilities;
import org.remotestore.FileInfo;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.ResumableWrites;

/**
 * A backend over a folder of the local file system (option {@code root}), with real folders.
 *
 * <p>Writes go to a hidden temporary file in the target's folder ({@value #TEMP_PREFIX}...) that is
 * synced and then renamed into place atomically, so readers see the old or the new content, never a
 * part; a failed or aborted write removes its temporary file and the folders it created. A write
 * without overwrite publishes with a hard link, which fails atomically when the target exists, so
 * that exactly one of several concurrent creators wins. Temporary files never appear in listings.
 *
 * <p>Every key is checked against the root: a path whose real location (after following symbolic
 * links) lies outside the root is refused with {@link PermissionDenied}; listings skip such links.
 * Files carry size and modification time, no entity tag.
 */
public final class LocalBackend implements Backend, LeftoverSupport {

  /** The backend type name. */
  public static final String TYPE = "local";

  /** The name prefix of temporary files; such names are hidden and cannot be written. */
  public static final String TEMP_PREFIX = ".rs-tmp.";

  /** What the local backend can do. */
  static final Capabilities CAPABILITIES = Capabilities.all();

  private final String name;
  private final Path root;
  private final boolean fsync;
  private final LocalErrors errors;
  private final LocalPublisher publisher;

  /**
   * Creates a backend over {@code root}, creating the folder when missing.
   *
   * @param name the backend name
   * @param root the root folder
   * @param fsync whether to force written files to disk before publishing them
   * @throws IOException when the root cannot be created or resolved
   */
  public LocalBackend(String name, Path root, boolean fsync) throws IOException {
    this.name = Objects.requireNonNull(name, "name");
    Files.createDirectories(root);
    this.root = root.toRealPath();
    this.fsync = fsync;
    this.errors = new LocalErrors(this.name);
    this.publisher = new LocalPublisher(this, errors);
  }

  /** The real, absolute root folder. */
  public Path root() {
    return root;
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

  /** Whether a file name is one of this backend's temporary names. */
  static boolean isTemporary(String fileName) {
    return fileName.startsWith(TEMP_PREFIX);
  }

  // ---------------------------------------------------------------- paths and safety

  /**
   * The path of {@code key}, after checking that its real location (following symbolic links of the
   * deepest existing part) stays inside the root.
   */
  Path resolve(String key) throws IOException {
    Path path = key.isEmpty() ? root : root.resolve(key);
    if (!path.normalize().startsWith(root)) {
      throw new InvalidPath("Key '" + key + "' is outside the root", name, key);
    }
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new PermissionDenied("Key '" + key + "' is outside the root", name, key);
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      throw map(e, key);
    }
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

  /** Refuses keys with a segment in the temporary-name space, which listings hide. */
  private void checkNotReserved(String key) throws InvalidPath {
    for (String segment : key.split("/")) {
      if (isTemporary(segment)) {
        throw new InvalidPath(
            "Invalid path '" + key + "': names starting with " + TEMP_PREFIX + " are reserved",
            name,
            key);
      }
    }
  }

  private String keyOf(String folderKey, String child) {
    return folderKey.isEmpty() ? child : folderKey + "/" + child;
  }

  // ---------------------------------------------------------------- reading

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    Path path = resolve(key);
    if (Files.isDirectory(path)) {
      throw new NotFound("Not a file but a folder: '" + key + "'", name, key);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw map(e, key);
    }
    try {
      long size = channel.size();
      long from = Math.min(offset, size);
      channel.position(from);
      long limit = length < 0 ? size - from : Math.min(length, size - from);
      return new LocalBoundedInputStream(Channels.newInputStream(channel), limit);
    } catch (IOException e) {
      channel.close();
      throw map(e, key);
    }
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    if (key.isEmpty()) {
      return null;
    }
    Path path = resolve(key);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw map(e, key);
    }
    if (!attrs.isRegularFile()) {
      return null;
    }
    return new FileInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), null, null);
  }

  @Override
  public Level list(String folderKey) throws IOException {
    Path dir = resolve(folderKey);
    if (!Files.isDirectory(dir)) {
      return new Level(List.of(), List.of());
    }
    List<FileInfo> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String child = entry.getFileName().toString();
        if (isTemporary(child)) {
          continue;
        }
        BasicFileAttributes attrs;
        try {
          if (Files.isSymbolicLink(entry) && !entry.toRealPath().startsWith(root)) {
            continue; // a link leading outside the root is not part of this backend
          }
          attrs = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // removed meanwhile, or a dangling link
        }
        String key = keyOf(folderKey, child);
        if (attrs.isDirectory()) {
          folders.add(key);
        } else if (attrs.isRegularFile()) {
          files.add(
              new FileInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), null, null));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new Level(List.of(), List.of());
    } catch (IOException e) {
      throw map(e, folderKey);
    }
    return new Level(files, folders);
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    return Files.isDirectory(resolve(folderKey));
  }

  // ---------------------------------------------------------------- writing

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    Path target = prepareTarget(key, overwrite);
    for (int attempt = 1; ; attempt++) {
      List<Path> created = publisher.createParents(target, key);
      Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
      try {
        FileChannel channel =
            FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalOutputStream(
            publisher, fsync, key, target, temp, channel, overwrite, created);
      } catch (NoSuchFileException e) {
        // A concurrent abort removed a folder this write had found in place: create it again.
        if (attempt == 3) {
          throw map(e, key);
        }
      } catch (IOException e) {
        publisher.removeCreated(created);
        throw map(e, key);
      }
    }
  }

  private Path prepareTarget(String key, boolean overwrite) throws IOException {
    if (key.isEmpty()) {
      throw new InvalidPath("Cannot write the root folder", name, key);
    }
    checkNotReserved(key);
    Path target = resolve(key);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new AlreadyExists("A folder exists at '" + key + "'", name, key);
    }
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw alreadyExists(key);
    }
    return target;
  }

  @Override
  public boolean delete(String key) throws IOException {
    if (key.isEmpty()) {
      return false;
    }
    Path path = resolve(key);
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw map(e, key);
    }
  }

  @Override
  public void deleteFolder(String folderKey) throws IOException {
    Path dir = resolve(folderKey);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file); // a link is removed, never followed
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              if (!d.equals(root)) {
                Files.deleteIfExists(d);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw map(e, folderKey);
    }
  }

  @Override
  public void createFolder(String folderKey) throws IOException {
    checkNotReserved(folderKey);
    Path dir = resolve(folderKey);
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new AlreadyExists("A file exists at '" + folderKey + "'", name, folderKey, e);
    } catch (IOException e) {
      throw map(e, folderKey);
    }
    resolve(folderKey);
  }

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    Path source = resolve(sourceKey);
    if (!Files.isRegularFile(source)) {
      throw notFound(sourceKey);
    }
    Path target = prepareTarget(targetKey, overwrite);
    List<Path> created = publisher.createParents(target, targetKey);
    Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
    try {
      Files.copy(source, temp);
      publish(temp, target, targetKey, overwrite);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      publisher.removeCreated(created);
      throw e instanceof RemoteStoreException r ? r : map(e, sourceKey);
    }
    return true;
  }

  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    Path source = resolve(sourceKey);
    if (!Files.isRegularFile(source)) {
      throw notFound(sourceKey);
    }
    if (sourceKey.equals(targetKey)) {
      return true;
    }
    Path target = prepareTarget(targetKey, overwrite);
    List<Path> created = publisher.createParents(target, targetKey);
    try {
      if (overwrite) {
        Files.move(
            source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        publish(source, target, targetKey, false);
        Files.deleteIfExists(source);
      }
    } catch (IOException e) {
      publisher.removeCreated(created);
      throw e instanceof RemoteStoreException r ? r : map(e, sourceKey);
    }
    return true;
  }

  @Override
  public void close() {
    // Nothing is held open between calls.
  }

  @Override
  public String toString() {
    return "LocalBackend{name=" + name + ", root=" + root + "}";
  }

  // ---------------------------------------------------------------- errors

  private NotFound notFound(String key) {
    return errors.notFound(key);
  }

  private AlreadyExists alreadyExists(String key) {
    return errors.alreadyExists(key);
  }

  /** Translates a file-system failure into the store's exception hierarchy. */
  RemoteStoreException map(IOException e, String key) {
    return errors.map(e, key);
  }

  /** Moves a finished temporary file into place (see {@link LocalPublisher#publish}). */
  void publish(Path temp, Path target, String key, boolean overwrite) throws IOException {
    publisher.publish(temp, target, key, overwrite);
  }

  /**
   * Resumable writes for Flink's RecoverableWriter: a hidden in-progress file next to the target,
   * fsynced on persist and renamed atomically on commit.
   */
  @Override
  public ResumableWrites resumableWrites() {
    return new LocalResumableWrites(this);
  }

  /**
   * Lists the hidden in-progress files of resumable writes and the temporary files of atomic writes
   * at or below {@code folderKey}, which crashed writers may have left.
   */
  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    return new LocalLeftovers(this).listLeftovers(folderKey);
  }

  /** Deletes one such hidden file; refuses any other file. */
  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    return new LocalLeftovers(this).removeLeftover(leftover);
  }
}
