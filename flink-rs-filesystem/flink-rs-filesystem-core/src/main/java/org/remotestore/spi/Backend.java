package org.remotestore.spi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.Store;

/**
 * The service-provider interface every backend implements: the smallest set of primitives, over
 * <em>keys</em>. Everything a backend lacks natively (copy by streaming, move by copy and delete,
 * depth-limited listing, path safety, capability checks, error mapping) is composed once above it
 * by the {@link Store} implementation.
 *
 * <p>Keys are already normalised and validated by the caller: relative, {@code /}-separated, no
 * empty, {@code .} or {@code ..} segments, no leading or trailing slash. The empty key {@code ""}
 * is the backend root. A {@link FileInfo} returned by a backend carries the full key as its path.
 *
 * <p>Implementations translate native failures into {@link org.remotestore.RemoteStoreException}
 * subclasses (never letting an SDK exception escape) and are thread-safe.
 */
public interface Backend extends AutoCloseable {

  /** The backend instance name from the configuration, for example {@code lake}. */
  String name();

  /** The backend type, for example {@code memory}, {@code local}, {@code s3}. */
  String type();

  /** What the backend can do. */
  Capabilities capabilities();

  /** Whether the backend is an object store (no real folders, no atomic rename). */
  boolean isObjectStore();

  /**
   * Opens {@code length} bytes from {@code offset} ({@code length < 0}: to the end); fewer when the
   * file ends first. A range that starts at or after the end is an empty stream.
   *
   * <p>One request where the protocol allows it, and no metadata request first. A backend that
   * learns the whole file's size from the response (an HTTP {@code Content-Range} total) returns a
   * stream implementing {@link org.remotestore.FileSizeReporting}, which saves seekable readers a
   * {@link #stat(String)}; other backends need do nothing. A stream read to the end of its range
   * should release its connection for reuse rather than abort it.
   *
   * @throws org.remotestore.NotFound when there is no file at {@code key}
   */
  InputStream read(String key, long offset, long length) throws IOException;

  /** Metadata of the file at {@code key}, or {@code null} when there is none. */
  FileInfo stat(String key) throws IOException;

  /**
   * What is at {@code key}: a file, a folder, or nothing. The default asks {@link #stat(String)}
   * and, when there is no file and the backend can list, {@link #folderExists(String)}; object
   * stores answer both from one listing where they can.
   */
  default KeyStatus keyStatus(String key) throws IOException {
    FileInfo file = stat(key);
    if (file != null) {
      return new KeyStatus(file, false);
    }
    return new KeyStatus(null, capabilities().supports(Capability.LIST) && folderExists(key));
  }

  /** One level of a folder: the files directly in it and the keys of its direct sub-folders. */
  Level list(String folderKey) throws IOException;

  /**
   * All files below {@code folderKey} at any depth. Object stores override this with a flat scan;
   * the default walks {@link #list(String)}.
   */
  default List<FileInfo> listRecursive(String folderKey) throws IOException {
    List<FileInfo> out = new ArrayList<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(folderKey);
    while (!pending.isEmpty()) {
      Level level = list(pending.poll());
      out.addAll(level.files());
      pending.addAll(level.folders());
    }
    return out;
  }

  /** Whether any file (or, on file systems, a directory) exists at or below {@code folderKey}. */
  default boolean folderExists(String folderKey) throws IOException {
    Level level = list(folderKey);
    return !level.files().isEmpty() || !level.folders().isEmpty();
  }

  /**
   * Opens a stream whose content is published atomically at {@code key} on {@code close()}. {@link
   * Store.AtomicOutputStream#abort()} discards it and leaves nothing behind.
   *
   * @throws org.remotestore.AlreadyExists when {@code overwrite} is false and a file exists
   *     (checked at open and, where the backend can, again when publishing)
   */
  Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException;

  /** Deletes the file at {@code key}; returns whether there was one. */
  boolean delete(String key) throws IOException;

  /** Deletes everything below {@code folderKey}. The default deletes file by file. */
  default void deleteFolder(String folderKey) throws IOException {
    for (FileInfo file : listRecursive(folderKey)) {
      delete(file.path());
    }
  }

  /** Creates a folder where folders are real; the default (object stores) does nothing. */
  default void createFolder(String folderKey) throws IOException {}

  /**
   * Copies natively.
   *
   * @return {@code false} when the backend has no native copy (the caller then streams)
   */
  default boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    return false;
  }

  /**
   * Moves natively (rename).
   *
   * @return {@code false} when the backend has no native move (the caller copies then deletes)
   */
  default boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    return false;
  }

  /**
   * A conditional read. Backends with {@link Capability#CONDITIONAL_READ} answer "not modified"
   * without a body; the default compares the current {@link #stat(String)} with the validators.
   */
  default ConditionalRead readIfChanged(String key, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    FileInfo info = stat(key);
    if (info == null) {
      throw new org.remotestore.NotFound("No such file: " + key, name(), key);
    }
    boolean sameEtag = ifNoneMatchEtag != null && ifNoneMatchEtag.equals(info.etag());
    boolean notNewer =
        ifNoneMatchEtag == null
            && ifModifiedSince != null
            && info.lastModified() != null
            && !info.lastModified().isAfter(ifModifiedSince);
    if (sameEtag || notNewer) {
      return ConditionalRead.notModified(info);
    }
    return ConditionalRead.modified(info, read(key, 0, -1));
  }

  /**
   * Resumable writes for Flink's RecoverableWriter.
   *
   * @throws CapabilityNotSupported when the backend has none
   */
  default ResumableWrites resumableWrites() throws CapabilityNotSupported {
    throw new CapabilityNotSupported(
        name(), type(), Capability.RESUMABLE_WRITE, "resumable writes", null);
  }

  /** Releases connections and threads. */
  @Override
  void close() throws IOException;

  /**
   * What is at a key.
   *
   * @param file the file at the key, with the full key as its path, or {@code null}
   * @param folder whether a folder exists at the key (always reported when there is no file)
   */
  record KeyStatus(FileInfo file, boolean folder) {}

  /**
   * One level of a folder listing.
   *
   * @param files the files directly in the folder, with full keys as paths
   * @param folders the full keys of the direct sub-folders
   */
  record Level(List<FileInfo> files, List<String> folders) {
    /** Copies the lists. */
    public Level {
      files = List.copyOf(files);
      folders = List.copyOf(folders);
    }
  }
}
