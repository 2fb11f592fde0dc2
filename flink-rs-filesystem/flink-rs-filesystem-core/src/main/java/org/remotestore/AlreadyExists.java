package org.remotestore;

/** The target exists and overwriting was not requested. */
public class AlreadyExists extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public AlreadyExists(String message, String backend, String path, Throwable cause) {
    super(message, backend, path, cause);
  }

  /** Creates the exception without a cause. */
  public AlreadyExists(String message, String backend, String path) {
    super(message, backend, path);
  }
}
