package org.remotestore.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apache.hc.client5.http.utils.DateUtils;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.spi.Backend;

/**
 * A read-only backend over plain HTTP(S), on Apache HttpClient 5: keys are paths below {@link
 * HttpBackendOptions#baseUrl()}.
 *
 * <ul>
 *   <li>{@link #stat} sends {@code HEAD} (size from {@code Content-Length}, {@code Last-Modified},
 *       {@code ETag}; 404 means no file).
 *   <li>{@link #read} sends {@code GET}; a range asks for {@code Range: bytes=...} and, when the
 *       server ignores it and answers the whole file, skips and limits the stream itself.
 *   <li>{@link #readIfChanged} sends {@code If-None-Match} / {@code If-Modified-Since}; a {@code
 *       304 Not Modified} answer reads no body at all (and carries no {@link FileInfo}). A changed
 *       file's info has the ETag and Last-Modified of the answer; its size is the announced {@code
 *       Content-Length}, which for a gzip transfer is the compressed size, or 0 when none was
 *       announced ({@link #stat} gives the exact size).
 *   <li>Whole-file reads ask for {@code gzip} (option {@code gzip}) and decompress transparently.
 *   <li>429 and 5xx answers and I/O failures are retried (all requests are idempotent), honouring
 *       {@code Retry-After}, with bounded, jittered exponential back-off. A body broken off in the
 *       middle is continued with {@code Range} + {@code If-Range} on its strong ETag (never for
 *       gzip transfers), so a file that changed meanwhile is never spliced.
 *   <li>Redirects are followed on the same host only, unless {@code allow-cross-host-redirects}.
 *   <li>Listing, writing and deleting fail with {@link CapabilityNotSupported}.
 * </ul>
 *
 * <p>Streams hold a pooled connection until closed; closing a stream before its end drops the
 * connection instead of downloading the rest. Messages show URLs without user info and query, which
 * may carry credentials.
 */
public final class HttpBackend implements Backend {
  /** The backend type name. */
  public static final String TYPE = "http";

  private static final Capabilities CAPABILITIES =
      Capabilities.of(
          Capability.READ, Capability.RANGE_READ, Capability.CONDITIONAL_READ, Capability.METADATA);

  private final String name;
  private final HttpBackendOptions options;
  private final HttpRequester requester;

  /** Creates a backend with real sleeping and the system clock. */
  public HttpBackend(String name, HttpBackendOptions options) {
    this(
        name,
        options,
        HttpRetryPolicy.Sleeper.system(),
        Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  HttpBackend(
      String name,
      HttpBackendOptions options,
      HttpRetryPolicy.Sleeper sleeper,
      Clock clock,
      DoubleSupplier random) {
    this.name = name;
    this.options = options;
    this.requester =
        new HttpRequester(
            name,
            options,
            new HttpRetryPolicy(
                options.retries(),
                options.retryBaseDelay(),
                options.retryMaxDelay(),
                options.retryMaxTotal(),
                clock,
                sleeper,
                random));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public boolean isObjectStore() {
    return true;
  }

  /** The options this backend runs with. */
  public HttpBackendOptions options() {
    return options;
  }

  /** The URL a key resolves to, without user info and query (safe to show). */
  public String urlOf(String key) {
    return HttpUrls.forMessages(HttpUrls.resolve(options.baseUrl(), key));
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public FileInfo stat(String key) throws IOException {
    HttpExchange head = execute("HEAD", key, Map.of("Accept-Encoding", "identity"));
    try {
      int status = head.status();
      if (status == 404 || status == 410) {
        return null;
      }
      if (status == 405 || status == 501) {
        head.close();
        return statByRangeProbe(key);
      }
      if (status != 200) {
        throw failure(head, key);
      }
      long size = HttpResponses.contentLength(head.response);
      if (size < 0 || HttpResponses.isEncoded(head.response)) {
        head.close();
        return statByRangeProbe(key);
      }
      return HttpResponses.info(key, head.response, size);
    } finally {
      head.close();
    }
  }

  /** Learns the size from {@code GET Range: bytes=0-0} when {@code HEAD} gave none. */
  private FileInfo statByRangeProbe(String key) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept-Encoding", "identity");
    headers.put("Range", "bytes=0-0");
    HttpExchange probe = execute("GET", key, headers);
    try {
      int status = probe.status();
      if (status == 404 || status == 410) {
        return null;
      }
      if (status == 416) {
        return HttpResponses.info(key, probe.response, 0);
      }
      if (status == 206) {
        long total = HttpResponses.contentRangeTotal(probe.response);
        if (total >= 0) {
          return HttpResponses.info(key, probe.response, total);
        }
      }
      if (status == 200) {
        long size =
            HttpResponses.isEncoded(probe.response)
                ? -1
                : HttpResponses.contentLength(probe.response);
        if (size >= 0) {
          return HttpResponses.info(key, probe.response, size);
        }
      }
      if (status == 200 || status == 206) {
        throw new RemoteStoreException(
            "HTTP server gave no size for " + probe.safeUrl() + " (backend '" + name + "')",
            name,
            key);
      }
      throw failure(probe, key);
    } finally {
      probe.close();
    }
  }

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (length == 0) {
      if (stat(key) == null) {
        throw notFound(urlOf(key), key);
      }
      return InputStream.nullInputStream();
    }
    boolean whole = offset == 0 && length < 0;
    Map<String, String> headers = new LinkedHashMap<>();
    if (whole) {
      headers.put("Accept-Encoding", options.gzip() ? "gzip" : "identity");
    } else {
      headers.put("Accept-Encoding", "identity");
      String end = length < 0 ? "" : Long.toString(offset + length - 1);
      headers.put("Range", "bytes=" + offset + "-" + end);
    }
    HttpExchange get = execute("GET", key, headers);
    boolean handedOver = false;
    try {
      int status = get.status();
      InputStream body;
      HttpResumePoint resume = null;
      long size = -1;
      if (status == 200) {
        body = get.body();
        size =
            HttpResponses.isEncoded(get.response) ? -1 : HttpResponses.contentLength(get.response);
        if (whole) {
          resume = HttpResumePoint.of(get, 0, -1);
        } else {
          // The server ignored Range: skip and limit while streaming.
          body = new HttpRangeOfStream(body, offset, length);
        }
      } else if (status == 206 && !whole) {
        long start = HttpResponses.contentRangeStart(get.response);
        if (start >= 0 && start != offset) {
          throw new RemoteStoreException(
              "HTTP server answered bytes from "
                  + start
                  + " instead of "
                  + offset
                  + " for "
                  + get.safeUrl()
                  + " (backend '"
                  + name
                  + "')",
              name,
              key);
        }
        body = get.body();
        size = HttpResponses.contentRangeTotal(get.response);
        if (length > 0 && HttpResponses.contentLength(get.response) > length) {
          body = new HttpRangeOfStream(body, 0, length); // more than asked for: cut it
        } else {
          resume = HttpResumePoint.of(get, offset, length < 0 ? -1 : offset + length - 1);
        }
      } else if (status == 416 && !whole) {
        return InputStream.nullInputStream(); // the range starts at or after the end
      } else {
        throw failure(get, key);
      }
      handedOver = true;
      return new HttpResponseStream(requester, get, body, key, resume).withFileSize(size);
    } finally {
      if (!handedOver) {
        get.close();
      }
    }
  }

  @Override
  public ConditionalRead readIfChanged(String key, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept-Encoding", options.gzip() ? "gzip" : "identity");
    if (ifNoneMatchEtag != null) {
      headers.put("If-None-Match", HttpResponses.quoteEtag(ifNoneMatchEtag));
    }
    if (ifModifiedSince != null) {
      headers.put("If-Modified-Since", DateUtils.formatStandardDate(ifModifiedSince));
    }
    HttpExchange get = execute("GET", key, headers);
    boolean handedOver = false;
    try {
      int status = get.status();
      if (status == 304) {
        // A 304 carries no reliable size (some servers even send Content-Length: 0): no info.
        return ConditionalRead.notModified(null);
      }
      if (status != 200) {
        throw failure(get, key);
      }
      long size = Math.max(0, HttpResponses.contentLength(get.response));
      FileInfo info = HttpResponses.info(key, get.response, size);
      ConditionalRead answer =
          ConditionalRead.modified(
              info,
              new HttpResponseStream(
                  requester, get, get.body(), key, HttpResumePoint.of(get, 0, -1)));
      handedOver = true;
      return answer;
    } finally {
      if (!handedOver) {
        get.close();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Unsupported operations

  @Override
  public Level list(String folderKey) throws IOException {
    throw unsupported(Capability.LIST, "listing (HTTP has no listing)", folderKey);
  }

  @Override
  public java.util.List<FileInfo> listRecursive(String folderKey) throws IOException {
    throw unsupported(Capability.LIST, "listing (HTTP has no listing)", folderKey);
  }

  /** HTTP cannot list, so only files are visible: a folder is never reported as existing. */
  @Override
  public boolean folderExists(String folderKey) {
    return false;
  }

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    throw unsupported(Capability.WRITE, "writing (the http backend is read-only)", key);
  }

  @Override
  public boolean delete(String key) throws IOException {
    throw unsupported(Capability.DELETE, "deleting (the http backend is read-only)", key);
  }

  @Override
  public void deleteFolder(String folderKey) throws IOException {
    throw unsupported(Capability.DELETE, "deleting (the http backend is read-only)", folderKey);
  }

  @Override
  public void createFolder(String folderKey) throws IOException {
    throw unsupported(Capability.WRITE, "creating folders (the http backend is read-only)", null);
  }

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    throw unsupported(Capability.COPY, "copying (the http backend is read-only)", targetKey);
  }

  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    throw unsupported(Capability.MOVE, "moving (the http backend is read-only)", sourceKey);
  }

  @Override
  public void close() {
    requester.close();
  }

  @Override
  public String toString() {
    return "HttpBackend{name="
        + name
        + ", baseUrl="
        + HttpUrls.forMessages(options.baseUrl())
        + "}";
  }

  private CapabilityNotSupported unsupported(Capability capability, String operation, String key) {
    return new CapabilityNotSupported(name, TYPE, capability, operation, key);
  }

  private HttpExchange execute(String method, String key, Map<String, String> headers)
      throws IOException {
    return requester.execute(method, key, headers);
  }

  private RemoteStoreException failure(HttpExchange exchange, String key) {
    return requester.failure(exchange, key);
  }

  private NotFound notFound(String safeUrl, String key) {
    return requester.notFound(safeUrl, key);
  }

  /** An ETag as sent in {@code If-None-Match}: kept when already quoted, quoted otherwise. */
  static String quoteEtag(String etag) {
    return HttpResponses.quoteEtag(etag);
  }
}
