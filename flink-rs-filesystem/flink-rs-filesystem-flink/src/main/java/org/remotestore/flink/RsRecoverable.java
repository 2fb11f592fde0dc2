package org.remotestore.flink;

import java.util.Arrays;
import java.util.Objects;

/**
 * What both {@code rs://} recoverables carry: the store an upload belongs to, the target path in
 * that store, a byte position and the backend's own opaque state. Equality is by value within the
 * same concrete class.
 */
abstract class RsRecoverable {
  private final String store;
  private final String path;
  private final long position;
  private final byte[] backendState;

  RsRecoverable(String store, String path, long position, byte[] backendState) {
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

  /** The byte position this handle stands for (see the subclass). */
  public long position() {
    return position;
  }

  /** The backend's state bytes (a copy). */
  public byte[] backendState() {
    return backendState.clone();
  }

  byte[] backendStateUnsafe() {
    return backendState;
  }

  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && o instanceof RsRecoverable r
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
    return getClass().getSimpleName() + "{rs://" + store + "/" + path + " @ " + position + "}";
  }
}
