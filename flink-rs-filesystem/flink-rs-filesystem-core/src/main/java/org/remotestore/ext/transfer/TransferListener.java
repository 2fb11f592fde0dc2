package org.remotestore.ext.transfer;

/**
 * Receives progress of a {@link Transfer}, on the transferring thread. An exception thrown here
 * fails the current file, which then leaves nothing behind.
 */
@FunctionalInterface
public interface TransferListener {

  /** A listener that ignores progress. */
  TransferListener NONE = progress -> {};

  /** Called after each buffer written and when a file is complete. */
  void onProgress(TransferProgress progress);
}
