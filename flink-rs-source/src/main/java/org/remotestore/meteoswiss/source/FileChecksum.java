package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The STAC {@code file:checksum} of one feed file as the listing gave it, and the listing's {@code
 * updated} time of that file: the checksum describes the version of the file that was current at
 * {@code updated}.
 *
 * @param multihash the checksum as published, a hex multihash such as {@code 1220<sha-256 hex>}
 * @param updated the asset's {@code updated} time, or {@code null} when the listing had none
 */
public record FileChecksum(String multihash, Instant updated) implements Serializable {
  /** Checks the multihash is present. */
  public FileChecksum {
    Objects.requireNonNull(multihash, "multihash");
  }
}
