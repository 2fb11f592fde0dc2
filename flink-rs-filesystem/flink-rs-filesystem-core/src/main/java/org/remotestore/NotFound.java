package org.remotestore;

/** The file or folder does not exist. */
public class NotFound extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public NotFound(String message, String backend, String path, Throwable cause) {
    super(message, backend, path, cause);
  }

  /** Creates the exception without a cause. */
  public NotFound(String message, String backend, String path) {
    super(message, backend, path);
  }
}
