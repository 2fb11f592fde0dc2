package org.remotestore.meteoswiss.source;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the SHA-256 of a downloaded body with the STAC {@code file:checksum} listed for its
 * file. The checksum is a multihash in hex: a varint hash function code, a varint digest length,
 * then the digest ({@code 12 20 <32 bytes>} for SHA-256). Only SHA-256 is computed while a body is
 * read, so a checksum with another function code is not checked (warned about once per code).
 *
 * <p>A listing describes one version of a file: when the body's {@code Last-Modified} lies after
 * the listing's {@code updated} for that file, the file changed since it was listed and the
 * checksum no longer applies, so it is not checked either.
 */
final class ChecksumVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(ChecksumVerifier.class);
  private static final int SHA2_256 = 0x12;
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private ChecksumVerifier() {}

  /** The outcome of one check. */
  enum Verdict {
    /** No checksum applies (none listed, another hash function, or the file changed since). */
    NOT_CHECKED,
    /** The body has the listed checksum. */
    MATCH,
    /** The body does not have the listed checksum. */
    MISMATCH
  }

  /**
   * Checks a body.
   *
   * @param expected the listed checksum, or {@code null}
   * @param sha256Hex SHA-256 of the body (hex), as computed while reading it
   * @param lastModified the body's {@code Last-Modified}, or {@code null}
   */
  static Verdict verify(FileChecksum expected, String sha256Hex, Instant lastModified) {
    if (expected == null || sha256Hex == null) {
      return Verdict.NOT_CHECKED;
    }
    if (expected.updated() != null
        && lastModified != null
        && lastModified
            .truncatedTo(ChronoUnit.SECONDS)
            .isAfter(expected.updated().truncatedTo(ChronoUnit.SECONDS))) {
      LOG.debug(
          "Checksum {} not checked: the file changed at {}, after the listing ({})",
          expected.multihash(),
          lastModified,
          expected.updated());
      return Verdict.NOT_CHECKED;
    }
    String digest = sha256Digest(expected.multihash());
    if (digest == null) {
      return Verdict.NOT_CHECKED;
    }
    return digest.equalsIgnoreCase(sha256Hex) ? Verdict.MATCH : Verdict.MISMATCH;
  }

  /** The multihash of a SHA-256 digest given in hex, as STAC publishes it. */
  static String multihashOfSha256(String sha256Hex) {
    return "1220" + sha256Hex.toLowerCase(Locale.ROOT);
  }

  /**
   * The SHA-256 digest (hex) inside a multihash, or {@code null} (with a warning once per function
   * code) when it uses another hash function or is not a valid multihash.
   */
  static String sha256Digest(String multihash) {
    String hex = multihash.trim().toLowerCase(Locale.ROOT);
    int[] pos = {0};
    long code = varint(hex, pos);
    long length = varint(hex, pos);
    if (code < 0 || length < 0 || hex.length() - pos[0] != length * 2 || !isHex(hex)) {
      warnOnce(
          "malformed", "MeteoSwiss STAC checksum '{}' is not a hex multihash; not checked", hex);
      return null;
    }
    if (code != SHA2_256 || length != 32) {
      warnOnce(
          Long.toHexString(code),
          "MeteoSwiss STAC checksums with multihash function code 0x{} are not checked"
              + " (only sha2-256, 0x12, is)",
          Long.toHexString(code));
      return null;
    }
    return hex.substring(pos[0]);
  }

  /** Reads an unsigned varint of hex byte pairs at {@code pos[0]}; {@code -1} if malformed. */
  private static long varint(String hex, int[] pos) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (pos[0] + 2 > hex.length()) {
        return -1;
      }
      int b;
      try {
        b = Integer.parseInt(hex.substring(pos[0], pos[0] + 2), 16);
      } catch (NumberFormatException e) {
        return -1;
      }
      pos[0] += 2;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    return -1;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static void warnOnce(String key, String message, String arg) {
    if (WARNED.add(key)) {
      LOG.warn(message, arg);
    }
  }
}
