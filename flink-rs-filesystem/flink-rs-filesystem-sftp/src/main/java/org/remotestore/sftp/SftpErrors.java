package org.remotestore.sftp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.apache.sshd.common.SshException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.remotestore.AlreadyExists;
import org.remotestore.BackendUnavailable;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;

/**
 * Translates SFTP status codes and SSH transport failures into the store's typed errors, naming the
 * backend and the key, never a secret: a lost, refused or silent connection is {@link
 * BackendUnavailable}, a missing file {@link NotFound}, a refused access {@link PermissionDenied}.
 */
final class SftpErrors {
  private final String name;

  SftpErrors(String name) {
    this.name = name;
  }

  NotFound notFound(String key) {
    return new NotFound("No such file: '" + key + "' in sftp backend '" + name + "'", name, key);
  }

  AlreadyExists alreadyExists(String key) {
    return new AlreadyExists(
        "File exists: '" + key + "' in sftp backend '" + name + "' and overwrite is false",
        name,
        key);
  }

  /** Whether {@code e} is the server's "no such file" answer. */
  static boolean isNoSuchFile(IOException e) {
    return e instanceof SftpException s
        && (s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
            || s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH);
  }

  /** Whether {@code e} says that the connection or channel is gone or silent (worth a new one). */
  static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SftpException) {
        return false;
      }
      if (t instanceof SshException
          || t instanceof SocketException
          || t instanceof EOFException
          || t instanceof InterruptedIOException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** Translates a failure of an operation on {@code key}. */
  RemoteStoreException map(IOException e, String key) {
    if (e instanceof RemoteStoreException r) {
      return r;
    }
    if (e instanceof SftpException s) {
      int status = s.getStatus();
      if (isNoSuchFile(s)) {
        return new NotFound(
            "No such file or folder: '" + key + "' in sftp backend '" + name + "'", name, key, e);
      }
      if (status == SftpConstants.SSH_FX_PERMISSION_DENIED) {
        return new PermissionDenied(
            "Permission denied for '" + key + "' in sftp backend '" + name + "'", name, key, e);
      }
      if (status == SftpConstants.SSH_FX_FILE_ALREADY_EXISTS) {
        return new AlreadyExists(
            "Already exists: '" + key + "' in sftp backend '" + name + "'", name, key, e);
      }
      return new RemoteStoreException(
          "sftp backend '"
              + name
              + "' failed for '"
              + key
              + "': "
              + SftpConstants.getStatusName(status)
              + " "
              + s.getMessage(),
          name,
          key,
          e);
    }
    if (isConnectionFailure(e)) {
      return unavailable(key, e);
    }
    return new RemoteStoreException(
        "sftp backend '" + name + "' failed for '" + key + "': " + e.getClass().getSimpleName(),
        name,
        key,
        e);
  }

  BackendUnavailable unavailable(String key, Throwable e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new BackendUnavailable(
        "sftp backend '"
            + name
            + "' is unavailable"
            + (key == null ? "" : " for '" + key + "'")
            + ": "
            + why,
        name,
        key,
        e);
  }
}
