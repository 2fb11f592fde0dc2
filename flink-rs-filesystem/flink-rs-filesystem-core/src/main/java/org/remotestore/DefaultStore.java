package org.remotestore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BatchDeleteSupport;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.PositionedReadSupport;

/**
 * The {@link Store} over one {@link Backend} and a root prefix inside it.
 *
 * <p>It composes everything a backend does not have to: path normalisation and safety (via {@link
 * StorePaths}, before any backend call), capability checks ({@link CapabilityNotSupported} naming
 * backend and operation), error mapping (any failure that is not a {@link RemoteStoreException}
 * becomes one naming backend and path), re-rooting of results to store-relative paths, copy by
 * streaming where the backend has no native copy, move by copy and delete where it has no native
 * move, and depth-limited listing with one {@link Backend#list(String)} per level.
 *
 * <p>{@link #child(String)} stores share the backend. A store does not own the backend: closing is
 * the job of whoever created the backend (normally the {@link Registry}).
 */
public final class DefaultStore implements Store {

  private final Backend backend;
  private final String name;
  private final String root;

  /**
   * Creates a store named after the backend and root.
   *
   * @param backend the backend, shared, not owned
   * @param rootPath the root inside the backend ({@code ""} for the backend root); normalised
   * @throws InvalidPath when {@code rootPath} is not a valid relative path
   */
  public DefaultStore(Backend backend, String rootPath) throws InvalidPath {
    this(
        backend,
        null,
        rootPath == null ? "" : StorePaths.normalize(rootPath, backend.name()),
        true);
  }

  /**
   * Creates a named store.
   *
   * @param backend the backend, shared, not owned
   * @param name the store name, for example the profile name {@code bronze}
   * @param rootPath the root inside the backend ({@code ""} for the backend root); normalised
   * @throws InvalidPath when {@code rootPath} is not a valid relative path
   */
  public DefaultStore(Backend backend, String name, String rootPath) throws InvalidPath {
    this(
        backend,
        Objects.requireNonNull(name, "name"),
        rootPath == null ? "" : StorePaths.normalize(rootPath, backend.name()),
        true);
  }

  private DefaultStore(Backend backend, String name, String normalizedRoot, boolean unused) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.root = normalizedRoot;
    this.name =
        name != null
            ? name
            : normalizedRoot.isEmpty() ? backend.name() : backend.name() + "/" + root;
  }

  /** The backend this store runs on (shared with its children and sibling stores). */
  public Backend backend() {
    return backend;
  }

  /** The normalised root prefix of this store inside the backend ({@code ""} for none). */
  public String rootPrefix() {
    return root;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String backendName() {
    return backend.name();
  }

  @Override
  public String backendType() {
    return backend.type();
  }

  @Override
  public Capabilities capabilities() {
    return backend.capabilities();
  }

  // ---------------------------------------------------------------- reading

  @Override
  public InputStream read(String path) throws IOException {
    return readRange(path, 0, -1, "read");
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    String p = filePath(path);
    require(Capability.READ, "read", p);
    String key = key(p);
    return call(
        "read",
        p,
        () -> {
          try (InputStream in = backend.read(key, 0, -1)) {
            return in.readAllBytes();
          }
        });
  }

  @Override
  public InputStream readRange(String path, long offset, long length) throws IOException {
    return readRange(path, offset, length, "readRange");
  }

  private InputStream readRange(String path, long offset, long length, String operation)
      throws IOException {
    String p = filePath(path);
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    require(Capability.READ, operation, p);
    String key = key(p);
    InputStream in = call(operation, p, () -> backend.read(key, offset, length));
    return new MappedStreams.Input(in, backend.name(), p);
  }

  @Override
  public ConditionalRead readIfChanged(String path, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    String p = filePath(path);
    require(Capability.READ, "readIfChanged", p);
    String key = key(p);
    ConditionalRead answer =
        call(
            "readIfChanged", p, () -> backend.readIfChanged(key, ifNoneMatchEtag, ifModifiedSince));
    if (answer.isModified()) {
      FileInfo info = answer.info() == null ? null : answer.info().withPath(p);
      return ConditionalRead.modified(
          info, new MappedStreams.Input(answer.body(), backend.name(), p));
    }
    return answer.withPath(p);
  }

  // ---------------------------------------------------------------- writing

  @Override
  public void write(String path, InputStream data, boolean overwrite) throws IOException {
    Objects.requireNonNull(data, "data");
    String p = filePath(path);
    require(Capability.WRITE, "write", p);
    transfer("write", p, data, overwrite);
  }

  @Override
  public void write(String path, byte[] data, boolean overwrite) throws IOException {
    Objects.requireNonNull(data, "data");
    String p = filePath(path);
    require(Capability.WRITE, "write", p);
    // ByteArrayInputStream.transferTo hands the whole array to the backend in one write.
    transfer("write", p, new ByteArrayInputStream(data), overwrite);
  }

  @Override
  public void writeAtomic(String path, InputStream data, boolean overwrite) throws IOException {
    Objects.requireNonNull(data, "data");
    String p = filePath(path);
    require(Capability.ATOMIC_WRITE, "writeAtomic", p);
    transfer("writeAtomic", p, data, overwrite);
  }

  private void transfer(String operation, String p, InputStream data, boolean overwrite)
      throws IOException {
    String key = key(p);
    call(
        operation,
        p,
        () -> {
          AtomicOutputStream out = backend.openOutput(key, overwrite);
          try {
            data.transferTo(out);
            out.close();
          } catch (Throwable t) {
            out.abort();
            throw t;
          }
          return null;
        });
  }

  @Override
  public AtomicOutputStream openAtomic(String path, boolean overwrite) throws IOException {
    String p = filePath(path);
    require(Capability.ATOMIC_WRITE, "openAtomic", p);
    String key = key(p);
    AtomicOutputStream out = call("openAtomic", p, () -> backend.openOutput(key, overwrite));
    return new MappedStreams.Output(out, backend.name(), p);
  }

  // ---------------------------------------------------------------- metadata

  @Override
  public boolean exists(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    if (p.isEmpty()) {
      return true;
    }
    require(Capability.METADATA, "exists", p);
    String key = key(p);
    return call(
        "exists",
        p,
        () ->
            backend.stat(key) != null
                || (backend.capabilities().supports(Capability.LIST) && backend.folderExists(key)));
  }

  @Override
  public boolean isFile(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    if (p.isEmpty()) {
      return false;
    }
    require(Capability.METADATA, "isFile", p);
    String key = key(p);
    return call("isFile", p, () -> backend.stat(key) != null);
  }

  @Override
  public boolean isFolder(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    if (p.isEmpty()) {
      return true;
    }
    require(Capability.LIST, "isFolder", p);
    String key = key(p);
    return call("isFolder", p, () -> backend.folderExists(key));
  }

  @Override
  public FileInfo getFileInfo(String path) throws IOException {
    String p = filePath(path);
    require(Capability.METADATA, "getFileInfo", p);
    String key = key(p);
    FileInfo info = call("getFileInfo", p, () -> backend.stat(key));
    if (info == null) {
      throw new NotFound("No such file: '" + p + "' in store '" + name + "'", backend.name(), p);
    }
    return info.withPath(p);
  }

  @Override
  public PathStatus pathStatus(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    if (p.isEmpty()) {
      return new PathStatus("", null, true);
    }
    require(Capability.METADATA, "pathStatus", p);
    Backend.KeyStatus entry = call("pathStatus", p, () -> backend.keyStatus(key(p)));
    FileInfo file = entry.file() == null ? null : entry.file().withPath(p);
    return new PathStatus(p, file, entry.folder());
  }

  @Override
  public FolderInfo getFolderInfo(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    require(Capability.LIST, "getFolderInfo", p);
    String key = key(p);
    return call(
        "getFolderInfo",
        p,
        () -> {
          FolderInfo info = KeyOperations.folderInfo(backend, key, p);
          if (info == null) {
            throw new NotFound(
                "No such folder: '" + p + "' in store '" + name + "'", backend.name(), p);
          }
          return info;
        });
  }

  // ---------------------------------------------------------------- listing

  @Override
  public List<FileInfo> listFiles(String path, boolean recursive, int maxDepth) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    require(Capability.LIST, "listFiles", p);
    String key = key(p);
    int depth = recursive ? maxDepth : 1;
    return call(
        "listFiles",
        p,
        () -> {
          List<FileInfo> found = KeyOperations.listFiles(backend, key, depth);
          List<FileInfo> out = new ArrayList<>(found.size());
          for (FileInfo f : found) {
            out.add(f.withPath(relative(f.path())));
          }
          out.sort(Comparator.comparing(FileInfo::path));
          return out;
        });
  }

  @Override
  public FolderListing listFolder(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    require(Capability.LIST, "listFolder", p);
    return call("listFolder", p, () -> KeyOperations.listFolder(backend, key(p), root));
  }

  @Override
  public List<String> listFolders(String path, int maxDepth) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    require(Capability.LIST, "listFolders", p);
    String key = key(p);
    return call(
        "listFolders",
        p,
        () -> {
          TreeSet<String> out = new TreeSet<>();
          for (String folderKey : KeyOperations.listFolders(backend, key, maxDepth)) {
            out.add(relative(folderKey));
          }
          return List.copyOf(out);
        });
  }

  // ---------------------------------------------------------------- deleting, copying, moving

  @Override
  public boolean delete(String path, boolean missingOk) throws IOException {
    String p = filePath(path);
    require(Capability.DELETE, "delete", p);
    String key = key(p);
    boolean deleted = call("delete", p, () -> backend.delete(key));
    if (!deleted && !missingOk) {
      throw new NotFound(
          "Cannot delete '" + p + "' in store '" + name + "': no such file", backend.name(), p);
    }
    return deleted;
  }

  @Override
  public void deleteFolder(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    require(Capability.DELETE, "deleteFolder", p);
    String key = key(p);
    call(
        "deleteFolder",
        p,
        () -> {
          backend.deleteFolder(key);
          return null;
        });
  }

  @Override
  public void copy(String source, String target, boolean overwrite) throws IOException {
    copyOrMove(false, source, target, overwrite);
  }

  @Override
  public void move(String source, String target, boolean overwrite) throws IOException {
    copyOrMove(true, source, target, overwrite);
  }

  private void copyOrMove(boolean move, String source, String target, boolean overwrite)
      throws IOException {
    String s = filePath(source);
    String t = filePath(target);
    KeyOperations.Copy copy = new KeyOperations.Copy(backend, name, s, key(s), t, key(t));
    if (move) {
      copy.checkMoveSupported();
    } else {
      copy.checkCopySupported();
    }
    call(
        move ? "move" : "copy",
        s,
        () -> {
          if (move) {
            copy.move(overwrite);
          } else {
            copy.copy(overwrite);
          }
          return null;
        });
  }

  @Override
  public void createFolder(String path) throws IOException {
    String p = StorePaths.normalize(path, backend.name());
    require(Capability.WRITE, "createFolder", p);
    String key = key(p);
    call(
        "createFolder",
        p,
        () -> {
          backend.createFolder(key);
          return null;
        });
  }

  // ---------------------------------------------------------------- composition

  @Override
  public Store child(String subpath) throws InvalidPath {
    String sub = StorePaths.normalize(subpath, backend.name());
    if (sub.isEmpty()) {
      return this;
    }
    return new DefaultStore(backend, name + "/" + sub, StorePaths.join(root, sub), true);
  }

  @Override
  public boolean isObjectStore() {
    return backend.isObjectStore();
  }

  /**
   * The backend's resumable writes in this store's paths: every path is checked and mapped into
   * this store, and a state handed back is accepted only for the path it was made for.
   */
  @Override
  public RecoverableUploads recoverableUploads() throws CapabilityNotSupported {
    require(Capability.RESUMABLE_WRITE, "recoverableUploads", null);
    return new StoreRecoverableUploads(backend, name, root, backend.resumableWrites());
  }

  /**
   * This store when it is a {@code type}; a {@link BatchDeleteSupport}, {@link LeftoverSupport} or
   * {@link PositionedReadSupport} in this store's paths when the backend has it. The backend itself
   * is never handed out.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return Optional.of(type.cast(this));
    }
    if (type == BatchDeleteSupport.class
        && backend instanceof BatchDeleteSupport batch
        && backend.capabilities().supports(Capability.DELETE)) {
      return Optional.of(type.cast(new StoreBatchDelete(backend.name(), name, root, batch)));
    }
    if (type == PositionedReadSupport.class
        && backend instanceof PositionedReadSupport positioned
        && backend.capabilities().supports(Capability.READ)) {
      return Optional.of(
          type.cast(new StorePositionedReads(backend.name(), name, root, positioned)));
    }
    if (type == LeftoverSupport.class && backend instanceof LeftoverSupport leftovers) {
      return Optional.of(type.cast(new StoreLeftovers(backend.name(), name, root, leftovers)));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "DefaultStore{name="
        + name
        + ", backend="
        + backend.name()
        + ", type="
        + backend.type()
        + ", root='"
        + root
        + "'}";
  }

  // ---------------------------------------------------------------- helpers

  private String key(String normalizedPath) {
    return StorePaths.join(root, normalizedPath);
  }

  private String relative(String key) {
    return StorePaths.relativize(root, key);
  }

  /** Normalises a path that must name a file (not the root). */
  private String filePath(String path) throws InvalidPath {
    return StorePaths.filePath(path, backend.name(), name);
  }

  private void require(Capability capability, String operation, String path)
      throws CapabilityNotSupported {
    if (!backend.capabilities().supports(capability)) {
      throw new CapabilityNotSupported(backend.name(), backend.type(), capability, operation, path);
    }
  }

  private <T> T call(String operation, String path, BackendCalls.Call<T> body) throws IOException {
    return BackendCalls.call(operation, backend.name(), path, body);
  }
}
