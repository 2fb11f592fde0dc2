package org.remotestore.spi;

import java.io.IOException;
import java.util.List;

/**
 * An optional facet of a {@link Backend} that lists and removes what crashed writers left behind:
 * the hidden state of {@link ResumableWrites} uploads (and of atomic writes) that nobody will ever
 * commit or abort. A backend implements it next to {@link Backend}; callers reach it through {@link
 * org.remotestore.Store#unwrap(Class)}, which hands out a view in that store's paths, and normally
 * use it through {@code org.remotestore.ext.sweep.OrphanSweeper}, which decides what may be removed
 * (age, live checkpoints) and is dry-run by default.
 *
 * <p>Implemented by local ({@code .<name>.inprogress.<id>} staging files and {@code .rs-tmp.}
 * temporary files), s3 (multipart uploads and the temporary tail objects of resumable writes) and
 * azure (blobs that hold only uncommitted blocks), sftp (the same hidden files as local) and
 * sql-blob (staged chunks of uncommitted resumable writes, chunks of unpublished writes). A backend
 * added later implements the same two methods, with its own {@code kind}.
 *
 * <p>Implementations list only, and remove only, what their own writers create: never a published
 * file. Removing must not publish anything either.
 */
public interface LeftoverSupport {

  /** Kind of an S3 multipart upload that was started and never completed nor aborted. */
  String KIND_MULTIPART_UPLOAD = "multipart-upload";

  /** Kind of a temporary object that holds the persisted tail of a resumable write. */
  String KIND_TEMPORARY_OBJECT = "temporary-object";

  /** Kind of a blob that holds only uncommitted (staged) blocks. */
  String KIND_UNCOMMITTED_BLOCKS = "uncommitted-blocks";

  /** Kind of a hidden in-progress file of a resumable write ({@code .<name>.inprogress.<id>}). */
  String KIND_STAGING_FILE = "staging-file";

  /** Kind of a hidden temporary file of an atomic write that was never published. */
  String KIND_TEMPORARY_FILE = "temporary-file";

  /**
   * Lists the leftovers at or below {@code folderKey} (every one when it is {@code ""}), whatever
   * their age: deciding what may go is the caller's job.
   *
   * @param folderKey a folder key (or a store path, see above), without a trailing slash
   * @return the leftovers, in no particular order
   * @throws IOException when the backend cannot be listed
   */
  List<Leftover> listLeftovers(String folderKey) throws IOException;

  /**
   * Removes one leftover returned by {@link #listLeftovers(String)}: aborts the upload, discards
   * the uncommitted blocks, deletes the hidden file. Never touches a published file.
   *
   * @return whether something was removed ({@code false} when it was already gone)
   * @throws IOException when it could not be removed
   */
  boolean removeLeftover(Leftover leftover) throws IOException;
}
