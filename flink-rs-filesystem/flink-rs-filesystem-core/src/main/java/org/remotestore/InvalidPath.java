package org.remotestore;

/** A path is malformed or would escape the store's root; raised before any backend call. */
public class InvalidPath extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public InvalidPath(String message, String backend, String path, Throwable cause) {
    super(message, backend, path, cause);
  }

  /** Creates the exception without a cause. */
  public InvalidPath(String message, String backend, String path) {
    super(message, backend, path);
  }
}
