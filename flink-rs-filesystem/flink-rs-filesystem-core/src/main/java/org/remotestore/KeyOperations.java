package org.remotestore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.remotestore.spi.Backend;

/**
 * What a {@link DefaultStore} composes from a backend's primitives, over backend keys: listings
 * limited in depth, and copies and moves (native where the backend can, else streamed, and copy
 * then delete). Paths are checked and mapped to keys by the store before they get here.
 */
final class KeyOperations {
  private KeyOperations() {}

  /** Files below {@code key} down to {@code depth} levels ({@code 0} or less: all), full keys. */
  static List<FileInfo> listFiles(Backend backend, String key, int depth) throws IOException {
    if (depth <= 0) {
      return backend.listRecursive(key);
    }
    List<FileInfo> found = new ArrayList<>();
    List<String> level = List.of(key);
    for (int d = 1; d <= depth && !level.isEmpty(); d++) {
      List<String> next = new ArrayList<>();
      for (String folder : level) {
        Backend.Level l = backend.list(folder);
        found.addAll(l.files());
        next.addAll(l.folders());
      }
      level = next;
    }
    return found;
  }

  /** One level of the folder at {@code key}, from one backend listing, relative to {@code root}. */
  static FolderListing listFolder(Backend backend, String key, String root) throws IOException {
    Backend.Level level = backend.list(key);
    List<FileInfo> files = new ArrayList<>(level.files().size());
    for (FileInfo f : level.files()) {
      files.add(f.withPath(StorePaths.relativize(root, f.path())));
    }
    files.sort(java.util.Comparator.comparing(FileInfo::path));
    TreeSet<String> folders = new TreeSet<>();
    for (String folderKey : level.folders()) {
      folders.add(StorePaths.relativize(root, folderKey));
    }
    return new FolderListing(files, List.copyOf(folders));
  }

  /**
   * Count, size and newest change of the files below {@code key}, described as {@code path}; {@code
   * null} when no such folder exists (the root always exists).
   */
  static FolderInfo folderInfo(Backend backend, String key, String path) throws IOException {
    List<FileInfo> files = backend.listRecursive(key);
    if (files.isEmpty() && !path.isEmpty() && !backend.folderExists(key)) {
      return null;
    }
    long total = 0;
    java.time.Instant newest = null;
    for (FileInfo f : files) {
      total += f.size();
      java.time.Instant m = f.lastModified();
      if (m != null && (newest == null || m.isAfter(newest))) {
        newest = m;
      }
    }
    return new FolderInfo(path, files.size(), total, newest);
  }

  /** The keys of the folders below {@code key} down to {@code maxDepth} levels, sorted. */
  static TreeSet<String> listFolders(Backend backend, String key, int maxDepth) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    if (maxDepth <= 0 && backend.isObjectStore()) {
      // Folders of an object store exist only through the files below them: one flat scan.
      for (FileInfo f : backend.listRecursive(key)) {
        String parent = StorePaths.parent(StorePaths.relativize(key, f.path()));
        while (!parent.isEmpty() && out.add(StorePaths.join(key, parent))) {
          parent = StorePaths.parent(parent);
        }
      }
      return out;
    }
    List<String> level = List.of(key);
    for (int d = 1; (maxDepth <= 0 || d <= maxDepth) && !level.isEmpty(); d++) {
      List<String> next = new ArrayList<>();
      for (String folder : level) {
        for (String sub : backend.list(folder).folders()) {
          out.add(sub);
          next.add(sub);
        }
      }
      level = next;
    }
    return out;
  }

  /** One copy or move from a source to a target, both as store paths and as keys. */
  static final class Copy {
    private final Backend backend;
    private final String storeName;
    private final String source;
    private final String sourceKey;
    private final String target;
    private final String targetKey;
    private final Capabilities caps;

    Copy(
        Backend backend,
        String storeName,
        String source,
        String sourceKey,
        String target,
        String targetKey) {
      this.backend = backend;
      this.storeName = storeName;
      this.source = source;
      this.sourceKey = sourceKey;
      this.target = target;
      this.targetKey = targetKey;
      this.caps = backend.capabilities();
    }

    private boolean canStream() {
      return caps.supports(Capability.READ) && caps.supports(Capability.WRITE);
    }

    private boolean canCopy() {
      return caps.supports(Capability.COPY) || canStream();
    }

    private boolean canMove() {
      return caps.supports(Capability.MOVE) || (canCopy() && caps.supports(Capability.DELETE));
    }

    private CapabilityNotSupported unsupported(Capability capability, String operation) {
      return new CapabilityNotSupported(
          backend.name(), backend.type(), capability, operation, source);
    }

    void checkCopySupported() throws CapabilityNotSupported {
      if (!canCopy()) {
        throw unsupported(Capability.COPY, "copy");
      }
    }

    void checkMoveSupported() throws CapabilityNotSupported {
      if (!canMove()) {
        throw unsupported(Capability.MOVE, "move");
      }
    }

    void copy(boolean overwrite) throws IOException {
      checkCopyable("copy", overwrite);
      if (sourceKey.equals(targetKey)) {
        return;
      }
      if (caps.supports(Capability.COPY) && backend.copy(sourceKey, targetKey, overwrite)) {
        return;
      }
      if (!canStream()) {
        throw unsupported(Capability.COPY, "copy");
      }
      streamCopy(overwrite);
    }

    void move(boolean overwrite) throws IOException {
      checkCopyable("move", overwrite);
      if (sourceKey.equals(targetKey)) {
        return;
      }
      if (caps.supports(Capability.MOVE) && backend.move(sourceKey, targetKey, overwrite)) {
        return;
      }
      if (!(canCopy() && caps.supports(Capability.DELETE))) {
        throw unsupported(Capability.MOVE, "move");
      }
      if (!(caps.supports(Capability.COPY) && backend.copy(sourceKey, targetKey, overwrite))) {
        streamCopy(overwrite);
      }
      backend.delete(sourceKey);
    }

    private void checkCopyable(String operation, boolean overwrite) throws IOException {
      if (backend.stat(sourceKey) == null) {
        throw new NotFound(
            "Cannot " + operation + " '" + source + "' in store '" + storeName + "': no such file",
            backend.name(),
            source);
      }
      if (!overwrite && backend.stat(targetKey) != null) {
        throw new AlreadyExists(
            "Cannot "
                + operation
                + " '"
                + source
                + "' to '"
                + target
                + "' in store '"
                + storeName
                + "': the target exists and overwrite is false",
            backend.name(),
            target);
      }
    }

    private void streamCopy(boolean overwrite) throws IOException {
      try (InputStream in = backend.read(sourceKey, 0, -1)) {
        Store.AtomicOutputStream out = backend.openOutput(targetKey, overwrite);
        try {
          in.transferTo(out);
          out.close();
        } catch (Throwable e) {
          out.abort();
          throw e;
        }
      }
    }
  }
}
