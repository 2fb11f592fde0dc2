package org.remotestore;

import java.io.IOException;

/**
 * Exactly-once uploads to a {@link Store}, in store paths: the store-level face of a backend's
 * {@link org.remotestore.spi.ResumableWrites}, returned by {@link Store#recoverableUploads()}.
 * Bytes go to a hidden place; {@link Upload#persist()} makes what was written so far durable and
 * returns an opaque state to resume from; {@link Upload#closeForCommit()} returns the state that
 * {@link #commit(String, byte[])} publishes atomically at the path.
 *
 * <p>Every call names the path the upload is for, and a state is accepted only for that path of
 * this store: a state that publishes elsewhere (another store, a path outside a child store) fails
 * with {@link InvalidPath} before anything is touched.
 */
public interface RecoverableUploads {

  /** Starts a new upload to {@code path}. Nothing is visible at {@code path} before commit. */
  Upload create(String path) throws IOException;

  /**
   * Re-opens an upload to {@code path} from a state returned by {@link Upload#persist()}; anything
   * written after that persist is discarded.
   */
  Upload recover(String path, byte[] resumeState) throws IOException;

  /**
   * Publishes an upload to {@code path} from a state returned by {@link Upload#closeForCommit()}.
   * Idempotent: committing again after the first commit succeeded is a success.
   */
  void commit(String path, byte[] commitState) throws IOException;

  /**
   * Releases what only this resume state needed (temporary objects, staged tails).
   *
   * @return whether something was released
   */
  boolean cleanup(String path, byte[] resumeState) throws IOException;

  /** Whether {@link #cleanup(String, byte[])} must be called for superseded resume states. */
  boolean requiresCleanup();

  /** Aborts an upload given by a commit state that will never be committed. */
  void abort(String path, byte[] commitState) throws IOException;

  /** An upload in progress. */
  interface Upload extends AutoCloseable {

    /** Appends bytes. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /** Flushes buffered bytes to the backend without making them durable. */
    void flush() throws IOException;

    /** Bytes written so far. */
    long position();

    /** Makes everything written so far durable and returns the state to resume from. */
    byte[] persist() throws IOException;

    /** Finishes writing and returns the state to commit from. No more writes are accepted. */
    byte[] closeForCommit() throws IOException;

    /** Abandons this upload; what persisted states need is kept. */
    @Override
    void close() throws IOException;
  }
}
