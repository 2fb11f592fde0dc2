package org.remotestore.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.zip.GZIPInputStream;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.remotestore.BackendUnavailable;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
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
  private static final int MAX_REDIRECTS = 5;

  private final String name;
  private final HttpBackendOptions options;
  private final HttpRetryPolicy retryPolicy;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient client;
  private final String basicAuthorization;
  private final String secretQuery;
  private final String secretUserInfo;

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
    this.retryPolicy =
        new HttpRetryPolicy(
            options.retries(),
            options.retryBaseDelay(),
            options.retryMaxDelay(),
            options.retryMaxTotal(),
            clock,
            sleeper,
            random);
    URI base = options.baseUrl();
    this.secretUserInfo = base.getRawUserInfo();
    this.secretQuery = base.getRawQuery();
    this.basicAuthorization =
        secretUserInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        URLDecoder.decode(secretUserInfo, StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8));
    Timeout connect = Timeout.ofMilliseconds(options.connectTimeout().toMillis());
    Timeout read = Timeout.ofMilliseconds(options.readTimeout().toMillis());
    this.pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(options.maxConnections())
            .setMaxConnPerRoute(options.maxConnections())
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(connect)
                    .setResponseTimeout(read)
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableContentCompression()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent(options.userAgent())
            .build();
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
    Exchange head = execute("HEAD", key, Map.of("Accept-Encoding", "identity"));
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
      long size = contentLength(head.response);
      if (size < 0 || isEncoded(head.response)) {
        head.close();
        return statByRangeProbe(key);
      }
      return info(key, head.response, size);
    } finally {
      head.close();
    }
  }

  /** Learns the size from {@code GET Range: bytes=0-0} when {@code HEAD} gave none. */
  private FileInfo statByRangeProbe(String key) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept-Encoding", "identity");
    headers.put("Range", "bytes=0-0");
    Exchange probe = execute("GET", key, headers);
    try {
      int status = probe.status();
      if (status == 404 || status == 410) {
        return null;
      }
      if (status == 416) {
        return info(key, probe.response, 0);
      }
      if (status == 206) {
        long total = contentRangeTotal(probe.response);
        if (total >= 0) {
          return info(key, probe.response, total);
        }
      }
      if (status == 200) {
        long size = isEncoded(probe.response) ? -1 : contentLength(probe.response);
        if (size >= 0) {
          return info(key, probe.response, size);
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
    Exchange get = execute("GET", key, headers);
    boolean handedOver = false;
    try {
      int status = get.status();
      InputStream body;
      ResumePoint resume = null;
      if (status == 200) {
        body = get.body();
        if (whole) {
          resume = resumePoint(get, 0, -1);
        } else {
          // The server ignored Range: skip and limit while streaming.
          body = new RangeOfStream(body, offset, length);
        }
      } else if (status == 206 && !whole) {
        long start = contentRangeStart(get.response);
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
        if (length > 0 && contentLength(get.response) > length) {
          body = new RangeOfStream(body, 0, length); // more than asked for: cut it
        } else {
          resume = resumePoint(get, offset, length < 0 ? -1 : offset + length - 1);
        }
      } else if (status == 416 && !whole) {
        return InputStream.nullInputStream(); // the range starts at or after the end
      } else {
        throw failure(get, key);
      }
      handedOver = true;
      return new ResponseStream(get, body, key, resume);
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
      headers.put("If-None-Match", quoteEtag(ifNoneMatchEtag));
    }
    if (ifModifiedSince != null) {
      headers.put("If-Modified-Since", DateUtils.formatStandardDate(ifModifiedSince));
    }
    Exchange get = execute("GET", key, headers);
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
      long size = Math.max(0, contentLength(get.response));
      FileInfo info = info(key, get.response, size);
      ConditionalRead answer =
          ConditionalRead.modified(
              info, new ResponseStream(get, get.body(), key, resumePoint(get, 0, -1)));
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
    client.close(CloseMode.GRACEFUL);
    pool.close(CloseMode.GRACEFUL);
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

  // ---------------------------------------------------------------------------------------------
  // Exchanges: redirects, retries, error mapping

  /**
   * Sends a request, following allowed redirects and retrying throttling, 5xx and I/O failures. The
   * returned exchange is open (the caller closes it) and its status is final: not a redirect and
   * not retryable (unless retries ran out, which throws instead).
   */
  private Exchange execute(String method, String key, Map<String, String> headers)
      throws IOException {
    URI base = options.baseUrl();
    URI url = HttpUrls.resolve(base, key);
    int redirects = 0;
    int retry = 0;
    Duration waited = Duration.ZERO;
    while (true) {
      HttpUriRequestBase request = new HttpUriRequestBase(method, url);
      boolean sameHostAsBase = HttpUrls.hostOf(url).equals(HttpUrls.hostOf(base));
      if (sameHostAsBase) {
        options.headers().forEach(request::setHeader);
        if (basicAuthorization != null) {
          request.setHeader("Authorization", basicAuthorization);
        }
      }
      headers.forEach(request::setHeader);
      ClassicHttpResponse response;
      try {
        response = client.executeOpen(target(url), request, null);
      } catch (ClientProtocolException e) {
        throw new RemoteStoreException(
            "HTTP "
                + method
                + " "
                + HttpUrls.forMessages(url)
                + " failed (backend '"
                + name
                + "'): "
                + scrub(e.toString()),
            name,
            key,
            null);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(method, url, key);
        }
        retry++;
        Duration delay = retryPolicy.delayBefore(retry, null, waited);
        if (delay == null) {
          throw new BackendUnavailable(
              "HTTP "
                  + method
                  + " "
                  + HttpUrls.forMessages(url)
                  + " failed after "
                  + retry
                  + " attempt(s) (backend '"
                  + name
                  + "'): "
                  + scrub(e.toString()),
              name,
              key,
              null);
        }
        sleep(delay, method, url, key);
        waited = waited.plus(delay);
        continue;
      }
      Exchange exchange = new Exchange(request, response, url);
      int status = response.getCode();
      if (isRedirect(status) && response.getFirstHeader("Location") != null) {
        URI next = redirectTarget(exchange, key, ++redirects);
        exchange.close();
        url = next;
        continue;
      }
      if (status == 429 || isRetryable5xx(status)) {
        retry++;
        Header retryAfter = response.getFirstHeader("Retry-After");
        Duration delay =
            retryPolicy.delayBefore(
                retry, retryAfter == null ? null : retryAfter.getValue(), waited);
        if (delay == null) {
          String message =
              "HTTP "
                  + method
                  + " "
                  + exchange.safeUrl()
                  + " answered "
                  + status
                  + " "
                  + reason(response)
                  + (retryAfter == null ? "" : " (Retry-After: " + retryAfter.getValue() + ")")
                  + " after "
                  + retry
                  + " attempt(s) (backend '"
                  + name
                  + "')";
          exchange.close();
          throw new BackendUnavailable(
              message,
              name,
              key,
              null,
              retryPolicy.retryAfter(retryAfter == null ? null : retryAfter.getValue()));
        }
        exchange.close();
        sleep(delay, method, url, key);
        waited = waited.plus(delay);
        continue;
      }
      return exchange;
    }
  }

  private URI redirectTarget(Exchange exchange, String key, int redirects) throws IOException {
    String location = exchange.response.getFirstHeader("Location").getValue();
    URI next;
    try {
      next = exchange.url.resolve(new URI(location.trim()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      exchange.close();
      throw new RemoteStoreException(
          "HTTP server sent a malformed redirect for "
              + exchange.safeUrl()
              + " (backend '"
              + name
              + "')",
          name,
          key);
    }
    String from = HttpUrls.hostOf(options.baseUrl());
    String to = HttpUrls.hostOf(next);
    String refusal = null;
    if (!options.followRedirects()) {
      refusal =
          "redirects are disabled (rs.backends."
              + name
              + "."
              + HttpBackendOptions.FOLLOW_REDIRECTS
              + "=false)";
    } else if (redirects > MAX_REDIRECTS) {
      refusal = "more than " + MAX_REDIRECTS + " redirects";
    } else if (!"http".equalsIgnoreCase(next.getScheme())
        && !"https".equalsIgnoreCase(next.getScheme())) {
      refusal = "only http and https redirects are followed";
    } else if ("https".equalsIgnoreCase(exchange.url.getScheme())
        && "http".equalsIgnoreCase(next.getScheme())) {
      refusal = "a redirect from https to plain http is never followed";
    } else if (!from.equals(to) && !options.allowCrossHostRedirects()) {
      refusal =
          "redirect from host "
              + from
              + " to another host "
              + to
              + " refused; set rs.backends."
              + name
              + "."
              + HttpBackendOptions.ALLOW_CROSS_HOST_REDIRECTS
              + "=true to allow it";
    }
    if (refusal != null) {
      int status = exchange.status();
      exchange.close();
      throw new RemoteStoreException(
          "HTTP server answered "
              + status
              + " redirecting "
              + exchange.safeUrl()
              + " to "
              + HttpUrls.forMessages(next)
              + ": "
              + refusal
              + " (backend '"
              + name
              + "')",
          name,
          key);
    }
    return next;
  }

  private RemoteStoreException failure(Exchange exchange, String key) {
    int status = exchange.status();
    String what =
        "HTTP "
            + exchange.request.getMethod()
            + " "
            + exchange.safeUrl()
            + " answered "
            + status
            + " "
            + reason(exchange.response)
            + " (backend '"
            + name
            + "')";
    exchange.close();
    if (status == 404 || status == 410) {
      return new NotFound("No such file: " + what, name, key);
    }
    if (status == 401 || status == 403) {
      return new PermissionDenied("Permission denied: " + what, name, key);
    }
    if (status == 429 || status >= 500) {
      return new BackendUnavailable(what, name, key);
    }
    return new RemoteStoreException(what, name, key);
  }

  private NotFound notFound(String safeUrl, String key) {
    return new NotFound(
        "No such file: " + safeUrl + " answered 404 (backend '" + name + "')", name, key);
  }

  private void sleep(Duration delay, String method, URI url, String key)
      throws InterruptedIOException {
    try {
      retryPolicy.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(method, url, key);
    }
  }

  private InterruptedIOException interrupted(String method, URI url, String key) {
    InterruptedIOException e =
        new InterruptedIOException(
            "Interrupted during HTTP "
                + method
                + " "
                + HttpUrls.forMessages(url)
                + " (backend '"
                + name
                + "', path '"
                + key
                + "')");
    return e;
  }

  /** Removes the base URL's secret parts (user info, query) from a foreign message. */
  private String scrub(String message) {
    String m = message == null ? "" : message;
    if (secretQuery != null && !secretQuery.isEmpty()) {
      m = m.replace(secretQuery, "****");
    }
    if (secretUserInfo != null && !secretUserInfo.isEmpty()) {
      m = m.replace(secretUserInfo, "****");
    }
    return m;
  }

  private static HttpHost target(URI url) {
    return new HttpHost(url.getScheme(), url.getHost(), url.getPort());
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean isRetryable5xx(int status) {
    return status >= 500 && status != 501 && status != 505;
  }

  private static String reason(ClassicHttpResponse response) {
    String r = response.getReasonPhrase();
    return r == null ? "" : r;
  }

  private static boolean isEncoded(ClassicHttpResponse response) {
    Header h = response.getFirstHeader("Content-Encoding");
    return h != null && !h.getValue().isBlank() && !h.getValue().equalsIgnoreCase("identity");
  }

  private static long contentLength(ClassicHttpResponse response) {
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
  private static long contentRangeStart(ClassicHttpResponse response) {
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
  private static long contentRangeTotal(ClassicHttpResponse response) {
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

  private static FileInfo info(String key, ClassicHttpResponse response, long size) {
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
    return new FileInfo(key, size, lastModified, etag == null ? null : etag.getValue(), null);
  }

  /** An ETag as sent in {@code If-None-Match}: kept when already quoted, quoted otherwise. */
  static String quoteEtag(String etag) {
    String e = etag.trim();
    if (e.equals("*") || e.startsWith("\"") || e.startsWith("W/\"")) {
      return e;
    }
    return "\"" + e + "\"";
  }

  // ---------------------------------------------------------------------------------------------
  // Streams

  /** One request and its open response. */
  private final class Exchange {
    final HttpUriRequestBase request;
    final ClassicHttpResponse response;
    final URI url;
    private boolean closed;

    Exchange(HttpUriRequestBase request, ClassicHttpResponse response, URI url) {
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
      String e =
          encoding == null ? "identity" : encoding.getValue().trim().toLowerCase(Locale.ROOT);
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
              + name
              + "')",
          name,
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

  /** The body stream handed to callers: maps failures, releases the connection on close. */
  private final class ResponseStream extends InputStream {
    private final String key;
    private final ResumePoint resume;
    private Exchange exchange;
    private InputStream in;
    private long position;
    private int resumes;
    private boolean atEnd;
    private boolean closed;

    /**
     * @param resume where the body starts and ends in the file and its strong ETag, so a broken
     *     transfer can continue with a validated range request; {@code null} when it cannot
     */
    ResponseStream(Exchange exchange, InputStream in, String key, ResumePoint resume) {
      this.exchange = exchange;
      this.in = in;
      this.key = key;
      this.resume = resume;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("stream closed: " + exchange.safeUrl());
      }
      if (len == 0) {
        return 0;
      }
      if (atEnd) {
        return -1;
      }
      int n;
      while (true) {
        try {
          n = in.read(b, off, len);
          break;
        } catch (RemoteStoreException e) {
          throw e;
        } catch (IOException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw interrupted("GET", exchange.url, key);
          }
          if (!resumeAfterFailure()) {
            throw new BackendUnavailable(
                "Reading "
                    + exchange.safeUrl()
                    + " failed after "
                    + position
                    + " bytes"
                    + (resumes == 0 ? "" : " and " + resumes + " resumed transfer(s)")
                    + " (backend '"
                    + name
                    + "'): "
                    + scrub(e.toString()),
                name,
                key,
                null);
          }
        }
      }
      if (n < 0) {
        atEnd = true;
      } else {
        position += n;
      }
      return n;
    }

    /**
     * Continues a broken transfer where it stopped: {@code Range} from the next byte with {@code
     * If-Range} on the strong ETag, so a file that changed meanwhile is never spliced. Returns
     * whether the stream continues.
     */
    private boolean resumeAfterFailure() {
      if (resume == null) {
        return false;
      }
      while (resumes < retryPolicy.retries()) {
        resumes++;
        try {
          retryPolicy.sleeper().sleep(retryPolicy.backoff(resumes));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        long from = resume.start() + position;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept-Encoding", "identity");
        headers.put(
            "Range",
            "bytes=" + from + "-" + (resume.endInclusive() < 0 ? "" : resume.endInclusive()));
        headers.put("If-Range", resume.strongEtag());
        Exchange next;
        try {
          next = execute("GET", key, headers);
        } catch (IOException e) {
          return false;
        }
        if (next.status() == 206 && contentRangeStart(next.response) == from) {
          try {
            InputStream body = next.body();
            exchange.close(false);
            exchange = next;
            in = body;
            return true;
          } catch (IOException e) {
            next.close(false);
            continue;
          }
        }
        next.close(); // the file changed (200) or the server cannot resume
        return false;
      }
      return false;
    }

    @Override
    public int available() throws IOException {
      return closed || atEnd ? 0 : in.available();
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      exchange.close(atEnd && !(in instanceof RangeOfStream r && !r.sourceDrained()));
    }
  }

  /**
   * Where a body lies in its file, and the strong ETag that must still hold to continue it.
   *
   * @param start the file offset of the body's first byte
   * @param endInclusive the file offset of its last byte, or -1 for the end of the file
   * @param strongEtag the ETag of the answer (never a weak one)
   */
  private record ResumePoint(long start, long endInclusive, String strongEtag) {}

  /** A resume point for an answer, or {@code null} when it is compressed or has no strong ETag. */
  private static ResumePoint resumePoint(Exchange exchange, long start, long endInclusive) {
    Header etag = exchange.response.getFirstHeader("ETag");
    if (etag == null || isEncoded(exchange.response)) {
      return null;
    }
    String value = etag.getValue().trim();
    if (!value.startsWith("\"")) {
      return null; // weak (W/) or malformed: If-Range needs a strong validator
    }
    return new ResumePoint(start, endInclusive, value);
  }

  /** Skips {@code skip} bytes of a stream, then passes at most {@code limit} (-1: all). */
  private static final class RangeOfStream extends InputStream {
    private final InputStream in;
    private long toSkip;
    private long left;
    private boolean sourceDrained;

    RangeOfStream(InputStream in, long skip, long limit) {
      this.in = in;
      this.toSkip = skip;
      this.left = limit < 0 ? Long.MAX_VALUE : limit;
    }

    boolean sourceDrained() {
      return sourceDrained;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (toSkip > 0) {
        byte[] scratch = new byte[(int) Math.min(64 * 1024, toSkip)];
        while (toSkip > 0) {
          int r = in.read(scratch, 0, (int) Math.min(scratch.length, toSkip));
          if (r < 0) {
            sourceDrained = true;
            toSkip = 0;
            left = 0;
            return -1;
          }
          toSkip -= r;
        }
      }
      if (left <= 0) {
        return -1;
      }
      int r = in.read(b, off, (int) Math.min(len, left));
      if (r < 0) {
        sourceDrained = true;
        left = 0;
        return -1;
      }
      left -= r;
      return r;
    }
  }
}
