package org.remotestore.http;

import org.apache.hc.core5.http.Header;

/**
 * Where a body lies in its file, and the strong ETag that must still hold to continue it.
 *
 * @param start the file offset of the body's first byte
 * @param endInclusive the file offset of its last byte, or -1 for the end of the file
 * @param strongEtag the ETag of the answer (never a weak one)
 */
record HttpResumePoint(long start, long endInclusive, String strongEtag) {

  /** A resume point for an answer, or {@code null} when it is compressed or has no strong ETag. */
  static HttpResumePoint of(HttpExchange exchange, long start, long endInclusive) {
    Header etag = exchange.response.getFirstHeader("ETag");
    if (etag == null || HttpResponses.isEncoded(exchange.response)) {
      return null;
    }
    String value = etag.getValue().trim();
    if (!value.startsWith("\"")) {
      return null; // weak (W/) or malformed: If-Range needs a strong validator
    }
    return new HttpResumePoint(start, endInclusive, value);
  }
}
