package org.remotestore.spi;

import java.io.IOException;

/**
 * A backend's native primitive for exactly-once writes, the basis of the Flink {@code
 * RecoverableWriter}: bytes go to a hidden place, {@link PendingUpload#persist()} makes what was
 * written so far durable and returns an opaque, self-versioned state, and {@link #commit(byte[])}
 * publishes atomically. Memory uses a map, local a temporary file and rename, S3 a multipart
 * upload, Azure staged blocks.
 *
 * <p>The byte arrays are owned by the backend: it encodes whatever it needs (upload id, part tags,
 * temporary object names, lengths), with its own version byte, so that states written by an older
 * version can still be read. The Flink adapter wraps them with the store name and target key.
 */
public interface ResumableWrites {

  /** Starts a new upload to {@code key}. Nothing is visible at {@code key} before commit. */
  PendingUpload begin(String key) throws IOException;

  /**
   * Re-opens an upload from a state returned by {@link PendingUpload#persist()}. The new upload
   * continues at exactly the persisted position; anything written after that persist is discarded.
   */
  PendingUpload resume(byte[] resumeState) throws IOException;

  /**
   * Publishes an upload from a state returned by {@link PendingUpload#closeForCommit()}.
   * Idempotent: committing again after a restart, when the first commit already succeeded, is a
   * success and not an error.
   */
  void commit(byte[] commitState) throws IOException;

  /**
   * Releases what only this resume state needed (temporary objects, staged tails). Called by Flink
   * for states that a completed checkpoint superseded.
   *
   * @return whether something was released
   */
  boolean cleanup(byte[] resumeState) throws IOException;

  /** Whether {@link #cleanup(byte[])} must be called for superseded resume states. */
  boolean requiresCleanup();

  /**
   * The key that a resume or commit state publishes to, so that the store above can check that a
   * state handed back to it (by a restored checkpoint, say) belongs to the path it is resumed for.
   *
   * @throws IOException when the bytes are not a state of this backend
   */
  String targetKey(byte[] state) throws IOException;

  /** Aborts a pending upload given by a commit state that will never be committed. */
  default void abort(byte[] commitState) throws IOException {}

  /** An upload in progress. */
  interface PendingUpload extends AutoCloseable {

    /** Appends bytes. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /** Flushes buffered bytes to the backend without making them durable. */
    default void flush() throws IOException {}

    /** Bytes written so far. */
    long position();

    /** Makes everything written so far durable and returns the state to resume from. */
    byte[] persist() throws IOException;

    /** Finishes writing and returns the state to commit from. No more writes are accepted. */
    byte[] closeForCommit() throws IOException;

    /**
     * Abandons this upload; releases what the backend holds for it unless persisted states need it.
     */
    @Override
    void close() throws IOException;
  }
}
