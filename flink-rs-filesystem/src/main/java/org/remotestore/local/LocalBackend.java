package org.remotestore.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
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
public final class LocalBackend implements Backend {

  /** The backend type name. */
  public static final String TYPE = "local";

  /** The name prefix of temporary files; such names are hidden and cannot be written. */
  public static final String TEMP_PREFIX = ".rs-tmp.";

  /** What the local backend can do. */
  static final Capabilities CAPABILITIES = Capabilities.all();

  private static final int BUFFER = 64 * 1024;

  private final String name;
  private final Path root;
  private final boolean fsync;

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
      return new BoundedInputStream(Channels.newInputStream(channel), limit);
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
      List<Path> created = createParents(target, key);
      Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
      try {
        FileChannel channel =
            FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Output(key, target, temp, channel, overwrite, created);
      } catch (NoSuchFileException e) {
        // A concurrent abort removed a folder this write had found in place: create it again.
        if (attempt == 3) {
          throw map(e, key);
        }
      } catch (IOException e) {
        removeCreated(created);
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

  /** Creates the missing parent folders of {@code target}; returns them, deepest last. */
  private List<Path> createParents(Path target, String key) throws IOException {
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
      throw map(e, key);
    }
    resolve(key); // re-check: the folders created must still lie inside the root
    return missing;
  }

  private void removeCreated(List<Path> created) {
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
      throw alreadyExists(key);
    } catch (AtomicMoveNotSupportedException e) {
      throw new RemoteStoreException(
          "Cannot publish '" + key + "' atomically on this file system", name, key, e);
    } catch (IOException e) {
      throw map(e, key);
    }
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
    List<Path> created = createParents(target, targetKey);
    Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
    try {
      Files.copy(source, temp);
      publish(temp, target, targetKey, overwrite);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      removeCreated(created);
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
    List<Path> created = createParents(target, targetKey);
    try {
      if (overwrite) {
        Files.move(
            source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        publish(source, target, targetKey, false);
        Files.deleteIfExists(source);
      }
    } catch (IOException e) {
      removeCreated(created);
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
    return new NotFound("No such file: '" + key + "' in local backend '" + name + "'", name, key);
  }

  private AlreadyExists alreadyExists(String key) {
    return new AlreadyExists(
        "File exists: '" + key + "' in local backend '" + name + "' and overwrite is false",
        name,
        key);
  }

  /** Translates a file-system failure into the store's exception hierarchy. */
  RemoteStoreException map(IOException e, String key) {
    if (e instanceof RemoteStoreException r) {
      return r;
    }
    if (e instanceof NoSuchFileException) {
      return new NotFound(
          "No such file or folder: '" + key + "' in local backend '" + name + "'", name, key, e);
    }
    if (e instanceof FileAlreadyExistsException) {
      return new AlreadyExists(
          "Already exists: '" + key + "' in local backend '" + name + "'", name, key, e);
    }
    if (e instanceof AccessDeniedException) {
      return new PermissionDenied(
          "Permission denied for '" + key + "' in local backend '" + name + "'", name, key, e);
    }
    return new RemoteStoreException(
        "Local backend '" + name + "' failed for '" + key + "': " + e, name, key, e);
  }

  // ---------------------------------------------------------------- streams

  /** Writes to the temporary file; publishes on close, removes it on abort or failure. */
  private final class Output extends Store.AtomicOutputStream {
    private final String key;
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final boolean overwrite;
    private final List<Path> created;
    private boolean done;

    Output(
        String key,
        Path target,
        Path temp,
        FileChannel channel,
        boolean overwrite,
        List<Path> created) {
      this.key = key;
      this.target = target;
      this.temp = temp;
      this.channel = channel;
      this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
      this.overwrite = overwrite;
      this.created = created;
    }

    private void checkOpen() throws IOException {
      if (done) {
        throw new IOException("Stream for '" + key + "' is closed or aborted");
      }
    }

    @Override
    public synchronized void write(int b) throws IOException {
      checkOpen();
      out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      checkOpen();
      out.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      checkOpen();
      out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      try {
        out.flush();
        if (fsync) {
          channel.force(true);
        }
        channel.close();
        publish(temp, target, key, overwrite);
      } catch (IOException e) {
        discard();
        throw map(e, key);
      } catch (RuntimeException e) {
        discard();
        throw e;
      }
    }

    @Override
    public synchronized void abort() {
      done = true;
      discard();
    }

    private void discard() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing or aborting
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort; the name stays hidden from listings
      }
      removeCreated(created);
    }
  }

  /** Reads at most {@code limit} bytes. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = in.skip(Math.min(n, remaining));
      remaining -= k;
      return k;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Resumable writes for Flink's RecoverableWriter: a hidden in-progress file next to the target,
   * fsynced on persist and renamed atomically on commit.
   */
  @Override
  public ResumableWrites resumableWrites() {
    return new LocalResumableWrites(this);
  }
}
