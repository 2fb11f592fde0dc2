package org.remotestore;

import java.io.IOException;

/**
 * Root of every error raised by a {@link Store} or a backend. Callers never see a raw SDK
 * exception: backends translate their native failures into one of the subclasses, and the {@link
 * Store} wraps anything left over in a plain {@code RemoteStoreException} naming the backend and
 * path.
 */
public class RemoteStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final String path;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, never containing secrets
   * @param backend the backend name, or {@code null} when not known
   * @param path the store-relative path, or {@code null} when not applicable
   * @param cause the underlying failure, or {@code null}
   */
  public RemoteStoreException(String message, String backend, String path, Throwable cause) {
    super(message, cause);
    this.backend = backend;
    this.path = path;
  }

  /** Creates an exception without a cause. */
  public RemoteStoreException(String message, String backend, String path) {
    this(message, backend, path, null);
  }

  /** The backend name the failure came from, or {@code null}. */
  public String backend() {
    return backend;
  }

  /** The path the failure concerns, or {@code null}. */
  public String path() {
    return path;
  }

  /** Whether retrying the same operation later may succeed. */
  public boolean isRetryable() {
    return false;
  }
}
