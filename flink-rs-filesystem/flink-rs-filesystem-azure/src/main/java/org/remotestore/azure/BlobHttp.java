package org.remotestore.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP layer of the Blob REST client: one pooled Apache HttpClient 5 (classic), the
 * authorization of every request (Shared Key signature, SAS query or bearer token), the pinned
 * {@code x-ms-version}, and retries of transport failures, timeouts and 408/429/5xx answers with
 * exponential back-off ({@code max-retries}, {@code retry-delay}, {@code max-retry-delay}; {@code
 * request-timeout} bounds each try's wait for data). Buffered answers are read to the end, so their
 * connections go back to the pool; a streamed answer ({@link #stream}) closed before its end drops
 * its connection (the store's ranged reader reads a short rest to its end first, for every
 * backend).
 *
 * <p>Secrets stay out of HttpClient's debug logs: connections are never the header- and
 * wire-logging kind, and a SAS joins the request's query only in the last request interceptor,
 * after the client logged the request line.
 */
final class BlobHttp implements AutoCloseable {
  /** The Blob service version every request asks for (accepted by Azure and Azurite). */
  static final String API_VERSION = "2023-11-03";

  static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

  /** A buffered answer: status, headers (case-insensitive) and body. */
  record Answer(int status, Map<String, String> headers, byte[] body, int length) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final SharedKeySigner signer;
  private final String sas;
  private final AzureTokenSource tokens;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient client;
  private final int maxRetries;
  private final Duration retryDelay;
  private final Duration maxRetryDelay;
  private final int maxConnections;
  private final String maxConnectionsKey;
  private final Duration connectionWait;

  BlobHttp(
      AzureBlobSettings settings, SharedKeySigner signer, String sas, AzureTokenSource tokens) {
    this.signer = signer;
    this.sas = sas;
    this.tokens = tokens;
    this.maxRetries = settings.maxRetries;
    this.retryDelay = settings.retryDelay;
    this.maxRetryDelay = settings.maxRetryDelay;
    Timeout connect = Timeout.ofMilliseconds(settings.connectTimeout.toMillis());
    Timeout read = Timeout.ofMilliseconds(settings.requestTimeout.toMillis());
    int connections = settings.maxConnections;
    this.maxConnections = connections;
    this.maxConnectionsKey = settings.maxConnectionsKey;
    this.connectionWait = settings.requestTimeout;
    this.pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(connections)
            .setMaxConnPerRoute(connections)
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
            .setConnectionFactory(
                socket -> {
                  QuietConnection c =
                      new QuietConnection("rs-azure-" + CONNECTIONS.incrementAndGet());
                  if (socket != null) {
                    c.bind(socket);
                  }
                  return c;
                })
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(connect)
                    .setSocketTimeout(read)
                    .setValidateAfterInactivity(Timeout.ofSeconds(2))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .addRequestInterceptorLast(
                (request, entity, context) -> {
                  if (sas != null) {
                    String path = request.getPath();
                    request.setPath(path + (path.indexOf('?') < 0 ? "?" : "&") + sas);
                  }
                })
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(read)
                    .setResponseTimeout(read)
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableContentCompression()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent("remote-store-azure")
            .build();
  }

  /**
   * Sends a request, retrying transient failures, and returns the answer when its status is below
   * 300.
   *
   * @param url the URL without the SAS (path and query percent-encoded; the SAS is added last)
   * @param headers request headers besides those added here
   * @param body the body, or {@code null}
   * @param into an array to read the body into (grown up to {@code limit}), or {@code null}
   * @throws BlobServiceException on an answer of 300 or more (304 included)
   * @throws UncheckedIOException when the transport fails after the retries
   */
  Answer send(
      String operation,
      String method,
      String url,
      Map<String, String> headers,
      byte[] body,
      byte[] into,
      int limit) {
    return retrying(
        operation,
        () -> {
          Answer answer = once(method, url, headers, body, into, limit);
          if (answer.status >= 300) {
            throw new RefusedAnswer(answer);
          }
          return answer;
        });
  }

  /** One try of a request: its result, or {@link RefusedAnswer} for a status of 300 or more. */
  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws IOException, RefusedAnswer;
  }

  /** An answer with a status of 300 or more, buffered: retried or reported by {@link #retrying}. */
  private static final class RefusedAnswer extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Answer answer;

    RefusedAnswer(Answer answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  /**
   * Runs {@code attempt} until it succeeds, retrying transport failures and retryable statuses with
   * back-off up to {@code max-retries} times; a wait for a pooled connection that timed out is not
   * retried.
   */
  private <T> T retrying(String operation, Attempt<T> attempt) {
    for (int tries = 0; ; tries++) {
      try {
        return attempt.run();
      } catch (RefusedAnswer refused) {
        Answer answer = refused.answer;
        if (!retryable(answer.status) || tries >= maxRetries) {
          throw new BlobServiceException(
              operation, answer.status, answer.header("x-ms-error-code"), answer.headers);
        }
      } catch (ConnectionRequestTimeoutException e) {
        throw poolExhausted(operation, e);
      } catch (IOException e) {
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw new UncheckedIOException(e);
        }
        if (tries >= maxRetries) {
          throw new UncheckedIOException(e);
        }
      }
      pauseBeforeRetry(tries);
    }
  }

  private static boolean retryable(int status) {
    return status == 408
        || status == 429
        || status == 500
        || status == 502
        || status == 503
        || status == 504;
  }

  /** Waits before try {@code attempt + 1}: exponential back-off up to {@code max-retry-delay}. */
  void pauseBeforeRetry(int attempt) {
    long millis =
        Math.min(maxRetryDelay.toMillis(), retryDelay.toMillis() << Math.min(attempt, 20));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted between retries"));
    }
  }

  private Answer once(
      String method, String url, Map<String, String> extra, byte[] body, byte[] into, int limit)
      throws IOException {
    return client.execute(
        request(method, url, extra, body), response -> read(response, method, into, limit));
  }

  /** A signed request: version, date and authorization added to {@code extra}. */
  private HttpUriRequestBase request(
      String method, String url, Map<String, String> extra, byte[] body) throws IOException {
    URI uri = URI.create(url);
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put("x-ms-version", API_VERSION);
    headers.put("x-ms-date", RFC_1123.format(ZonedDateTime.now(ZoneOffset.UTC)));
    if (body != null) {
      headers.put("Content-Length", Integer.toString(body.length));
    }
    if (signer != null) {
      headers.put(
          "Authorization",
          signer.authorization(method, uri.getRawPath(), uri.getRawQuery(), headers));
    } else if (tokens != null) {
      headers.put("Authorization", "Bearer " + tokens.token(STORAGE_SCOPE));
    }
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    headers.forEach(
        (k, v) -> {
          if (!k.equals("Content-Length") && !k.equals("Content-Type")) {
            request.addHeader(k, v);
          }
        });
    if (body != null) {
      String type = headers.get("Content-Type");
      request.setEntity(new ByteArrayEntity(body, type == null ? null : ContentType.parse(type)));
    }
    return request;
  }

  /**
   * A GET whose body is read as it arrives instead of into an array: the answer of {@link #stream}.
   * {@link #close} leaves the connection in the pool when the body was read to its end and closes
   * the connection otherwise, so an early close never downloads the rest of a range.
   */
  static final class Streamed {
    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;
    private final InputStream body;

    private Streamed(HttpUriRequestBase request, ClassicHttpResponse response, InputStream body) {
      this.request = request;
      this.response = response;
      this.body = body;
    }

    /** The body as it arrives. */
    InputStream body() {
      return body;
    }

    /**
     * Ends the exchange.
     *
     * @param atEnd whether the body was read to its end
     */
    void close(boolean atEnd) {
      if (!atEnd) {
        request.cancel(); // drops the connection: the rest is never transferred
      }
      try {
        body.close(); // at the end: hands the connection back to the pool
      } catch (IOException ignored) {
        // the connection is discarded instead of pooled
      }
      try {
        response.close();
      } catch (IOException ignored) {
        // as above
      }
    }
  }

  /**
   * Sends a GET, retrying transient failures as {@link #send} does, and returns its answer with the
   * body unread when the status is below 300.
   *
   * @throws BlobServiceException on an answer of 300 or more
   * @throws UncheckedIOException when the transport fails after the retries
   */
  Streamed stream(String operation, String url, Map<String, String> headers) {
    return retrying(
        operation,
        () -> {
          HttpUriRequestBase request = request("GET", url, headers, null);
          ClassicHttpResponse response = client.executeOpen(null, request, null);
          boolean handedOver = false;
          try {
            if (response.getCode() < 300 && response.getEntity() != null) {
              Streamed streamed =
                  new Streamed(request, response, response.getEntity().getContent());
              handedOver = true;
              return streamed;
            }
            throw new RefusedAnswer(read(response, "GET", null, 0));
          } finally {
            if (!handedOver) {
              response.close();
            }
          }
        });
  }

  /**
   * The failure of a request that waited {@code request-timeout} for one of the pool's connections:
   * every one was held, by readers streaming a range or by other requests. Not retried.
   */
  private UncheckedIOException poolExhausted(String operation, IOException e) {
    return new UncheckedIOException(
        new IOException(
            operation
                + " waited "
                + connectionWait
                + " for an HTTP connection: all "
                + maxConnections
                + " of "
                + maxConnectionsKey
                + " were in use (a reader holds one while it streams the rest of a range;"
                + " close readers, or raise "
                + maxConnectionsKey
                + ")",
            e));
  }

  /** How many times a failed request is tried again ({@code max-retries}). */
  int maxRetries() {
    return maxRetries;
  }

  private static Map<String, String> headersOf(ClassicHttpResponse response) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header h : response.getHeaders()) {
      headers.put(h.getName(), h.getValue());
    }
    return headers;
  }

  private static Answer read(ClassicHttpResponse response, String method, byte[] into, int limit)
      throws IOException {
    Map<String, String> headers = headersOf(response);
    HttpEntity entity = response.getEntity();
    int status = response.getCode();
    if (entity == null || method.equals("HEAD")) {
      return new Answer(status, headers, new byte[0], 0);
    }
    byte[] target = into != null && status < 300 ? into : new byte[256];
    int max = into != null && status < 300 ? Math.max(limit, into.length) : Integer.MAX_VALUE - 8;
    int filled = 0;
    try (InputStream in = entity.getContent()) {
      while (true) {
        if (filled == target.length) {
          if (filled >= max) {
            if (in.read() >= 0) {
              throw new IOException("more bytes than requested in the range");
            }
            break;
          }
          target = Arrays.copyOf(target, (int) Math.min(max, Math.max(1024, 2L * filled)));
        }
        int n = in.read(target, filled, target.length - filled);
        if (n < 0) {
          break;
        }
        filled += n;
      }
    }
    return new Answer(status, headers, target, filled);
  }

  /** The body of an answer as UTF-8 text. */
  static String text(Answer answer) {
    return new String(answer.body(), 0, answer.length(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException ignored) {
      // closing sockets
    }
    pool.close();
  }

  @Override
  public String toString() {
    return "BlobHttp{auth=" + (signer != null ? "shared-key" : sas != null ? "sas" : "token") + "}";
  }
}
