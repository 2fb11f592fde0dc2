package org.remotestore;

import java.time.Instant;
import java.util.Objects;

/**
 * Summary of a folder and everything below it.
 *
 * @param path the folder path relative to the store ({@code ""} for the root)
 * @param fileCount number of files below the folder, at any depth
 * @param totalSize sum of their sizes in bytes
 * @param lastModified newest modification time among them, or {@code null}
 */
public record FolderInfo(String path, long fileCount, long totalSize, Instant lastModified) {
  /** Validates the record. */
  public FolderInfo {
    Objects.requireNonNull(path, "path");
  }
}
