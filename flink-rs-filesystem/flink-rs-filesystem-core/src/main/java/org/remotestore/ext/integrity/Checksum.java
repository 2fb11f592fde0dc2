package org.remotestore.ext.integrity;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A content checksum: an algorithm and its value in lower-case hex. Its text form, {@code
 * <algorithm>:<hex>} (for example {@code sha256:ba7816bf...}), is the form of {@link
 * org.remotestore.FileInfo#checksum()}.
 *
 * @param algorithm the algorithm
 * @param hex the value, lower-case hex
 */
public record Checksum(ChecksumAlgorithm algorithm, String hex) {
  /** Validates and lower-cases the value. */
  public Checksum {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    hex = hex.toLowerCase(Locale.ROOT);
    if (hex.isEmpty() || !hex.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException(
          "Not a hex " + algorithm.id() + " checksum: '" + hex + "'");
    }
  }

  /**
   * Parses {@code <algorithm>:<hex>}.
   *
   * @throws IllegalArgumentException when the text has no known algorithm or no hex value
   */
  public static Checksum parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "Not a checksum '" + text + "' (expected <algorithm>:<hex>, e.g. sha256:ab12...)");
    }
    return new Checksum(
        ChecksumAlgorithm.of(text.substring(0, colon)), text.substring(colon + 1).trim());
  }

  /** {@code <algorithm>:<hex>}. */
  @Override
  public String toString() {
    return algorithm.id() + ":" + hex;
  }
}
