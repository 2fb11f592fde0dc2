package org.remotestore.http;

import java.time.Instant;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.remotestore.FileInfo;

/** Reading the headers of an HTTP answer: status classes, lengths, ranges, validators. */
final class HttpResponses {
  private HttpResponses() {}

  static String reason(ClassicHttpResponse response) {
    String r = response.getReasonPhrase();
    return r == null ? "" : r;
  }

  static boolean isEncoded(ClassicHttpResponse response) {
    Header h = response.getFirstHeader("Content-Encoding");
    return h != null && !h.getValue().isBlank() && !h.getValue().equalsIgnoreCase("identity");
  }

  static long contentLength(ClassicHttpResponse response) {
    Header h = response.getFirstHeader("Content-Length");
    if (h == null) {
      return -1;
    }
    try {
      return Long.parseLong(h.getValue().trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The start of {@code Content-Range: bytes <start>-<end>/<total>}, or -1. */
  static long contentRangeStart(ClassicHttpResponse response) {
    Header h = response.getFirstHeader("Content-Range");
    if (h == null) {
      return -1;
    }
    String v = h.getValue().trim();
    int space = v.indexOf(' ');
    int dash = v.indexOf('-');
    if (space < 0 || dash < space) {
      return -1;
    }
    try {
      return Long.parseLong(v.substring(space + 1, dash).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The total of {@code Content-Range: bytes <start>-<end>/<total>}, or -1. */
  static long contentRangeTotal(ClassicHttpResponse response) {
    Header h = response.getFirstHeader("Content-Range");
    if (h == null) {
      return -1;
    }
    String v = h.getValue().trim();
    int slash = v.lastIndexOf('/');
    if (slash < 0) {
      return -1;
    }
    try {
      return Long.parseLong(v.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static FileInfo info(String key, ClassicHttpResponse response, long size) {
    Header etag = response.getFirstHeader("ETag");
    Instant lastModified = null;
    Header lm = response.getFirstHeader("Last-Modified");
    if (lm != null) {
      try {
        lastModified = DateUtils.parseStandardDate(lm.getValue());
      } catch (RuntimeException e) {
        lastModified = null; // malformed dates are treated as absent
      }
    }
    return new FileInfo(
        key,
        size,
        lastModified,
        etag == null ? null : etag.getValue(),
        HttpDigests.checksumOf(response));
  }

  /** An ETag as sent in {@code If-None-Match}: kept when already quoted, quoted otherwise. */
  static String quoteEtag(String etag) {
    String e = etag.trim();
    if (e.equals("*") || e.startsWith("\"") || e.startsWith("W/\"")) {
      return e;
    }
    return "\"" + e + "\"";
  }
}
