package org.remotestore.flink;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemKind;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableWriter;
import org.remotestore.AlreadyExists;
import org.remotestore.FileInfo;
import org.remotestore.FolderListing;
import org.remotestore.NotFound;
import org.remotestore.PathStatus;
import org.remotestore.SeekableInputStream;
import org.remotestore.Store;
import org.remotestore.ext.glob.Glob;

/**
 * The Flink file system of one store, {@code rs://<store>/}. Every operation goes through the
 * store's {@link Store} API, so it behaves the same on every backend, true to the backend's nature:
 * on object stores ({@link FileSystemKind#OBJECT_STORE}) folders exist only through the files below
 * them, and {@link #mkdirs(Path)} creates nothing.
 *
 * <p>Renames move single files, natively where the backend can (atomic on local disk), otherwise by
 * copy then delete; renaming a folder is not supported and answers {@code false}.
 */
public class RsFileSystem extends FileSystem {
  /** The default size of the byte ranges fetched by streams from {@link #open(Path)}. */
  public static final long DEFAULT_READ_RANGE_BYTES = SeekableInputStream.DEFAULT_RANGE_BYTES;

  private final RsStoreAccess access;
  private final RsStoreAccess.Resolver resolver;
  private final URI uri;
  private final Path root;
  private final long readRangeBytes;

  /**
   * Creates the file system of a store.
   *
   * @param access the store
   * @param resolver finds other stores, for recoverables that name them
   * @param readRangeBytes the size of the byte ranges read by {@link #open(Path)}
   */
  public RsFileSystem(RsStoreAccess access, RsStoreAccess.Resolver resolver, long readRangeBytes) {
    this.access = access;
    this.resolver = resolver;
    this.uri = RsPaths.rootUri(access.name());
    this.root = new Path(uri);
    this.readRangeBytes = readRangeBytes;
  }

  /** The store this file system serves. */
  public Store store() {
    return access.store();
  }

  /** The store and its name. */
  public RsStoreAccess storeAccess() {
    return access;
  }

  /**
   * {@link FileSystemKind#OBJECT_STORE} or {@link FileSystemKind#FILE_SYSTEM}, from the backend.
   */
  public FileSystemKind getKind() {
    return access.store().isObjectStore()
        ? FileSystemKind.OBJECT_STORE
        : FileSystemKind.FILE_SYSTEM;
  }

  private boolean isObjectStore() {
    return access.store().isObjectStore();
  }

  @Override
  public Path getWorkingDirectory() {
    return root;
  }

  @Override
  public Path getHomeDirectory() {
    return root;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public boolean isDistributedFS() {
    return true;
  }

  /**
   * A file's or a folder's status from one {@link Store#pathStatus(String)}: one request on object
   * stores. A store that cannot list (http) has no visible folders: what is not a file is missing.
   */
  @Override
  public FileStatus getFileStatus(Path path) throws IOException {
    String p = storePath(path);
    if (!p.isEmpty()) {
      PathStatus status = access.store().pathStatus(p);
      if (status.isFile()) {
        return fileStatus(status.file());
      }
      if (!status.folder()) {
        throw new FileNotFoundException("No such file or folder: " + qualify(p));
      }
    }
    return RsFileStatus.directory(qualify(p));
  }

  @Override
  public boolean exists(Path path) throws IOException {
    String p = storePath(path);
    return p.isEmpty() || access.store().exists(p);
  }

  @Override
  public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len) {
    if (file.isDir() || start >= file.getLen() || len <= 0) {
      return new BlockLocation[0];
    }
    return new BlockLocation[] {new RsBlockLocation(0, file.getLen())};
  }

  @Override
  public FSDataInputStream open(Path path, int bufferSize) throws IOException {
    String p = storePath(path);
    try {
      return new RsDataInputStream(
          access.store().readSeekable(p, Math.max(readRangeBytes, bufferSize)));
    } catch (NotFound e) {
      FileNotFoundException missing = new FileNotFoundException("No such file: " + qualify(p));
      missing.initCause(e);
      throw missing;
    }
  }

  @Override
  public FSDataInputStream open(Path path) throws IOException {
    return open(path, 0);
  }

  /**
   * Lists one level with a single listing of the store ({@link Store#listFolder(String)}: on object
   * stores one delimited listing, one request per page). On an object store the path is asked for
   * as a file only when that listing is empty; on a file system, where that is cheap, first.
   */
  @Override
  public FileStatus[] listStatus(Path path) throws IOException {
    String p = storePath(path);
    Store store = access.store();
    if (!p.isEmpty() && !isObjectStore()) {
      FileInfo info = fileInfo(p);
      if (info != null) {
        return new FileStatus[] {fileStatus(info)};
      }
    }
    FolderListing level = store.listFolder(p);
    if (level.isEmpty() && !p.isEmpty()) {
      if (isObjectStore()) {
        FileInfo info = fileInfo(p);
        if (info != null) {
          return new FileStatus[] {fileStatus(info)};
        }
      } else if (!store.isFolder(p)) {
        throw new FileNotFoundException("No such file or folder: " + qualify(p));
      }
    }
    FileStatus[] out = new FileStatus[level.folders().size() + level.files().size()];
    int i = 0;
    for (String folder : level.folders()) {
      out[i++] = RsFileStatus.directory(qualify(folder));
    }
    for (FileInfo file : level.files()) {
      out[i++] = fileStatus(file);
    }
    return out;
  }

  /**
   * The files and folders whose paths match the glob {@code pattern} ({@code *}, {@code ?}, {@code
   * [a-z]}, {@code [!a-z]}, {@code **}; see {@link Glob}), sorted by path. Flink's {@link
   * FileSystem} has no {@code globStatus} (Hadoop's has); this is its counterpart for {@code
   * rs://}, evaluated by {@link Glob} with as little listing as the pattern allows. Unlike
   * Hadoop's, a pattern without wildcards that matches nothing gives an empty array, not {@code
   * null}. {@link RsGlob#globStatus(FileSystem, Path)} reaches this method through Flink's
   * wrappers.
   *
   * @throws org.remotestore.ext.glob.InvalidGlob naming the pattern when it is malformed
   */
  public FileStatus[] globStatus(Path pattern) throws IOException {
    Glob glob = Glob.compile(storePath(pattern));
    Store store = access.store();
    List<FileStatus> out = new ArrayList<>();
    for (String folder : glob.folders(store)) {
      out.add(RsFileStatus.directory(qualify(folder)));
    }
    for (FileInfo file : glob.files(store)) {
      out.add(fileStatus(file));
    }
    out.sort(Comparator.comparing(status -> status.getPath().toUri().getPath()));
    return out.toArray(new FileStatus[0]);
  }

  @Override
  public boolean delete(Path path, boolean recursive) throws IOException {
    String p = storePath(path);
    Store store = access.store();
    if (!p.isEmpty() && store.isFile(p)) {
      return store.delete(p, true);
    }
    if (!p.isEmpty() && !store.isFolder(p)) {
      return false;
    }
    if (!recursive && !store.listFolder(p).isEmpty()) {
      throw new IOException(
          "Folder " + qualify(p) + " is not empty; delete it with recursive = true");
    }
    store.deleteFolder(p);
    return true;
  }

  @Override
  public boolean mkdirs(Path path) throws IOException {
    String p = storePath(path);
    if (p.isEmpty()) {
      return true;
    }
    Store store = access.store();
    if (!isObjectStore()) {
      String ancestor = p;
      while (!ancestor.isEmpty()) {
        if (store.isFile(ancestor)) {
          throw new IOException(
              "Cannot create folder " + qualify(p) + ": " + qualify(ancestor) + " is a file");
        }
        int slash = ancestor.lastIndexOf('/');
        ancestor = slash < 0 ? "" : ancestor.substring(0, slash);
      }
    }
    store.createFolder(p);
    return true;
  }

  @Override
  public FSDataOutputStream create(Path path, WriteMode overwrite) throws IOException {
    String p = storePath(path);
    if (p.isEmpty()) {
      throw new IOException("Cannot create a file at the root of store " + access.name());
    }
    Store store = access.store();
    boolean replace = overwrite == WriteMode.OVERWRITE;
    // Without overwrite, a folder in the way fails the open like a file does (AlreadyExists), so
    // only a replacing create, which would fail late, checks first.
    if (replace && !isObjectStore() && isFolderOnly(store, p)) {
      throw folderInTheWay(p);
    }
    try {
      return new RsDataOutputStream(store.openAtomic(p, replace));
    } catch (AlreadyExists e) {
      if (!isObjectStore() && isFolderOnly(store, p)) {
        throw folderInTheWay(p);
      }
      throw new IOException(
          "File " + qualify(p) + " already exists (write mode " + overwrite + ")", e);
    }
  }

  private static boolean isFolderOnly(Store store, String p) throws IOException {
    return store.isFolder(p) && !store.isFile(p);
  }

  private IOException folderInTheWay(String p) {
    return new IOException("Cannot create file " + qualify(p) + ": it is a folder");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    String from = storePath(src);
    String to = storePath(dst);
    if (!RsPaths.storeOf(dst, access.name()).equals(access.name())) {
      return false; // across stores there is no rename
    }
    Store store = access.store();
    if (from.isEmpty() || to.isEmpty() || !store.isFile(from) || store.exists(to)) {
      return false;
    }
    try {
      store.move(from, to, false);
      return true;
    } catch (NotFound | AlreadyExists e) {
      return false;
    }
  }

  @Override
  public RecoverableWriter createRecoverableWriter() throws IOException {
    access.store().recoverableUploads(); // fails early, naming the backend, when it has none
    return new RsRecoverableWriter(access, resolver);
  }

  @Override
  public RecoverableWriter createRecoverableWriter(Map<String, String> conf) throws IOException {
    return createRecoverableWriter();
  }

  @Override
  public String toString() {
    return "RsFileSystem{" + uri + ", backend " + access.store().backendName() + "}";
  }

  /** The path inside this store; fails when the path names another store. */
  String storePath(Path path) throws IOException {
    String store = RsPaths.storeOf(path, access.name());
    if (!store.equals(access.name())) {
      throw new IOException("Path " + path + " belongs to store '" + store + "', not to " + uri);
    }
    return RsPaths.storePath(path);
  }

  private Path qualify(String storePath) {
    return RsPaths.toPath(access.name(), storePath);
  }

  private FileInfo fileInfo(String p) throws IOException {
    try {
      return access.store().getFileInfo(p);
    } catch (NotFound e) {
      return null;
    }
  }

  private FileStatus fileStatus(FileInfo info) {
    Instant modified = info.lastModified();
    return RsFileStatus.file(
        qualify(info.path()), info.size(), modified == null ? 0 : modified.toEpochMilli());
  }
}
