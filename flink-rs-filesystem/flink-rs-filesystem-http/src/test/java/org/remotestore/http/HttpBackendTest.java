package org.remotestore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.remotestore.testing.http.StaticHttpServer.utf8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendConfig;
import org.remotestore.BackendUnavailable;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.ConfigException;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;
import org.remotestore.testing.FaultProxy;
import org.remotestore.testing.http.StaticHttpServer;

/** The http backend against {@link StaticHttpServer}, with {@link FaultProxy} for failures. */
class HttpBackendTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  private StaticHttpServer server;
  private FaultProxy proxy;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = StaticHttpServer.start();
    proxy = FaultProxy.start("127.0.0.1", server.port());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    proxy.close();
    server.close();
  }

  /** A backend through the proxy, with recorded (not real) sleeps and a fixed clock. */
  private HttpBackend backend(HttpBackendOptions options) {
    HttpBackend backend =
        new HttpBackend("web", options, sleeps::add, Clock.fixed(NOW, ZoneOffset.UTC), () -> 1.0);
    toClose.add(backend);
    return backend;
  }

  private HttpBackendOptions viaProxy() {
    return HttpBackendOptions.defaults(proxy.uri().resolve("/data/"));
  }

  private HttpBackend backend() {
    return backend(viaProxy());
  }

  private static byte[] text(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < n; i++) {
      sb.append("station;").append(i % 160).append(";temperature;").append(i % 37).append('\n');
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), n);
  }

  // --- metadata --------------------------------------------------------------------------------

  @Test
  void statUsesHeadForSizeEtagAndLastModified() throws IOException {
    server.put("data/ber/t_now.csv", utf8("a;b\n1;2\n"), NOW.minusSeconds(60));
    FileInfo info = backend().stat("ber/t_now.csv");
    assertThat(info.path()).isEqualTo("ber/t_now.csv");
    assertThat(info.size()).isEqualTo(8);
    assertThat(info.etag()).isEqualTo(server.etag("data/ber/t_now.csv"));
    assertThat(info.lastModified()).isEqualTo(NOW.minusSeconds(60));
    assertThat(server.requestCount("HEAD")).isEqualTo(1);
    assertThat(server.bodyBytesSent()).isZero();
    assertThat(backend().stat("ber/missing.csv")).isNull();
  }

  @Test
  void statFallsBackToARangeProbeWhenHeadIsNotAllowed() throws Exception {
    HttpServer noHead =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    noHead.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(405, -1);
          } else {
            assertThat(exchange.getRequestHeaders().getFirst("Range")).isEqualTo("bytes=0-0");
            exchange.getResponseHeaders().set("Content-Range", "bytes 0-0/12345");
            exchange.getResponseHeaders().set("ETag", "\"probe\"");
            exchange.sendResponseHeaders(206, 1);
            exchange.getResponseBody().write('x');
          }
          exchange.close();
        });
    noHead.start();
    try {
      HttpBackend backend =
          backend(
              HttpBackendOptions.defaults(
                  URI.create("http://127.0.0.1:" + noHead.getAddress().getPort() + "/")));
      FileInfo info = backend.stat("big.bin");
      assertThat(info.size()).isEqualTo(12345);
      assertThat(info.etag()).isEqualTo("\"probe\"");
    } finally {
      noHead.stop(0);
    }
  }

  @Test
  void keysAreUrlEncodedSegmentBySegment() throws IOException {
    server.put("data/Zürich Kloten/a+b #1.csv", utf8("x"));
    HttpBackend backend = backend();
    assertThat(backend.urlOf("Zürich Kloten/a+b #1.csv"))
        .endsWith("/data/Z%C3%BCrich%20Kloten/a+b%20%231.csv");
    assertThat(backend.read("Zürich Kloten/a+b #1.csv", 0, -1).readAllBytes()).isEqualTo(utf8("x"));
  }

  // --- reads -----------------------------------------------------------------------------------

  @Test
  void readsWholeFilesAndRangesWithTheRangeHeader() throws IOException {
    byte[] content = text(10_000);
    server.put("data/f.csv", content);
    HttpBackend backend = backend();
    try (InputStream in = backend.read("f.csv", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    server.resetCounters();
    try (InputStream in = backend.read("f.csv", 100, 50)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 100, 150));
    }
    assertThat(server.statusCount(206)).isEqualTo(1);
    assertThat(server.lastRequestHeader("Range")).isEqualTo("bytes=100-149");
    assertThat(server.bodyBytesSent()).isEqualTo(50);
    try (InputStream in = backend.read("f.csv", 9_990, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 9_990, 10_000));
    }
    try (InputStream in = backend.read("f.csv", 9_990, 500)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 9_990, 10_000));
    }
    try (InputStream in = backend.read("f.csv", 20_000, 10)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    try (InputStream in = backend.read("f.csv", 5, 0)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    assertThatThrownBy(() -> backend.read("nope.csv", 0, -1))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("/data/nope.csv");
    assertThatThrownBy(() -> backend.read("nope.csv", 5, 0)).isInstanceOf(NotFound.class);
  }

  @Test
  void fallsBackToSkippingWhenTheServerIgnoresRange() throws IOException {
    byte[] content = text(100_000);
    server.put("data/f.csv", content);
    server.setIgnoreRange(true);
    HttpBackend backend = backend();
    try (InputStream in = backend.read("f.csv", 70_000, 1_000)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 70_000, 71_000));
    }
    try (InputStream in = backend.read("f.csv", 99_000, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 99_000, 100_000));
    }
    try (InputStream in = backend.read("f.csv", 200_000, 10)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    assertThat(server.statusCount(206)).isZero();
    assertThat(server.statusCount(200)).isEqualTo(3);
  }

  @Test
  void closingAStreamEarlyReleasesTheConnectionWithoutDownloadingTheRest() throws IOException {
    long size = 64L * 1024 * 1024;
    server.putGenerated("data/big.bin", size);
    server.setIgnoreRange(true);
    server.setGzipEnabled(false); // else the server compresses far ahead of the socket
    HttpBackend backend =
        backend(viaProxy().withConnections(1, Duration.ofSeconds(5), Duration.ofSeconds(30)));
    for (int i = 0; i < 3; i++) {
      try (InputStream in = backend.read("big.bin", 1_000, 10)) {
        byte[] got = in.readAllBytes();
        for (int j = 0; j < 10; j++) {
          assertThat(got[j]).isEqualTo(StaticHttpServer.generatedByte(1_000 + j));
        }
      }
      try (InputStream in = backend.read("big.bin", 0, -1)) {
        assertThat(in.read()).isEqualTo(StaticHttpServer.generatedByte(0) & 0xff);
      }
    }
    // With one pooled connection, a leaked one would make this time out.
    assertThat(backend.stat("big.bin").size()).isEqualTo(size);
    assertThat(server.bodyBytesSent()).isLessThan(size);
  }

  @Test
  void gzipIsAskedForAndDecodedTransparently() throws IOException {
    byte[] content = text(200_000);
    server.put("data/f.csv", content);
    HttpBackend gzip = backend();
    try (InputStream in = gzip.read("f.csv", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(server.lastRequestHeader("Accept-Encoding")).isEqualTo("gzip");
    assertThat(server.bodyBytesSent()).isLessThan(content.length / 3);
    // Ranges and metadata are asked for uncompressed.
    try (InputStream in = gzip.read("f.csv", 10, 10)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 10, 20));
    }
    assertThat(server.lastRequestHeader("Accept-Encoding")).isEqualTo("identity");
    assertThat(gzip.stat("f.csv").size()).isEqualTo(content.length);

    server.resetCounters();
    HttpBackend plain = backend(viaProxy().withGzip(false));
    try (InputStream in = plain.read("f.csv", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(server.lastRequestHeader("Accept-Encoding")).isEqualTo("identity");
    assertThat(server.bodyBytesSent()).isEqualTo(content.length);
  }

  // --- conditional reads -----------------------------------------------------------------------

  @Test
  void conditionalReadCostsNoBodyWhenNothingChanged() throws IOException {
    byte[] v1 = text(50_000);
    server.put("data/ber/t_now.csv", v1, NOW.minusSeconds(600));
    HttpBackend backend = backend();

    String etag;
    try (ConditionalRead first = backend.readIfChanged("ber/t_now.csv", null, null)) {
      assertThat(first.isModified()).isTrue();
      assertThat(first.body().readAllBytes()).isEqualTo(v1);
      etag = first.info().etag();
      assertThat(first.info().lastModified()).isEqualTo(NOW.minusSeconds(600));
    }
    assertThat(etag).isNotNull();

    server.resetCounters();
    for (int i = 0; i < 3; i++) {
      try (ConditionalRead again = backend.readIfChanged("ber/t_now.csv", etag, null)) {
        assertThat(again.isModified()).isFalse();
      }
    }
    assertThat(server.statusCount(304)).isEqualTo(3);
    assertThat(server.bodyBytesSent()).isZero();

    try (ConditionalRead bySince =
        backend.readIfChanged("ber/t_now.csv", null, NOW.minusSeconds(600))) {
      assertThat(bySince.isModified()).isFalse();
    }
    assertThat(server.lastRequestHeader("If-Modified-Since"))
        .isEqualTo(
            DateTimeFormatter.RFC_1123_DATE_TIME
                .withZone(ZoneOffset.UTC)
                .format(NOW.minusSeconds(600)));
    assertThat(server.bodyBytesSent()).isZero();

    byte[] v2 = text(50_010);
    server.put("data/ber/t_now.csv", v2, NOW);
    try (ConditionalRead changed = backend.readIfChanged("ber/t_now.csv", etag, null)) {
      assertThat(changed.isModified()).isTrue();
      assertThat(changed.body().readAllBytes()).isEqualTo(v2);
      assertThat(changed.info().etag()).isNotEqualTo(etag);
    }
    try (ConditionalRead changed =
        backend.readIfChanged("ber/t_now.csv", null, NOW.minusSeconds(600))) {
      assertThat(changed.isModified()).isTrue();
      changed.body().readAllBytes();
    }
    assertThatThrownBy(() -> backend.readIfChanged("ber/none.csv", etag, null))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void unquotedEtagsAreQuotedInIfNoneMatch() throws IOException {
    server.put("data/f", utf8("abc"));
    server.setGzipEnabled(false);
    String quoted = server.etag("data/f");
    String bare = quoted.substring(1, quoted.length() - 1);
    try (ConditionalRead answer = backend().readIfChanged("f", bare, null)) {
      assertThat(answer.isModified()).isFalse();
    }
    assertThat(server.lastRequestHeader("If-None-Match")).isEqualTo(quoted);
    assertThat(HttpBackend.quoteEtag("W/\"x\"")).isEqualTo("W/\"x\"");
  }

  // --- retries ---------------------------------------------------------------------------------

  @Test
  void retriesServerErrorsWithBoundedBackoff() throws IOException {
    server.put("data/f", utf8("payload"));
    proxy.inject(FaultProxy.Fault.serviceUnavailable(), FaultProxy.method("GET"), 2);
    HttpBackend backend =
        backend(
            viaProxy()
                .withRetries(
                    3, Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofSeconds(60)));
    try (InputStream in = backend.read("f", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("payload"));
    }
    // random() is 1.0: full delays, doubling and capped at 150ms.
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
    assertThat(proxy.requestCount()).isEqualTo(3);
  }

  @Test
  void honoursRetryAfterInSecondsAndAsHttpDate() throws IOException {
    server.put("data/f", utf8("payload"));
    proxy.inject(
        FaultProxy.Fault.tooManyRequests(Duration.ofSeconds(7)), FaultProxy.anyRequest(), 1);
    proxy.inject(
        FaultProxy.Fault.tooManyRequests(
            DateTimeFormatter.RFC_1123_DATE_TIME
                .withZone(ZoneOffset.UTC)
                .format(NOW.plusSeconds(42))),
        FaultProxy.anyRequest(),
        1);
    assertThat(backend().stat("f").size()).isEqualTo(7);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(42));
  }

  @Test
  void givesUpWithBackendUnavailableWhenRetriesOrTheBudgetRunOut() throws IOException {
    server.put("data/f", utf8("payload"));
    proxy.inject(FaultProxy.Fault.s3SlowDown(), FaultProxy.anyRequest(), -1);
    HttpBackend backend = backend();
    assertThatThrownBy(() -> backend.read("f", 0, -1))
        .isInstanceOf(BackendUnavailable.class)
        .hasMessageContaining("503")
        .hasMessageContaining("4 attempt(s)")
        .hasMessageContaining("/data/f")
        .satisfies(
            e ->
                assertThat(((BackendUnavailable) e).retryAfter())
                    .as("a 503 without Retry-After carries no wait")
                    .isEmpty());
    assertThat(sleeps).hasSize(3);

    proxy.clearFaults();
    sleeps.clear();
    proxy.inject(FaultProxy.Fault.tooManyRequests(Duration.ofHours(2)), FaultProxy.anyRequest(), 1);
    assertThatThrownBy(() -> backend.stat("f"))
        .isInstanceOf(BackendUnavailable.class)
        .hasMessageContaining("429")
        .hasMessageContaining("Retry-After: 7200")
        .satisfies(
            e -> assertThat(((BackendUnavailable) e).retryAfter()).hasValue(Duration.ofHours(2)));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void throttlingThatOutlastsTheBudgetCarriesRetryAfterAsATypedWait() throws IOException {
    server.put("data/f", utf8("payload"));
    HttpBackend noRetries =
        backend(
            viaProxy()
                .withRetries(
                    0, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    // an HTTP-date 90 s after the (fixed) clock of the backend
    proxy.inject(
        FaultProxy.Fault.tooManyRequests(
            DateTimeFormatter.RFC_1123_DATE_TIME
                .withZone(ZoneOffset.UTC)
                .format(NOW.plusSeconds(90))),
        FaultProxy.anyRequest(),
        1);
    assertThatThrownBy(() -> noRetries.readIfChanged("f", "\"old\"", null))
        .isInstanceOf(BackendUnavailable.class)
        .satisfies(
            e ->
                assertThat(((BackendUnavailable) e).retryAfter()).hasValue(Duration.ofSeconds(90)));
    // a malformed Retry-After is no wait at all, not an error
    proxy.inject(FaultProxy.Fault.tooManyRequests("soon"), FaultProxy.anyRequest(), 1);
    assertThatThrownBy(() -> noRetries.stat("f"))
        .isInstanceOf(BackendUnavailable.class)
        .satisfies(e -> assertThat(((BackendUnavailable) e).retryAfter()).isEmpty());
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retriesConnectionResetsOnIdempotentRequests() throws IOException {
    server.put("data/f", utf8("payload"));
    proxy.inject(FaultProxy.Fault.resetAfterRequestBytes(0), FaultProxy.anyRequest(), 2);
    try (InputStream in = backend().read("f", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("payload"));
    }
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void aBrokenBodyIsResumedWithIfRangeOnItsStrongEtag() throws IOException {
    byte[] content = text(300_000);
    server.put("data/f", content);
    server.setGzipEnabled(false);
    HttpBackend backend = backend();

    proxy.inject(FaultProxy.Fault.resetAfterResponseBytes(100_000), FaultProxy.anyRequest(), 1);
    try (InputStream in = backend.read("f", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(server.lastRequestHeader("If-Range")).isEqualTo(server.etag("data/f"));
    assertThat(server.lastRequestHeader("Range")).matches("bytes=\\d+-");
    assertThat(server.statusCount(206)).isEqualTo(1);

    proxy.inject(FaultProxy.Fault.truncateResponse(20_000), FaultProxy.anyRequest(), 1);
    try (InputStream in = backend.read("f", 5_000, 200_000)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 5_000, 205_000));
    }
    assertThat(server.lastRequestHeader("Range")).matches("bytes=\\d+-204999");
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void aBodyThatKeepsBreakingFailsInsteadOfEndingQuietly() throws IOException {
    byte[] content = text(100_000);
    server.put("data/f", content);
    server.setGzipEnabled(false);
    proxy.inject(FaultProxy.Fault.truncateResponse(10_000), FaultProxy.anyRequest(), -1);
    try (InputStream in = backend().read("f", 0, -1)) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(BackendUnavailable.class)
          .hasMessageContaining("/data/f")
          .hasMessageContaining("3 resumed transfer(s)");
    }
  }

  @Test
  void aChangedFileIsNeverSplicedWhenResuming() throws IOException {
    byte[] v1 = text(100_000);
    server.put("data/f", v1);
    server.setGzipEnabled(false);
    proxy.inject(FaultProxy.Fault.truncateResponse(10_000), FaultProxy.anyRequest(), 1);
    // The file changes while the first answer is being cut off.
    proxy.inject(
        FaultProxy.Fault.delayResponse(Duration.ZERO),
        r -> {
          server.put("data/f", text(100_001));
          return true;
        },
        1);
    try (InputStream in = backend().read("f", 0, -1)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(BackendUnavailable.class);
    }
    assertThat(server.statusCount(206)).isZero();
  }

  @Test
  void gzipTransfersAreNotResumed() throws IOException {
    byte[] content = text(400_000);
    server.put("data/f", content);
    proxy.inject(FaultProxy.Fault.truncateResponse(1_000), FaultProxy.anyRequest(), 1);
    try (InputStream in = backend().read("f", 0, -1)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(BackendUnavailable.class);
    }
    assertThat(server.lastRequestHeader("If-Range")).isNull();
  }

  // --- errors, secrets, redirects --------------------------------------------------------------

  @Test
  void mapsStatusesToExceptionsWithoutLeakingCredentials() throws IOException {
    server.put("data/f", utf8("x"));
    URI secretBase =
        URI.create("http://reader:s3cr3tPass@127.0.0.1:" + proxy.port() + "/data/?sig=T0pS3cret");
    HttpBackend backend = backend(HttpBackendOptions.defaults(secretBase));

    // user info becomes Basic credentials, the query is kept on every request
    assertThat(backend.stat("f").size()).isEqualTo(1);
    assertThat(server.lastRequestHeader("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("reader:s3cr3tPass".getBytes(StandardCharsets.UTF_8)));
    assertThat(proxy.requests().get(0).query()).isEqualTo("sig=T0pS3cret");

    proxy.inject(
        FaultProxy.Fault.respond(403, "Forbidden", Map.of(), new byte[0]),
        FaultProxy.anyRequest(),
        1);
    proxy.inject(
        FaultProxy.Fault.respond(400, "Bad Request", Map.of(), new byte[0]),
        FaultProxy.anyRequest(),
        1);
    proxy.inject(FaultProxy.Fault.internalServerError(), FaultProxy.anyRequest(), 4);
    List<Throwable> failures = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try {
        backend.read("f", 0, -1).close();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    assertThat(failures).hasSize(3);
    assertThat(failures.get(0)).isInstanceOf(PermissionDenied.class).hasMessageContaining("403");
    assertThat(failures.get(1))
        .isExactlyInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("http://127.0.0.1:" + proxy.port() + "/data/f");
    assertThat(failures.get(2)).isInstanceOf(BackendUnavailable.class).hasMessageContaining("500");
    assertThatThrownBy(() -> backend.read("missing", 0, -1)).isInstanceOf(NotFound.class);
    try {
      backend.read("missing", 0, -1);
    } catch (NotFound e) {
      failures.add(e);
    }
    for (Throwable t : failures) {
      assertThat(t.getMessage()).doesNotContain("s3cr3t").doesNotContain("T0pS3cret");
    }
    assertThat(backend.toString()).doesNotContain("s3cr3t").doesNotContain("T0pS3cret");
    assertThat(backend.options().toString()).doesNotContain("s3cr3t").doesNotContain("T0pS3cret");
  }

  @Test
  void followsSameHostRedirectsAndRefusesOtherHostsUnlessAllowed() throws IOException {
    server.put("data/new.csv", utf8("moved"));
    server.redirect("data/old.csv", 301, "/data/new.csv");
    server.redirect(
        "data/away.csv", 302, "http://localhost:" + server.port() + "/data/new.csv?token=abc");
    HttpBackend backend = backend();
    try (InputStream in = backend.read("old.csv", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("moved"));
    }
    assertThatThrownBy(() -> backend.read("away.csv", 0, -1))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("127.0.0.1:" + proxy.port())
        .hasMessageContaining("localhost:" + server.port())
        .hasMessageContaining("rs.backends.web.allow-cross-host-redirects")
        .hasMessageNotContaining("token=abc");

    HttpBackend open = backend(viaProxy().withRedirects(true, true));
    try (InputStream in = open.read("away.csv", 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("moved"));
    }
    HttpBackend strict = backend(viaProxy().withRedirects(false, false));
    assertThatThrownBy(() -> strict.read("old.csv", 0, -1))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("follow-redirects=false");
  }

  @Test
  void listingWritingAndDeletingAreNotSupported() {
    HttpBackend backend = backend();
    assertThat(backend.capabilities().asSet())
        .containsExactlyInAnyOrder(
            org.remotestore.Capability.READ,
            org.remotestore.Capability.RANGE_READ,
            org.remotestore.Capability.CONDITIONAL_READ,
            org.remotestore.Capability.METADATA);
    assertThatThrownBy(() -> backend.list(""))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("'web'")
        .hasMessageContaining("http")
        .hasMessageContaining("LIST");
    assertThatThrownBy(() -> backend.openOutput("a", true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("read-only")
        .hasMessageContaining("WRITE");
    assertThatThrownBy(() -> backend.delete("a"))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("DELETE");
    assertThatThrownBy(() -> backend.listRecursive("")).isInstanceOf(CapabilityNotSupported.class);
    assertThatThrownBy(() -> backend.copy("a", "b", true))
        .isInstanceOf(CapabilityNotSupported.class);
    assertThat(server.requestCount()).isZero();
  }

  // --- configuration ---------------------------------------------------------------------------

  @Test
  void factoryReadsOptionsAndNamesTheKeyAtFault() throws IOException {
    server.put("data/f", utf8("x"));
    Map<String, String> options = new HashMap<>();
    options.put("base-url", proxy.uri() + "/data");
    options.put("read-timeout", "20s");
    options.put("max-connections", "4");
    options.put("retries", "0");
    options.put("user-agent", "meteo-test/1.0");
    options.put("gzip", "false");
    options.put("headers.X-Api-Client", "flink");
    HttpBackendFactory factory = new HttpBackendFactory();
    assertThat(factory.type()).isEqualTo("http");
    try (HttpBackend backend =
        (HttpBackend) factory.create(new BackendConfig("web", "http", options))) {
      assertThat(backend.options().baseUrl().toString()).endsWith("/data/");
      assertThat(backend.options().readTimeout()).isEqualTo(Duration.ofSeconds(20));
      assertThat(backend.options().maxConnections()).isEqualTo(4);
      assertThat(backend.options().gzip()).isFalse();
      assertThat(backend.stat("f")).isNotNull();
      assertThat(server.lastRequestHeader("User-Agent")).isEqualTo("meteo-test/1.0");
      assertThat(server.lastRequestHeader("X-Api-Client")).isEqualTo("flink");
    }
    assertThat(factory.acceptsOption("headers.X-Api-Client")).isTrue();
    assertThat(factory.acceptsOption("bucket")).isFalse();

    assertThatThrownBy(() -> factory.create(new BackendConfig("web", "http", Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.web.base-url");
    assertThatThrownBy(
            () ->
                factory.create(
                    new BackendConfig("web", "http", Map.of("base-url", "ftp://host/x"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.web.base-url");
    assertThatThrownBy(
            () ->
                factory.create(
                    new BackendConfig(
                        "web", "http", Map.of("base-url", "http://h/", "retries", "-1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.web.retries");
    assertThatThrownBy(
            () ->
                factory.create(
                    new BackendConfig(
                        "web", "http", Map.of("base-url", "http://h/", "headers.Range", "x"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.web.headers.Range");
  }

  @Test
  void retryAfterParsing() {
    assertThat(HttpRetryPolicy.parseRetryAfter("120", NOW)).isEqualTo(Duration.ofMinutes(2));
    assertThat(HttpRetryPolicy.parseRetryAfter("Sat, 21 Nov 2026 12:00:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(HttpRetryPolicy.parseRetryAfter("Sat, 21 Nov 2026 11:00:00 GMT", NOW))
        .isEqualTo(Duration.ZERO);
    assertThat(HttpRetryPolicy.parseRetryAfter("soon", NOW)).isNull();
    assertThat(HttpRetryPolicy.parseRetryAfter(null, NOW)).isNull();
    HttpRetryPolicy policy =
        new HttpRetryPolicy(
            10,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            Clock.fixed(NOW, ZoneOffset.UTC),
            d -> {},
            () -> 0.0);
    // jitter 0.0 gives half the capped delay
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.backoff(20)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.retries()).isEqualTo(10);
    assertThat(policy.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
  }
}
