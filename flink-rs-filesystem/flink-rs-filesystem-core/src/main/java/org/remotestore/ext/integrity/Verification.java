package org.remotestore.ext.integrity;

import java.util.Objects;

/**
 * The outcome of a successful {@link Integrity#verify verify}.
 *
 * @param path the verified path
 * @param checksum the checksum the file has (equal to the expected one)
 * @param fromMetadata {@code true} when the backend's own digest answered (no byte was downloaded);
 *     {@code false} when the content was streamed and hashed
 */
public record Verification(String path, Checksum checksum, boolean fromMetadata) {
  /** Validates the record. */
  public Verification {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(checksum, "checksum");
  }
}
