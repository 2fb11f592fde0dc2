package org.remotestore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A namespace of files on one backend, addressed by relative paths such as {@code
 * readings/2026-03-01.parquet}.
 *
 * <p>Paths are normalised ({@code a//b/./c} becomes {@code a/b/c}) and must stay inside the store:
 * absolute paths, {@code ..} segments that climb above the root, NUL characters and backslashes
 * fail with {@link InvalidPath} before any backend call. The empty path {@code ""} names the root
 * folder. Every operation that the backend cannot perform fails with {@link
 * CapabilityNotSupported}; every other failure is a {@link RemoteStoreException}.
 *
 * <p>Implementations are thread-safe. A store does not own its backend connection: the {@link
 * Registry} that created it does, and closing the registry closes the backends.
 */
public interface Store {

  /** A human-readable name, for example {@code lake} or {@code lake/silver} for a child. */
  String name();

  /** The name of the backend this store lives on. */
  String backendName();

  /** The type of that backend, for example {@code s3}. */
  String backendType();

  /** What this store's backend can do. */
  Capabilities capabilities();

  // ---------------------------------------------------------------- reading

  /** Opens the whole file for streaming. The caller closes the stream. */
  InputStream read(String path) throws IOException;

  /** Reads the whole file into memory. Meant for small files. */
  byte[] readBytes(String path) throws IOException;

  /**
   * Opens {@code length} bytes starting at {@code offset}; fewer when the file ends first. A
   * negative {@code length} reads to the end.
   */
  InputStream readRange(String path, long offset, long length) throws IOException;

  /**
   * Reads the file only if it changed compared with the given validators. Either validator may be
   * {@code null}; with both {@code null} this is a plain read. A "not modified" answer transfers no
   * body on backends with {@link Capability#CONDITIONAL_READ}.
   */
  ConditionalRead readIfChanged(String path, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException;

  // ---------------------------------------------------------------- writing

  /**
   * Writes the stream to {@code path}, creating parent folders as needed.
   *
   * @throws AlreadyExists when the file exists and {@code overwrite} is false
   */
  void write(String path, InputStream data, boolean overwrite) throws IOException;

  /** Writes the bytes to {@code path}; see {@link #write(String, InputStream, boolean)}. */
  void write(String path, byte[] data, boolean overwrite) throws IOException;

  /**
   * Writes so that readers see either the old content or the complete new content, never a part; on
   * failure nothing is left behind.
   */
  void writeAtomic(String path, InputStream data, boolean overwrite) throws IOException;

  /**
   * Opens a stream that publishes the file atomically when closed. If writing fails, call {@code
   * close()} only after {@link AtomicOutputStream#abort()}, or simply abort: nothing is published
   * and nothing is left behind.
   */
  AtomicOutputStream openAtomic(String path, boolean overwrite) throws IOException;

  // ---------------------------------------------------------------- metadata

  /** Whether a file or a folder exists at {@code path}. */
  boolean exists(String path) throws IOException;

  /** Whether a file exists at {@code path}. */
  boolean isFile(String path) throws IOException;

  /** Whether a folder exists at {@code path} (on object stores: any key below it). */
  boolean isFolder(String path) throws IOException;

  /**
   * Metadata of the file.
   *
   * @throws NotFound when there is no file at {@code path}
   */
  FileInfo getFileInfo(String path) throws IOException;

  /**
   * Whether {@code path} names a file (and its metadata), a folder, or nothing, in one backend
   * request where the backend can (an object store answers both from one delimited listing). The
   * root is a folder.
   *
   * <p>The default asks {@link #getFileInfo(String)} and then, when there is no file and the store
   * can list, {@link #isFolder(String)}; it is what caching decorators keep, since it goes through
   * their own cached answers.
   */
  default PathStatus pathStatus(String path) throws IOException {
    String p = StorePaths.normalize(path, backendName());
    if (p.isEmpty()) {
      return new PathStatus("", null, true);
    }
    try {
      return new PathStatus(p, getFileInfo(p), false);
    } catch (NotFound e) {
      return new PathStatus(p, null, capabilities().supports(Capability.LIST) && isFolder(p));
    }
  }

  /**
   * Count, size and newest modification of everything below the folder.
   *
   * @throws NotFound when the folder does not exist
   */
  FolderInfo getFolderInfo(String path) throws IOException;

  // ---------------------------------------------------------------- listing

  /**
   * Lists files below a folder. Non-recursive lists direct children only. Recursive lists down to
   * {@code maxDepth} levels ({@code 1} = direct children; {@code 0} or less = unlimited). Results
   * are sorted by path; paths are relative to this store. A missing folder gives an empty list.
   */
  List<FileInfo> listFiles(String path, boolean recursive, int maxDepth) throws IOException;

  /** Lists the direct files of a folder. */
  default List<FileInfo> listFiles(String path) throws IOException {
    return listFiles(path, false, 1);
  }

  /** Lists all files below a folder, at any depth. */
  default List<FileInfo> listFiles(String path, boolean recursive) throws IOException {
    return listFiles(path, recursive, 0);
  }

  /**
   * One level of a folder in one pass: its direct files and direct sub-folders, from a single
   * listing of the backend (on object stores one delimited listing, paginated), where {@link
   * #listFiles(String)} and {@link #listFolders(String, int)} would list twice. Sorted, relative to
   * this store; a missing folder gives an empty listing.
   *
   * <p>The default combines those two calls, for stores that have nothing better.
   */
  default FolderListing listFolder(String path) throws IOException {
    return new FolderListing(listFiles(path), listFolders(path, 1));
  }

  /**
   * The files whose store-relative paths match a glob {@code pattern}, sorted by path: {@code *}
   * and {@code ?} within a segment, classes {@code [a-z]} and {@code [!a-z]}, {@code **} for any
   * number of segments, a backslash to escape. Only the longest literal prefix of the pattern is
   * listed, recursively only when the pattern needs it; see {@link org.remotestore.ext.glob.Glob}.
   *
   * @throws org.remotestore.ext.glob.InvalidGlob naming the pattern when it is malformed (for
   *     example an unbalanced bracket)
   */
  default List<FileInfo> glob(String pattern) throws IOException {
    return org.remotestore.ext.glob.Glob.compile(pattern).files(this);
  }

  /**
   * Lists folders below {@code path} down to {@code maxDepth} levels ({@code 1} = direct children;
   * {@code 0} or less = unlimited), sorted, relative to this store, without trailing slashes.
   */
  List<String> listFolders(String path, int maxDepth) throws IOException;

  // ---------------------------------------------------------------- deleting, copying, moving

  /**
   * Deletes a file.
   *
   * @return whether a file was deleted
   * @throws NotFound when the file is missing and {@code missingOk} is false
   */
  boolean delete(String path, boolean missingOk) throws IOException;

  /** Deletes a file; fails with {@link NotFound} when it is missing. */
  default void delete(String path) throws IOException {
    delete(path, false);
  }

  /**
   * Deletes a folder and everything below it. A missing folder is not an error. Deleting the root
   * ({@code ""}) empties the store.
   */
  void deleteFolder(String path) throws IOException;

  /** Copies a file, natively where the backend can. */
  void copy(String source, String target, boolean overwrite) throws IOException;

  /** Moves a file, natively where the backend can, otherwise by copy then delete. */
  void move(String source, String target, boolean overwrite) throws IOException;

  /**
   * Creates a folder where the backend has real folders; a no-op on object stores, where folders
   * exist only through the files below them.
   */
  void createFolder(String path) throws IOException;

  // ---------------------------------------------------------------- composition

  /**
   * A store over the sub-namespace {@code subpath} of the same backend connection. Paths given to
   * the child are relative to {@code subpath}, and cannot escape it.
   */
  Store child(String subpath) throws InvalidPath;

  /**
   * Whether the backend is an object store: folders exist only through the files below them and
   * there is no atomic rename. Adapters such as the Flink file system report it to their callers.
   */
  default boolean isObjectStore() {
    return false;
  }

  /**
   * Opens the file for random access: a seekable stream that fetches bounded byte ranges lazily
   * through {@link #readRange(String, long, long)}, so a Parquet reader that reads a footer fetches
   * the footer, not the file. Opening sends no request: the file's length comes from the first
   * range's response where the backend reports it ({@link FileSizeReporting}), else from one {@link
   * #getFileInfo(String)}. Ranges grow for sequential reads and stay small for random access (see
   * {@link SeekableInputStream}). Nothing is ever held in memory beyond the current range's buffer.
   *
   * <p>The default builds the stream over this store's own operations, so every decorator of this
   * store sees (caches, retries, observes) each range. The caller closes the stream.
   *
   * @param path the file
   * @param rangeBytes the size of the first range, from which sequential ranges grow (at least 1)
   * @throws InvalidPath when {@code path} is not a valid file path (at once)
   * @throws NotFound when there is no file at {@code path} (at the first read, or at {@link
   *     SeekableInputStream#length()})
   */
  default SeekableInputStream readSeekable(String path, long rangeBytes) throws IOException {
    String p = StorePaths.filePath(path, backendName(), name());
    return new RangedInputStream(this, p, -1, rangeBytes);
  }

  /**
   * Opens the file for random access with ranges of {@link
   * SeekableInputStream#DEFAULT_RANGE_BYTES}.
   */
  default SeekableInputStream readSeekable(String path) throws IOException {
    return readSeekable(path, SeekableInputStream.DEFAULT_RANGE_BYTES);
  }

  /**
   * Exactly-once (recoverable) uploads to this store, the basis of Flink's {@code
   * RecoverableWriter}: bytes go to a hidden place, are made durable by {@code persist} and are
   * published atomically by {@code commit}. Decorators wrap them like every other operation.
   *
   * @throws CapabilityNotSupported when the backend has no {@link Capability#RESUMABLE_WRITE}
   */
  default RecoverableUploads recoverableUploads() throws CapabilityNotSupported {
    throw new CapabilityNotSupported(
        backendName(), backendType(), Capability.RESUMABLE_WRITE, "recoverableUploads", null);
  }

  /**
   * An optional facet of this store or of what it is built on, such as a backend's {@link
   * org.remotestore.spi.BatchDeleteSupport}, for callers that can use a native fast path and
   * otherwise fall back to the plain operations of this interface.
   *
   * <p>The default answers with this store itself when it is an instance of {@code type}, and is
   * empty otherwise. A store over a backend may also answer with the backend when the backend
   * implements {@code type}. A decorator forwards a facet only when it keeps its own promise with
   * it (a cache still invalidates, an observer still observes); otherwise it answers empty, so that
   * a native path can never bypass it.
   *
   * @param type the facet wanted
   * @return the facet, or empty when neither this store nor what it is built on provides it
   */
  default <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  /** An output stream that can be abandoned without publishing anything. */
  abstract class AtomicOutputStream extends OutputStream {
    /** Discards everything written; nothing is published. Idempotent. */
    public abstract void abort();
  }
}
