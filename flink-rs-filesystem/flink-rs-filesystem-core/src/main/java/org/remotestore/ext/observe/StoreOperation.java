package org.remotestore.ext.observe;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One invocation of a {@link org.remotestore.Store} operation, as seen by a {@link StoreObserver}.
 * The same instance is passed to {@link StoreObserver#before}, then to exactly one of {@link
 * StoreObserver#after} or {@link StoreObserver#onError}; an observer that needs to carry state from
 * one to the other (an OpenTelemetry span, a start timestamp) {@link #attach attaches} it here.
 * Equality is identity.
 */
public final class StoreOperation {
  private final String operation;
  private final String storeName;
  private final String backendName;
  private final String backendType;
  private final String path;
  private final String targetPath;
  private final ConcurrentHashMap<Object, Object> attachments = new ConcurrentHashMap<>(2);

  /**
   * Describes an invocation.
   *
   * @param operation the {@code Store} method, for example {@code read} or {@code deleteFolder}
   * @param storeName the store's name
   * @param backendName the backend instance name
   * @param backendType the backend type, for example {@code s3}
   * @param path the path the operation was called with, or {@code null} when it concerns many paths
   *     (a batch)
   * @param targetPath the target of {@code copy} and {@code move}, otherwise {@code null}
   */
  public StoreOperation(
      String operation,
      String storeName,
      String backendName,
      String backendType,
      String path,
      String targetPath) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.storeName = storeName;
    this.backendName = backendName;
    this.backendType = backendType;
    this.path = path;
    this.targetPath = targetPath;
  }

  /** The {@code Store} method name, for example {@code read}. */
  public String operation() {
    return operation;
  }

  /** The store's name. */
  public String storeName() {
    return storeName;
  }

  /** The backend instance name. */
  public String backendName() {
    return backendName;
  }

  /** The backend type. */
  public String backendType() {
    return backendType;
  }

  /** The path as given by the caller, or {@code null} for operations over many paths. */
  public String path() {
    return path;
  }

  /** The target path of {@code copy} and {@code move}, or {@code null}. */
  public String targetPath() {
    return targetPath;
  }

  /** Stores observer state for this invocation under {@code key} (typically the observer). */
  public void attach(Object key, Object value) {
    attachments.put(key, value);
  }

  /** Removes and returns the state stored under {@code key}, or {@code null}. */
  public Object detach(Object key) {
    return attachments.remove(key);
  }

  @Override
  public String toString() {
    return operation
        + "("
        + (path == null ? "" : path)
        + (targetPath == null ? "" : " -> " + targetPath)
        + ") on "
        + backendName
        + " ("
        + backendType
        + ")";
  }
}
