package org.remotestore.meteoswiss.replay;

import java.time.Instant;
import java.util.HexFormat;

/**
 * One version of a served file: its bytes, validators and content type.
 *
 * @param path the path below the data root
 * @param bytes the uncompressed body
 * @param sha256 SHA-256 of {@code bytes}
 * @param lastModified the simulated instant this version came into being
 * @param maxAgeSeconds the {@code Cache-Control: max-age} the feed announces
 */
public record FileContent(
    String path, byte[] bytes, byte[] sha256, Instant lastModified, int maxAgeSeconds) {

  /** The strong HTTP entity tag of the identity encoding (quoted). */
  public String etag() {
    return "\"" + HexFormat.of().formatHex(sha256, 0, 16) + "\"";
  }

  /** The STAC {@code file:checksum}: multihash {@code 1220} + SHA-256 hex. */
  public String multihash() {
    return "1220" + HexFormat.of().formatHex(sha256);
  }
}
