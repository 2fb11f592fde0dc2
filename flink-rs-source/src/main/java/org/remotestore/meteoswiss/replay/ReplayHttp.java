package org.remotestore.meteoswiss.replay;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** The HTTP side of the replay server: conditional, ranged and gzip answers, and their bodies. */
final class ReplayHttp {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private ReplayHttp() {}

  /**
   * Answers a feed file: validators, {@code 304}, a single {@code Range} ({@code 206}/{@code 416},
   * honouring {@code If-Range}), gzip when accepted, {@code HEAD}.
   */
  static int sendFile(
      HttpExchange ex,
      String method,
      FileContent content,
      boolean truncate,
      boolean corrupt,
      ReplayOutcome sent)
      throws IOException {
    Headers req = ex.getRequestHeaders();
    Headers rsp = ex.getResponseHeaders();
    String etag = content.etag();
    String gzipEtag = etag.substring(0, etag.length() - 1) + "-gzip\"";
    rsp.set("Last-Modified", HTTP_DATE.format(content.lastModified()));
    rsp.set("Cache-Control", "public, max-age=" + content.maxAgeSeconds());
    rsp.set("Accept-Ranges", "bytes");
    rsp.set("Vary", "Accept-Encoding");
    rsp.set("Content-Type", "text/csv; charset=windows-1252");

    String ifNoneMatch = req.getFirst("If-None-Match");
    boolean notModified;
    if (ifNoneMatch != null) {
      notModified = etagMatches(ifNoneMatch, etag, gzipEtag);
    } else {
      Instant since = httpDate(req.getFirst("If-Modified-Since"));
      notModified =
          since != null && !content.lastModified().truncatedTo(ChronoUnit.SECONDS).isAfter(since);
    }
    boolean gzip = acceptsGzip(req.getFirst("Accept-Encoding"));
    String range = req.getFirst("Range");
    String ifRange = req.getFirst("If-Range");
    if (range != null && ifRange != null && !ifRange.trim().equals(etag)) {
      range = null;
    }
    if (notModified) {
      rsp.set("ETag", range == null && gzip ? gzipEtag : etag);
      sent.commit(304, 0);
      ex.sendResponseHeaders(304, -1);
      return 304;
    }
    byte[] body = corrupt ? corrupted(content.bytes()) : content.bytes();
    if (range != null) {
      long[] r = parseRange(range, body.length);
      rsp.set("ETag", etag);
      if (r == null) {
        // not a single byte range we understand: ignore it (RFC 9110 allows that)
        return sendBody(ex, method, 200, body, truncate, sent);
      }
      if (r.length == 0) {
        rsp.set("Content-Range", "bytes */" + body.length);
        sent.commit(416, 0);
        ex.sendResponseHeaders(416, -1);
        return 416;
      }
      int from = (int) r[0];
      int to = (int) r[1];
      rsp.set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
      byte[] part = java.util.Arrays.copyOfRange(body, from, to + 1);
      return sendBody(ex, method, 206, part, truncate, sent);
    }
    if (gzip) {
      rsp.set("ETag", gzipEtag);
      rsp.set("Content-Encoding", "gzip");
      return sendBody(ex, method, 200, gzip(body), truncate, sent);
    }
    rsp.set("ETag", etag);
    return sendBody(ex, method, 200, body, truncate, sent);
  }

  static boolean etagMatches(String header, String etag, String gzipEtag) {
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag) || c.equals(gzipEtag)) {
        return true;
      }
    }
    return false;
  }

  static Instant httpDate(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] p = part.trim().split(";");
      if (p[0].trim().equals("gzip")) {
        for (int i = 1; i < p.length; i++) {
          String param = p[i].trim().replace(" ", "");
          if (param.equals("q=0") || param.matches("q=0\\.0+")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Parses a single {@code bytes=} range. Returns {from, to} inclusive, an empty array when
   * unsatisfiable, {@code null} when the header is not a single byte range.
   */
  static long[] parseRange(String header, long length) {
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return null;
        }
        long suffix = Long.parseLong(b);
        if (suffix == 0 || length == 0) {
          return new long[0];
        }
        return new long[] {Math.max(0, length - suffix), length - 1};
      }
      long from = Long.parseLong(a);
      long to = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
      if (from >= length || (!b.isEmpty() && Long.parseLong(b) < from)) {
        return b.isEmpty() || Long.parseLong(b) >= from ? new long[0] : null;
      }
      return new long[] {from, to};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A copy of a file's bytes with the last digit changed (same length, still parseable). */
  static byte[] corrupted(byte[] body) {
    byte[] copy = body.clone();
    for (int i = copy.length - 1; i >= 0; i--) {
      if (copy[i] >= '0' && copy[i] <= '9') {
        copy[i] = (byte) (copy[i] == '9' ? '0' : copy[i] + 1);
        return copy;
      }
    }
    return copy;
  }

  static int sendBody(
      HttpExchange ex, String method, int status, byte[] body, boolean truncate, ReplayOutcome sent)
      throws IOException {
    if (method.equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      sent.commit(status, 0);
      ex.sendResponseHeaders(status, -1);
      return status;
    }
    if (body.length == 0) {
      sent.commit(status, 0);
      ex.sendResponseHeaders(status, -1);
      return status;
    }
    int length = truncate ? Math.max(1, body.length / 2) : body.length;
    sent.commit(status, length);
    ex.sendResponseHeaders(status, body.length);
    OutputStream out = ex.getResponseBody();
    // a truncated body: the full length is announced, half is sent, then the exchange is closed,
    // which makes the JDK server drop the connection
    out.write(body, 0, length);
    out.flush();
    return status;
  }

  static int sendText(HttpExchange ex, int status, String text, ReplayOutcome sent)
      throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
      sent.commit(status, 0);
      ex.sendResponseHeaders(status, -1);
      return status;
    }
    sent.commit(status, body.length);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    return status;
  }

  static int sendJson(
      HttpExchange ex,
      String method,
      String json,
      boolean truncate,
      boolean corrupt,
      ReplayOutcome sent)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/geo+json");
    ex.getResponseHeaders().set("Cache-Control", "public, max-age=10");
    String text = corrupt ? json.substring(0, json.length() / 2) : json;
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (acceptsGzip(ex.getRequestHeaders().getFirst("Accept-Encoding"))) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      body = gzip(body);
    }
    return sendBody(ex, method, 200, body, truncate, sent);
  }
}
