package org.remotestore.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
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
import org.remotestore.spi.PositionedFile;
import org.remotestore.spi.PositionedReadSupport;
import org.remotestore.spi.ResumableWrites;

/**
 * A backend over a folder of the local file system (option {@code root}), with real folders.
 *
 * <p>Writes go to a hidden temporary file in the target's folder ({@value #TEMP_PREFIX}...) that is
 * (optionally) synced and then published with one system call: renamed into place (overwrite), or
 * hard-linked to the target name, which fails atomically when the target exists, so that exactly
 * one of several concurrent creators wins (the temporary name is then removed). Readers see the old
 * or the new content, never a part; a failed or aborted write removes its temporary file and the
 * folders it created. Temporary files never appear in listings. With {@code atomicCreate} false,
 * writes go straight to the target file instead, as {@code file://} does: a reader may see a file
 * being written, and an abort deletes the partial file.
 *
 * <p>Every key is checked against the root ({@link LocalPaths}): a key that leaves it lexically is
 * refused with {@link InvalidPath}; a path whose real location (after following symbolic links)
 * lies outside the root with {@link PermissionDenied}; listings skip such links. Reads, metadata
 * and listings check a folder's real location once and then only its identity (one {@code stat}),
 * and open files without following a final symbolic link. A seekable reader opens its file once
 * ({@link PositionedReadSupport}): its ranges are positioned reads on one channel. Files carry size
 * and modification time, no entity tag.
 */
public final class LocalBackend implements Backend, LeftoverSupport, PositionedReadSupport {

  /** The backend type name. */
  public static final String TYPE = "local";

  /** The name prefix of temporary files; such names are hidden and cannot be written. */
  public static final String TEMP_PREFIX = ".rs-tmp.";

  /** What the local backend can do. */
  static final Capabilities CAPABILITIES = Capabilities.all();

  private final String name;
  private final Path root;
  private final boolean fsync;
  private final boolean atomicCreate;
  private final LocalErrors errors;
  private final LocalPublisher publisher;
  private final LocalPaths paths;

  /**
   * Creates a backend over {@code root}, creating the folder when missing, with atomic creates.
   *
   * @param name the backend name
   * @param root the root folder
   * @param fsync whether to force written files to disk before publishing them
   * @throws IOException when the root cannot be created or resolved
   */
  public LocalBackend(String name, Path root, boolean fsync) throws IOException {
    this(name, root, fsync, true);
  }

  /**
   * Creates a backend over {@code root}, creating the folder when missing.
   *
   * @param name the backend name
   * @param root the root folder
   * @param fsync whether to force written files to disk before closing (publishing) them
   * @param atomicCreate whether a write goes to a temporary file published on close (true), or
   *     straight to the target file, as {@code file://} does (false)
   * @throws IOException when the root cannot be created or resolved
   */
  public LocalBackend(String name, Path root, boolean fsync, boolean atomicCreate)
      throws IOException {
    this.name = Objects.requireNonNull(name, "name");
    Files.createDirectories(root);
    this.root = root.toRealPath();
    this.fsync = fsync;
    this.atomicCreate = atomicCreate;
    this.errors = new LocalErrors(this.name);
    this.publisher = new LocalPublisher(this, errors);
    this.paths = new LocalPaths(this.name, this.root);
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
   * The path of {@code key}, after the full check that its real location (following symbolic links
   * of the deepest existing part) stays inside the root.
   */
  Path resolve(String key) throws IOException {
    try {
      return paths.resolveReal(key);
    } catch (IOException e) {
      throw map(e, key);
    }
  }

  /** Whether the folder holding {@code key} is verified to lie inside the root (see LocalPaths). */
  private boolean parentVerified(String key, Path path) throws IOException {
    return !key.isEmpty() && paths.folderVerified(LocalPaths.parentKey(key), path.getParent());
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
    FileChannel channel = openChannel(key);
    long size;
    try {
      // fstat on the open file, no second lookup of the path; 0 stays unknown, because a folder
      // opens too and some file systems give an empty folder the size 0
      long bytes = channel.size();
      size = bytes > 0 ? bytes : -1;
      if (offset > 0) {
        channel.position(offset);
      }
    } catch (IOException e) {
      channel.close();
      throw map(e, key);
    }
    // A folder opens too; its first read fails, and the stream reports it as not found.
    return new LocalBoundedInputStream(
        Channels.newInputStream(channel),
        size,
        length < 0 ? Long.MAX_VALUE : length,
        () -> refuseFolder(key));
  }

  /**
   * Opens the file at {@code key} once for positioned reads: its path is checked as for {@link
   * #read(String, long, long)}, and every range after that is a positioned read on the open channel
   * (no {@code open}, {@code stat} or {@code close} per range).
   */
  @Override
  public PositionedFile openPositioned(String key) throws IOException {
    return new LocalPositionedFile(openChannel(key), () -> refuseFolder(key));
  }

  /**
   * Opens the file at {@code key} for reading: in a verified folder without following a final link
   * (one {@code stat} of the folder, one {@code open}); otherwise after the full check.
   */
  private FileChannel openChannel(String key) throws IOException {
    Path path = paths.path(key);
    if (parentVerified(key, path)) {
      try {
        return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw map(e, key);
      } catch (IOException e) {
        // a symbolic link (ELOOP, a plain IOException) or no access: the full check below
      }
    }
    path = resolve(key);
    if (Files.isDirectory(path)) {
      throw folder(key);
    }
    try {
      return FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw map(e, key);
    }
  }

  /** Throws NotFound when {@code key} is a folder (a read of it failed). */
  private void refuseFolder(String key) throws IOException {
    if (Files.isDirectory(resolve(key))) {
      throw folder(key);
    }
  }

  private NotFound folder(String key) {
    return new NotFound("Not a file but a folder: '" + key + "'", name, key);
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    if (key.isEmpty()) {
      return null;
    }
    Path path = paths.path(key);
    BasicFileAttributes attrs = null;
    if (parentVerified(key, path)) {
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return null;
      } catch (FileSystemException e) {
        // no access: the full check below words the error
      }
    }
    if (attrs == null || attrs.isSymbolicLink()) {
      path = resolve(key);
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw map(e, key);
      }
    }
    if (!attrs.isRegularFile()) {
      return null;
    }
    return new FileInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), null, null);
  }

  @Override
  public Level list(String folderKey) throws IOException {
    Path dir = paths.path(folderKey);
    if (!paths.folderVerified(folderKey, dir)) {
      dir = resolve(folderKey); // the full check words a refusal
      if (!Files.isDirectory(dir)) {
        return new Level(List.of(), List.of());
      }
    }
    try {
      return LocalTrees.level(dir, folderKey, root);
    } catch (IOException e) {
      throw map(e, folderKey);
    }
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    Path dir = paths.path(folderKey);
    if (paths.folderVerified(folderKey, dir)) {
      return true;
    }
    // Missing or no folder: certain when its parent is a verified folder; else the full check.
    return !parentVerified(folderKey, dir) && Files.isDirectory(resolve(folderKey));
  }

  // ---------------------------------------------------------------- writing

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    if (key.isEmpty()) {
      throw new InvalidPath("Cannot write the root folder", name, key);
    }
    checkNotReserved(key);
    Path target = paths.path(key);
    List<Path> created = List.of();
    if (!parentVerified(key, target)) {
      resolve(key);
      created = publisher.createParents(target, key);
    }
    if (atomicCreate && !overwrite) {
      refuseExisting(target, key); // fail at open, as callers of a create expect
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return atomicCreate
            ? LocalOutputStream.atomic(publisher, fsync, key, target, overwrite, created)
            : LocalOutputStream.direct(publisher, fsync, key, target, overwrite, created);
      } catch (NoSuchFileException e) {
        // A concurrent abort removed a folder this write had found in place: create it again.
        if (attempt == 3) {
          throw map(e, key);
        }
        created = publisher.createParents(target, key);
      } catch (IOException e) {
        publisher.removeCreated(created);
        throw e instanceof RemoteStoreException r ? r : publisher.failure(e, target, key);
      }
    }
  }

  /** Throws AlreadyExists when something is at {@code target} (one lstat). */
  private void refuseExisting(Path target, String key) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw map(e, key);
    }
    throw attrs.isDirectory()
        ? new AlreadyExists("A folder exists at '" + key + "'", name, key)
        : alreadyExists(key);
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
      LocalTrees.deleteBelow(dir, root);
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
    Path temp = LocalPublisher.temporarySibling(target);
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
    return "LocalBackend{name="
        + name
        + ", root="
        + root
        + ", fsync="
        + fsync
        + ", atomicCreate="
        + atomicCreate
        + "}";
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
