package org.remotestore.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** URL helpers of the http backend: keys to URLs, and URLs safe to show in messages. */
final class HttpUrls {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HttpUrls() {}

  /**
   * Resolves a backend key against the base URL: each key segment is percent-encoded (UTF-8) as a
   * path segment, the base URL's query, if any, is kept and its user info is dropped.
   */
  static URI resolve(URI baseUrl, String key) {
    StringBuilder sb = new StringBuilder();
    String authority = baseUrl.getRawAuthority();
    // User info never goes into request URLs (it is sent as Basic credentials instead).
    sb.append(baseUrl.getScheme())
        .append("://")
        .append(authority.substring(authority.indexOf('@') + 1));
    sb.append(baseUrl.getRawPath());
    if (!key.isEmpty()) {
      String[] segments = key.split("/", -1);
      for (int i = 0; i < segments.length; i++) {
        if (i > 0) {
          sb.append('/');
        }
        encodeSegment(segments[i], sb);
      }
    }
    if (baseUrl.getRawQuery() != null) {
      sb.append('?').append(baseUrl.getRawQuery());
    }
    return URI.create(sb.toString());
  }

  /** Percent-encodes one path segment (RFC 3986 {@code pchar}, without {@code ;} and {@code =}). */
  static void encodeSegment(String segment, StringBuilder out) {
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '!'
              || c == '$'
              || c == '&'
              || c == '\''
              || c == '('
              || c == ')'
              || c == '*'
              || c == '+'
              || c == ','
              || c == ':'
              || c == '@';
      if (keep) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }

  /**
   * The URL without user info, query and fragment: safe for messages and logs, since both may carry
   * credentials or signed tokens.
   */
  static String forMessages(URI uri) {
    if (uri == null) {
      return "(no url)";
    }
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) {
      sb.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      sb.append(uri.getHost());
      if (uri.getPort() >= 0) {
        sb.append(':').append(uri.getPort());
      }
    }
    sb.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    return sb.toString();
  }

  /** {@code host} or {@code host:port} of a URL, lower case, as shown in redirect errors. */
  static String hostOf(URI uri) {
    String host = uri.getHost() == null ? "?" : uri.getHost().toLowerCase(Locale.ROOT);
    return uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
  }
}
