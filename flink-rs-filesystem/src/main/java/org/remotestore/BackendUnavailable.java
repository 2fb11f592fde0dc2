package org.remotestore;

/**
 * The backend could not be reached or answered with a transient failure (throttling, 5xx,
 * connection reset). Retrying later may succeed.
 */
public class BackendUnavailable extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public BackendUnavailable(String message, String backend, String path, Throwable cause) {
    super(message, backend, path, cause);
  }

  /** Creates the exception without a cause. */
  public BackendUnavailable(String message, String backend, String path) {
    super(message, backend, path);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
