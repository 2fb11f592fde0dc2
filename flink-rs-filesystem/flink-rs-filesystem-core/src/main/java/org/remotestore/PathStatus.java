package org.remotestore;

/**
 * What a path names, as answered by {@link Store#pathStatus(String)}: a file (with its metadata), a
 * folder, or nothing. A path can name both a file and a folder on an object store ({@code a} and
 * {@code a/b}); then {@link #file()} is set and {@link #folder()} may be true as well.
 *
 * @param path the path, relative to the store
 * @param file the file's metadata, or {@code null} when there is no file at the path
 * @param folder whether a folder exists at the path
 */
public record PathStatus(String path, FileInfo file, boolean folder) {

  /** Whether there is a file at the path. */
  public boolean isFile() {
    return file != null;
  }

  /** Whether there is a file or a folder at the path. */
  public boolean exists() {
    return file != null || folder;
  }
}
