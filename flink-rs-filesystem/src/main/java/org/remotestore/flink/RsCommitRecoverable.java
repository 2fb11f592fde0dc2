package org.remotestore.flink;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.core.fs.RecoverableWriter;

/**
 * The handle to commit an {@code rs://} upload: the store it belongs to, the target path in that
 * store, the length of the file to publish and the backend's own opaque state.
 */
public final class RsCommitRecoverable implements RecoverableWriter.CommitRecoverable {
  private final String store;
  private final String path;
  private final long position;
  private final byte[] backendState;

  /**
   * Creates the handle.
   *
   * @param store the store name
   * @param path the target path in the store
   * @param position the number of bytes to publish
   * @param backendState the backend's state bytes (not copied)
   */
  public RsCommitRecoverable(String store, String path, long position, byte[] backendState) {
    this.store = Objects.requireNonNull(store, "store");
    this.path = Objects.requireNonNull(path, "path");
    this.position = position;
    this.backendState = Objects.requireNonNull(backendState, "backendState");
  }

  /** The store name. */
  public String store() {
    return store;
  }

  /** The target path in the store. */
  public String path() {
    return path;
  }

  /** The number of bytes to publish. */
  public long position() {
    return position;
  }

  /** The backend's state bytes. */
  public byte[] backendState() {
    return backendState.clone();
  }

  byte[] backendStateUnsafe() {
    return backendState;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RsCommitRecoverable r
        && r.store.equals(store)
        && r.path.equals(path)
        && r.position == position
        && Arrays.equals(r.backendState, backendState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(store, path, position) * 31 + Arrays.hashCode(backendState);
  }

  @Override
  public String toString() {
    return "RsCommitRecoverable{rs://" + store + "/" + path + " @ " + position + "}";
  }
}
