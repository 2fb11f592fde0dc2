package org.remotestore;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of one file.
 *
 * @param path the path relative to the store that answered (normalised, no leading slash)
 * @param size size in bytes
 * @param lastModified last modification time, or {@code null} when the backend has none
 * @param etag the backend's entity tag, or {@code null}
 * @param checksum a content checksum such as {@code sha256:<hex>} or {@code md5:<hex>}, or {@code
 *     null}
 */
public record FileInfo(String path, long size, Instant lastModified, String etag, String checksum) {
  /** Validates the record. */
  public FileInfo {
    Objects.requireNonNull(path, "path");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
  }

  /** The same metadata under another path (used when re-rooting results for a child store). */
  public FileInfo withPath(String newPath) {
    return new FileInfo(newPath, size, lastModified, etag, checksum);
  }
}
