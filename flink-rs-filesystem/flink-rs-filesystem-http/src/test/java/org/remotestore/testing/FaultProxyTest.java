package org.remotestore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link FaultProxy} in front of a JDK {@link HttpServer}. */
class FaultProxyTest {
  private HttpServer upstream;
  private FaultProxy proxy;
  private HttpClient client;
  private final AtomicLong upstreamRequests = new AtomicLong();
  private final AtomicLong uploadedBytes = new AtomicLong(-1);
  private final AtomicReference<String> uploadFailure = new AtomicReference<>();
  private final CountDownLatch uploadDone = new CountDownLatch(1);
  private final CountDownLatch firstRequestBytesSeen = new CountDownLatch(1);
  private final CountDownLatch clientSawFirstResponseBytes = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.setExecutor(Executors.newCachedThreadPool());
    upstream.createContext("/echo", this::echo);
    upstream.createContext("/bytes", this::bytes);
    upstream.createContext("/upload", this::upload);
    upstream.createContext("/slow-request", this::slowRequest);
    upstream.createContext("/slow-response", this::slowResponse);
    upstream.start();
    proxy = FaultProxy.start("127.0.0.1", upstream.getAddress().getPort());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.stop(0);
  }

  // --- upstream handlers -----------------------------------------------------------------------

  private void echo(HttpExchange exchange) throws IOException {
    upstreamRequests.incrementAndGet();
    byte[] requestBody = exchange.getRequestBody().readAllBytes();
    String text =
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + exchange.getRequestURI().getRawQuery())
            + "\nhost="
            + exchange.getRequestHeaders().getFirst("Host")
            + "\nauthorization="
            + exchange.getRequestHeaders().getFirst("Authorization")
            + "\nx-amz-date="
            + exchange.getRequestHeaders().getFirst("X-Amz-Date")
            + "\nbody="
            + new String(requestBody, StandardCharsets.UTF_8);
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  /** {@code /bytes?n=<count>[&chunked]}: a deterministic pattern of n bytes. */
  private void bytes(HttpExchange exchange) throws IOException {
    upstreamRequests.incrementAndGet();
    exchange.getRequestBody().readAllBytes();
    String query = exchange.getRequestURI().getQuery();
    int n = Integer.parseInt(query.replaceAll(".*n=(\\d+).*", "$1"));
    boolean chunked = query.contains("chunked");
    exchange.sendResponseHeaders(200, chunked ? 0 : n);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(pattern(n));
    }
  }

  private void upload(HttpExchange exchange) throws IOException {
    upstreamRequests.incrementAndGet();
    long total = 0;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buf = new byte[8192];
      int r;
      while ((r = in.read(buf)) >= 0) {
        total += r;
      }
      uploadedBytes.set(total);
      byte[] out = Long.toString(total).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, out.length);
      exchange.getResponseBody().write(out);
    } catch (IOException e) {
      uploadedBytes.set(total);
      uploadFailure.set(e.toString());
    } finally {
      exchange.close();
      uploadDone.countDown();
    }
  }

  /**
   * Reads the first 3 body bytes, signals, then reads the rest. (Reading a whole chunk would make
   * the JDK server wait for the next chunk header.)
   */
  private void slowRequest(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    byte[] first = new byte[3];
    int got = 0;
    while (got < 3) {
      int r = in.read(first, got, 3 - got);
      if (r < 0) {
        throw new IOException("body ended early");
      }
      got += r;
    }
    firstRequestBytesSeen.countDown();
    byte[] rest = in.readAllBytes();
    byte[] out = (new String(first, StandardCharsets.UTF_8) + "|" + rest.length).getBytes();
    exchange.sendResponseHeaders(200, out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  /** Writes "first", waits until the client has read it, then writes "second". */
  private void slowResponse(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    out.write("first".getBytes(StandardCharsets.UTF_8));
    out.flush();
    try {
      clientSawFirstResponseBytes.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.write("second".getBytes(StandardCharsets.UTF_8));
    out.close();
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + (i >> 8));
    }
    return b;
  }

  private HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
    return client.send(
        HttpRequest.newBuilder(proxy.uri().resolve(pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  // --- tests -----------------------------------------------------------------------------------

  @Test
  void forwardsRequestLineHostAndSignedHeadersExactly() throws Exception {
    String request =
        "PUT /echo/bucket/a%2Fb/c%20d?partNumber=1&uploadId=x%3Dy HTTP/1.1\r\n"
            + "Host: bucket.s3.eu-central-1.amazonaws.com\r\n"
            + "X-Amz-Date: 20260101T000000Z\r\n"
            + "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu/s3/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=abc\r\n"
            + "Content-Length: 5\r\n"
            + "Connection: close\r\n\r\nhello";
    String response = rawExchange(request);
    assertThat(response)
        .startsWith("HTTP/1.1 200")
        .contains("PUT /echo/bucket/a%2Fb/c%20d?partNumber=1&uploadId=x%3Dy")
        .contains("host=bucket.s3.eu-central-1.amazonaws.com")
        .contains("x-amz-date=20260101T000000Z")
        .contains("authorization=AWS4-HMAC-SHA256 Credential=AKID/20260101/eu/s3/aws4_request,")
        .contains("body=hello");
    assertThat(proxy.requests()).hasSize(1);
    FaultProxy.Request seen = proxy.requests().get(0);
    assertThat(seen.method()).isEqualTo("PUT");
    assertThat(seen.path()).isEqualTo("/echo/bucket/a%2Fb/c%20d");
    assertThat(seen.query()).isEqualTo("partNumber=1&uploadId=x%3Dy");
    assertThat(seen.header("Host")).isEqualTo("bucket.s3.eu-central-1.amazonaws.com");
  }

  @Test
  void keepsOneUpstreamConnectionAliveAcrossRequestsWithBothFramings() throws Exception {
    for (String query : new String[] {"n=1000", "n=70000&chunked", "n=3", "n=65536&chunked"}) {
      HttpResponse<byte[]> response = get("/bytes?" + query);
      int n = Integer.parseInt(query.replaceAll("n=(\\d+).*", "$1"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(pattern(n));
    }
    assertThat(proxy.requestCount()).isEqualTo(4);
    assertThat(proxy.connectionCount()).isEqualTo(1);
  }

  @Test
  void streamsAChunkedRequestBodyBeforeItIsComplete() throws Exception {
    try (Socket socket = new Socket(proxy.host(), proxy.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /slow-request HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "5\r\nhello\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // The upstream must see the first chunk while the client has not finished the body.
      assertThat(firstRequestBytesSeen.await(10, TimeUnit.SECONDS)).isTrue();
      out.write("3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String response = readResponse(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 200").endsWith("hel|5");
    }
  }

  @Test
  void streamsAResponseBodyBeforeItIsComplete() throws Exception {
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(proxy.uri().resolve("/slow-response")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      assertThat(new String(body.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");
      clientSawFirstResponseBytes.countDown();
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
    }
  }

  @Test
  void injectsS3SlowDownForTheGivenNumberOfMatchingRequests() throws Exception {
    FaultProxy.Rule rule =
        proxy.inject(FaultProxy.Fault.s3SlowDown(), FaultProxy.request("GET", "/echo/.*"), 2);
    HttpResponse<byte[]> first = get("/echo/x");
    HttpResponse<byte[]> other = get("/bytes?n=4");
    HttpResponse<byte[]> second = get("/echo/y");
    HttpResponse<byte[]> third = get("/echo/z");
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("<Code>SlowDown</Code>");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(rule.triggered()).isEqualTo(2);
    assertThat(rule.isActive()).isFalse();
    assertThat(upstreamRequests.get()).isEqualTo(2); // /bytes and /echo/z
    assertThat(proxy.faultsInjected()).isEqualTo(2);
    assertThat(proxy.requestCount(FaultProxy.path("/echo/.*"))).isEqualTo(3);
  }

  @Test
  void injectsAzureServerBusyAndTooManyRequestsWithRetryAfter() throws Exception {
    proxy.inject(FaultProxy.Fault.azureServerBusy(), FaultProxy.method("GET"), 1);
    proxy.inject(
        FaultProxy.Fault.tooManyRequests(Duration.ofSeconds(7)), FaultProxy.method("GET"), 1);
    HttpResponse<byte[]> busy = get("/echo/a");
    HttpResponse<byte[]> throttled = get("/echo/b");
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("x-ms-error-code")).hasValue("ServerBusy");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(get("/echo/c").statusCode()).isEqualTo(200);
  }

  @Test
  void skipsTheFirstMatchesBeforeFaulting() throws Exception {
    proxy.inject(FaultProxy.Fault.internalServerError(), FaultProxy.anyRequest(), 1, 1);
    assertThat(get("/echo/1").statusCode()).isEqualTo(200);
    assertThat(get("/echo/2").statusCode()).isEqualTo(500);
    assertThat(get("/echo/3").statusCode()).isEqualTo(200);
  }

  @Test
  void injectedAnswerDiscardsTheRequestBodyAndKeepsTheConnection() throws Exception {
    proxy.inject(FaultProxy.Fault.serviceUnavailable(), FaultProxy.method("POST"), 1);
    HttpRequest post =
        HttpRequest.newBuilder(proxy.uri().resolve("/upload"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(pattern(100_000)))
            .build();
    assertThat(client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    HttpResponse<String> ok = client.send(post, HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("100000");
    assertThat(proxy.connectionCount()).isEqualTo(1);
  }

  @Test
  void resetsTheConnectionInTheMiddleOfAnUpload() throws Exception {
    proxy.inject(FaultProxy.Fault.resetAfterRequestBytes(64 * 1024), FaultProxy.method("POST"), 1);
    HttpRequest post =
        HttpRequest.newBuilder(proxy.uri().resolve("/upload"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(pattern(4 * 1024 * 1024)))
            .build();
    assertThatThrownBy(() -> client.send(post, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    assertThat(uploadDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(uploadedBytes.get()).isLessThan(4 * 1024 * 1024);
    assertThat(uploadFailure.get()).isNotNull();
  }

  @Test
  void expectContinueIsRelayedAndAnInjectedAnswerClosesTheConnection() throws Exception {
    String put =
        "PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
    try (Socket socket = new Socket(proxy.host(), proxy.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(put.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 100");
      socket.getOutputStream().write("data".getBytes(StandardCharsets.ISO_8859_1));
      String response = readResponse(in);
      assertThat(response).startsWith("HTTP/1.1 200").endsWith("4");
    }
    proxy.inject(FaultProxy.Fault.s3SlowDown(), FaultProxy.method("PUT"), 1);
    try (Socket socket = new Socket(proxy.host(), proxy.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(put.getBytes(StandardCharsets.ISO_8859_1));
      String response = readResponse(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 503").contains("Connection: close");
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void resetsTheConnectionInTheMiddleOfADownload() throws Exception {
    proxy.inject(FaultProxy.Fault.resetAfterResponseBytes(10_000), FaultProxy.anyRequest(), 1);
    assertThatThrownBy(() -> get("/bytes?n=1000000")).isInstanceOf(IOException.class);
    assertThat(get("/bytes?n=1000000").body()).isEqualTo(pattern(1_000_000));
  }

  @Test
  void truncatesABodyButKeepsTheAnnouncedLength() throws Exception {
    proxy.inject(FaultProxy.Fault.truncateResponse(1000), FaultProxy.anyRequest(), 1);
    try (Socket socket = new Socket(proxy.host(), proxy.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write("GET /bytes?n=50000 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-length: 50000");
      byte[] body = in.readAllBytes();
      assertThat(body).isEqualTo(Arrays.copyOf(pattern(50_000), 1000));
    }
  }

  @Test
  void delaysAnswers() throws Exception {
    proxy.inject(FaultProxy.Fault.delayResponse(Duration.ofSeconds(3)), FaultProxy.anyRequest(), 1);
    HttpRequest request =
        HttpRequest.newBuilder(proxy.uri().resolve("/echo/slow"))
            .timeout(Duration.ofMillis(300))
            .build();
    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(get("/echo/fast").statusCode()).isEqualTo(200);
  }

  @Test
  void answersBadGatewayWhenTheUpstreamIsDown() throws Exception {
    int deadPort;
    try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = unused.getLocalPort();
    }
    try (FaultProxy dead = FaultProxy.start(URI.create("http://127.0.0.1:" + deadPort))) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(dead.uri().resolve("/x")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("unreachable");
    }
  }

  // --- raw socket helpers ----------------------------------------------------------------------

  private String rawExchange(String request) throws IOException {
    try (Socket socket = new Socket(proxy.host(), proxy.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return readResponse(socket.getInputStream());
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      buf.write(b);
      String s = buf.toString(StandardCharsets.ISO_8859_1);
      if (s.endsWith("\r\n\r\n")) {
        break;
      }
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads one response with a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    String head = readHead(in);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
