package org.remotestore.flink;

import org.apache.flink.core.fs.RecoverableWriter;

/**
 * The handle to resume an {@code rs://} upload: the store it belongs to, the target path in that
 * store, the number of bytes persisted ({@link #position()}) and the backend's own opaque state.
 */
public final class RsResumeRecoverable extends RsRecoverable
    implements RecoverableWriter.ResumeRecoverable {

  /**
   * Creates the handle.
   *
   * @param store the store name
   * @param path the target path in the store
   * @param position the number of bytes persisted
   * @param backendState the backend's state bytes (not copied)
   */
  public RsResumeRecoverable(String store, String path, long position, byte[] backendState) {
    super(store, path, position, backendState);
  }
}
