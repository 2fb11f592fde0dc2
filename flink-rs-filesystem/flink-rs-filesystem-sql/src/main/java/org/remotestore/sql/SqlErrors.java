package org.remotestore.sql;

import java.sql.SQLException;
import org.remotestore.BackendUnavailable;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;

/**
 * Translates {@link SQLException}s into the store's typed errors by SQLSTATE (and SQLite's error
 * codes): connection failures, lock timeouts, serialization failures and deadlocks are {@link
 * BackendUnavailable} (retryable); authentication and privilege failures {@link PermissionDenied};
 * the rest a plain {@link RemoteStoreException}. Messages name the backend, the operation and the
 * key; the database's own message is kept (drivers do not put passwords in it).
 */
final class SqlErrors {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_PERM = 3;
  private static final int SQLITE_AUTH = 23;

  private SqlErrors() {}

  /** Whether the failure is transient: a lock, deadlock, serialization failure or lost link. */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    int code = e.getErrorCode() & 0xff;
    return (state != null
            && (state.startsWith("08")
                || state.startsWith("40")
                || state.equals("55P03")
                || state.equals("57P01")))
        || code == SQLITE_BUSY
        || code == SQLITE_LOCKED;
  }

  static RemoteStoreException map(SQLException e, String backend, String key, String operation) {
    String state = e.getSQLState();
    int code = e.getErrorCode() & 0xff;
    String where = key == null ? "" : " of '" + key + "'";
    String message =
        operation
            + where
            + " failed on SQL backend '"
            + backend
            + "' (SQLSTATE "
            + state
            + "): "
            + e.getMessage();
    if (isTransient(e)) {
      return new BackendUnavailable(message, backend, key, e);
    }
    if ((state != null && (state.startsWith("28") || state.equals("42501")))
        || code == SQLITE_PERM
        || code == SQLITE_AUTH) {
      return new PermissionDenied(message, backend, key, e);
    }
    return new RemoteStoreException(message, backend, key, e);
  }
}
