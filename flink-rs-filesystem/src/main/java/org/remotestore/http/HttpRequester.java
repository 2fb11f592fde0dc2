package org.remotestore.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.remotestore.BackendUnavailable;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;

/**
 * Sends the http backend's requests on a pooled Apache HttpClient: adds the configured headers and
 * credentials (to the base URL's host only), follows allowed redirects, retries throttling, 5xx and
 * I/O failures by the {@link HttpRetryPolicy}, and maps final failures to store exceptions.
 * Messages never show the base URL's user info or query.
 */
final class HttpRequester implements AutoCloseable {
  private static final int MAX_REDIRECTS = 5;

  private final String name;
  private final HttpBackendOptions options;
  private final HttpRetryPolicy retryPolicy;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient client;
  private final String basicAuthorization;
  private final String secretQuery;
  private final String secretUserInfo;

  /** Builds the client and its connection pool for {@code options}. */
  HttpRequester(String name, HttpBackendOptions options, HttpRetryPolicy retryPolicy) {
    this.name = name;
    this.options = options;
    this.retryPolicy = retryPolicy;
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

  /** The backend's name, for messages. */
  String name() {
    return name;
  }

  /** The retry policy, also used to resume broken bodies. */
  HttpRetryPolicy retryPolicy() {
    return retryPolicy;
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
    pool.close(CloseMode.GRACEFUL);
  }

  /**
   * Sends a request, following allowed redirects and retrying throttling, 5xx and I/O failures by
   * the shared {@link org.remotestore.ext.retry.RetryPolicy} (the server's {@code Retry-After}
   * honoured). The returned exchange is open (the caller closes it) and its status is final: not a
   * redirect and not retryable (when retries run out, the last failure is thrown instead).
   */
  HttpExchange execute(String method, String key, Map<String, String> headers) throws IOException {
    Route route = new Route(HttpUrls.resolve(options.baseUrl(), key));
    try {
      return retryPolicy.shared().execute(method, () -> attempt(method, key, headers, route));
    } catch (InterruptedIOException e) {
      if (e.getCause() instanceof InterruptedException) {
        // interrupted while waiting to retry: say which request
        InterruptedIOException named = interrupted(method, route.url, key);
        named.initCause(e.getCause());
        throw named;
      }
      throw e;
    }
  }

  /** Where a request stands across its attempts: the current URL, redirects and attempts so far. */
  private static final class Route {
    URI url;
    int redirects;
    int attempts;

    Route(URI url) {
      this.url = url;
    }
  }

  /**
   * One attempt: sends the request and follows redirects. Throttling, retryable 5xx answers and I/O
   * failures throw {@link BackendUnavailable} (with the server's {@code Retry-After}), which the
   * retry policy retries.
   */
  private HttpExchange attempt(String method, String key, Map<String, String> headers, Route route)
      throws IOException {
    route.attempts++;
    URI base = options.baseUrl();
    while (true) {
      URI url = route.url;
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
        throw new BackendUnavailable(
            "HTTP "
                + method
                + " "
                + HttpUrls.forMessages(url)
                + " failed after "
                + route.attempts
                + " attempt(s) (backend '"
                + name
                + "'): "
                + scrub(e.toString()),
            name,
            key,
            null);
      }
      HttpExchange exchange = new HttpExchange(name, request, response, url);
      int status = response.getCode();
      if (isRedirect(status) && response.getFirstHeader("Location") != null) {
        URI next = redirectTarget(exchange, key, ++route.redirects);
        exchange.close();
        route.url = next;
        continue;
      }
      if (status == 429 || isRetryable5xx(status)) {
        Header retryAfter = response.getFirstHeader("Retry-After");
        String message =
            "HTTP "
                + method
                + " "
                + exchange.safeUrl()
                + " answered "
                + status
                + " "
                + HttpResponses.reason(response)
                + (retryAfter == null ? "" : " (Retry-After: " + retryAfter.getValue() + ")")
                + " after "
                + route.attempts
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
      return exchange;
    }
  }

  private URI redirectTarget(HttpExchange exchange, String key, int redirects) throws IOException {
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

  RemoteStoreException failure(HttpExchange exchange, String key) {
    int status = exchange.status();
    String what =
        "HTTP "
            + exchange.request.getMethod()
            + " "
            + exchange.safeUrl()
            + " answered "
            + status
            + " "
            + HttpResponses.reason(exchange.response)
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

  NotFound notFound(String safeUrl, String key) {
    return new NotFound(
        "No such file: " + safeUrl + " answered 404 (backend '" + name + "')", name, key);
  }

  InterruptedIOException interrupted(String method, URI url, String key) {
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
  String scrub(String message) {
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
}
