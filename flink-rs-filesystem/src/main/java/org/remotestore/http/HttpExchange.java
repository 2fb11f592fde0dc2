package org.remotestore.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.remotestore.RemoteStoreException;

/** One request and its open response. */
final class HttpExchange {
  final String backendName;
  final HttpUriRequestBase request;
  final ClassicHttpResponse response;
  final URI url;
  private boolean closed;

  HttpExchange(
      String backendName, HttpUriRequestBase request, ClassicHttpResponse response, URI url) {
    this.backendName = backendName;
    this.request = request;
    this.response = response;
    this.url = url;
  }

  int status() {
    return response.getCode();
  }

  String safeUrl() {
    return HttpUrls.forMessages(url);
  }

  /** The body, decoded when the server sent gzip. */
  InputStream body() throws IOException {
    HttpEntity entity = response.getEntity();
    InputStream raw = entity == null ? InputStream.nullInputStream() : entity.getContent();
    Header encoding = response.getFirstHeader("Content-Encoding");
    String e = encoding == null ? "identity" : encoding.getValue().trim().toLowerCase(Locale.ROOT);
    if (e.isEmpty() || e.equals("identity")) {
      return raw;
    }
    if (e.equals("gzip") || e.equals("x-gzip")) {
      return new GZIPInputStream(raw, 16 * 1024);
    }
    throw new RemoteStoreException(
        "HTTP server sent unsupported Content-Encoding '"
            + e
            + "' for "
            + safeUrl()
            + " (backend '"
            + backendName
            + "')",
        backendName,
        null);
  }

  /** Releases the connection; unless the body was read to its end, drops it. */
  void close(boolean bodyFullyRead) {
    if (closed) {
      return;
    }
    closed = true;
    if (!bodyFullyRead) {
      request.cancel();
    }
    try {
      response.close();
    } catch (IOException | RuntimeException ignored) {
      // the connection is discarded either way
    }
  }

  /** Closes an exchange whose body is not wanted (an error answer or a head). */
  void close() {
    HttpEntity entity = response.getEntity();
    boolean smallOrEmpty =
        entity == null || (entity.getContentLength() >= 0 && entity.getContentLength() <= 8192);
    if (smallOrEmpty && entity != null) {
      try {
        entity.getContent().readAllBytes(); // keep the connection reusable
      } catch (IOException | RuntimeException e) {
        close(false);
        return;
      }
    }
    close(smallOrEmpty);
  }
}
