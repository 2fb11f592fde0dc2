package org.remotestore;

import java.io.IOException;

/**
 * Calls from a store into its backend, with one error mapping: any failure that is not a {@link
 * RemoteStoreException} becomes one naming the operation, the backend and the path.
 */
final class BackendCalls {
  private BackendCalls() {}

  /** One call to the backend. */
  @FunctionalInterface
  interface Call<T> {
    T call() throws IOException;
  }

  /** Runs {@code body}, mapping its failures. */
  static <T> T call(String operation, String backend, String path, Call<T> body)
      throws IOException {
    try {
      return body.call();
    } catch (RemoteStoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw wrap(operation, backend, path, e);
    }
  }

  /** A failure of {@code operation} as an error naming the backend and the path. */
  static RemoteStoreException wrap(String operation, String backend, String path, Exception e) {
    return new RemoteStoreException(
        operation
            + " failed on backend '"
            + backend
            + "' for path '"
            + path
            + "': "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        backend,
        path,
        e);
  }
}
