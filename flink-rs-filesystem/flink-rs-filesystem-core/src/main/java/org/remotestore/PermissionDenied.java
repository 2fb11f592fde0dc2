package org.remotestore;

/** The backend refused the operation for lack of rights. */
public class PermissionDenied extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public PermissionDenied(String message, String backend, String path, Throwable cause) {
    super(message, backend, path, cause);
  }

  /** Creates the exception without a cause. */
  public PermissionDenied(String message, String backend, String path) {
    super(message, backend, path);
  }
}
