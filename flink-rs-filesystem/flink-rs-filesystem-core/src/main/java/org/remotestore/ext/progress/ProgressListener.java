package org.remotestore.ext.progress;

/** Receives the progress of one stream, on the thread that reads or writes it. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = (bytes, total) -> {};

  /**
   * Called after bytes passed through the stream.
   *
   * @param bytes bytes read or written so far
   * @param total the expected total, or {@code -1} when it is not known
   */
  void onProgress(long bytes, long total);
}
