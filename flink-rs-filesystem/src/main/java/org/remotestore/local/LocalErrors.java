package org.remotestore.local;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.remotestore.AlreadyExists;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;

/** Maps file-system failures of a local backend onto the store's exceptions, naming the backend. */
final class LocalErrors {
  private final String name;

  LocalErrors(String name) {
    this.name = name;
  }

  NotFound notFound(String key) {
    return new NotFound("No such file: '" + key + "' in local backend '" + name + "'", name, key);
  }

  AlreadyExists alreadyExists(String key) {
    return new AlreadyExists(
        "File exists: '" + key + "' in local backend '" + name + "' and overwrite is false",
        name,
        key);
  }

  /** Translates a file-system failure into the store's exception hierarchy. */
  RemoteStoreException map(IOException e, String key) {
    if (e instanceof RemoteStoreException r) {
      return r;
    }
    if (e instanceof NoSuchFileException) {
      return new NotFound(
          "No such file or folder: '" + key + "' in local backend '" + name + "'", name, key, e);
    }
    if (e instanceof FileAlreadyExistsException) {
      return new AlreadyExists(
          "Already exists: '" + key + "' in local backend '" + name + "'", name, key, e);
    }
    if (e instanceof AccessDeniedException) {
      return new PermissionDenied(
          "Permission denied for '" + key + "' in local backend '" + name + "'", name, key, e);
    }
    return new RemoteStoreException(
        "Local backend '" + name + "' failed for '" + key + "': " + e, name, key, e);
  }
}
