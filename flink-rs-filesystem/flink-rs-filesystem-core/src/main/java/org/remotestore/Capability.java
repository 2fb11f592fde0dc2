package org.remotestore;

/** One thing a backend can do. A {@link Store} checks the needed capability before each call. */
public enum Capability {
  /** Read whole files as streams. */
  READ,
  /** Read a byte range without fetching the whole file. */
  RANGE_READ,
  /** Read only when the file changed (ETag / Last-Modified), with no body otherwise. */
  CONDITIONAL_READ,
  /** Create or replace files. */
  WRITE,
  /** Publish a write all at once or not at all. */
  ATOMIC_WRITE,
  /** Delete files and folders. */
  DELETE,
  /** List files and folders. */
  LIST,
  /** Copy a file within the backend. */
  COPY,
  /** Move (rename) a file within the backend. */
  MOVE,
  /** Size, modification time and ETag or checksum of a file. */
  METADATA,
  /** Resumable, persist-then-commit writes, as needed by Flink's RecoverableWriter. */
  RESUMABLE_WRITE
}
