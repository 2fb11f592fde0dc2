package org.remotestore.http;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * The content digest a server announces in its headers, for {@link
 * org.remotestore.FileInfo#checksum()}, so that a verify against it costs no download: {@code
 * Repr-Digest} (RFC 9530: {@code sha-256=:<base64>:}, {@code md5=:<base64>:}), the older {@code
 * Digest} (RFC 3230: {@code SHA-256=<base64>}, {@code MD5=<base64>}) and {@code Content-MD5} (only
 * on a full 200 answer: on a 206 it covers the range). A content-encoded answer (gzip) gives none:
 * its digest is of the encoded bytes, not of the file.
 */
final class HttpDigests {
  private HttpDigests() {}

  /** {@code sha256:<hex>} or {@code md5:<hex>}, or {@code null} when the answer announces none. */
  static String checksumOf(HttpResponse response) {
    Header encoding = response.getFirstHeader("Content-Encoding");
    if (encoding != null && !encoding.getValue().trim().equalsIgnoreCase("identity")) {
      return null;
    }
    String found = dictionary(response.getFirstHeader("Repr-Digest"), true);
    if (found == null) {
      found = dictionary(response.getFirstHeader("Digest"), false);
    }
    if (found == null && response.getCode() == 200) {
      found = digest("md5", response.getFirstHeader("Content-MD5"), 16);
    }
    return found;
  }

  /** SHA-256 first, then MD5, from a comma-separated {@code algorithm=value} list. */
  private static String dictionary(Header header, boolean colonWrapped) {
    if (header == null) {
      return null;
    }
    String sha256 = null;
    String md5 = null;
    for (String item : header.getValue().split(",")) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String algorithm = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = item.substring(eq + 1).trim();
      if (colonWrapped) {
        if (value.length() < 2 || !value.startsWith(":") || !value.endsWith(":")) {
          continue;
        }
        value = value.substring(1, value.length() - 1);
      }
      if (algorithm.equals("sha-256")) {
        sha256 = hex("sha256", value, 32);
      } else if (algorithm.equals("md5")) {
        md5 = hex("md5", value, 16);
      }
    }
    return sha256 != null ? sha256 : md5;
  }

  private static String digest(String algorithm, Header header, int length) {
    return header == null ? null : hex(algorithm, header.getValue().trim(), length);
  }

  private static String hex(String algorithm, String base64, int length) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64);
      return bytes.length == length ? algorithm + ":" + HexFormat.of().formatHex(bytes) : null;
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
