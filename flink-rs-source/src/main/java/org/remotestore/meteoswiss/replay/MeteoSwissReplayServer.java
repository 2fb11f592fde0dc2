package org.remotestore.meteoswiss.replay;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.MeteoSwissMetadata;
import org.remotestore.meteoswiss.ParameterMeta;
import org.remotestore.meteoswiss.StationMeta;

/**
 * An offline replay of the MeteoSwiss SwissMetNet feed: a loopback HTTP server with the feed's
 * layout, simulated time, deterministic weather, fault injection and ground truth.
 *
 * <ul>
 *   <li>{@code /ch.meteoschweiz.ogd-smn/} the data root: the three metadata files and per station
 *       {@code <abbr>/ogd-smn_<abbr>_<t|h|d>_<now|recent|historical[_decade]>.csv} (see {@link
 *       ReplayFeed} for the windows);
 *   <li>{@code /api/stac/v1/collections/ch.meteoschweiz.ogd-smn/items} the STAC items, paged by a
 *       {@code next} link ({@code cursor}, {@code limit}), and {@code .../items/<id>};
 *   <li>HTTP: strong {@code ETag}, {@code Last-Modified} (simulated time), {@code 304} on {@code
 *       If-None-Match} / {@code If-Modified-Since}, single {@code Range} ({@code 206}, {@code
 *       416}), {@code gzip} when accepted, {@code HEAD}, {@code Cache-Control}.
 * </ul>
 *
 * <p>The stations come from a small fixture the module ships (ten real stations with their codes,
 * names, cantons, elevations and coordinates, Windows-1252, in the real metadata format).
 *
 * <pre>{@code
 * try (MeteoSwissReplayServer replay = MeteoSwissReplayServer.builder()
 *     .start(Instant.parse("2026-06-15T12:00:00Z")).speed(0).build().start()) {
 *   URI ber = replay.dataRoot().resolve("ber/ogd-smn_ber_t_now.csv");
 *   replay.clock().advance(Duration.ofMinutes(10));   // one more row in every t now file
 *   replay.faults().throttleNext(1, Duration.ofSeconds(2));
 *   replay.feed().correctRecent("BER", Granularity.T, 3, "tre200s0", 0.4);   // a revision
 *   List<MeasurementRow> truth = replay.feed().publishedRows("BER", Granularity.T, from, to);
 * }
 * }</pre>
 */
public final class MeteoSwissReplayServer implements AutoCloseable {

  /** Path of the data root on the server. */
  public static final String DATA_PREFIX = "/" + FeedFile.COLLECTION + "/";

  /** Path of the STAC items listing. */
  public static final String STAC_ITEMS =
      "/api/stac/v1/collections/" + FeedFile.COLLECTION + "/items";

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final int DEFAULT_PAGE_SIZE = 100;

  private final ReplayFeed feed;
  private final ReplayFaults faults = new ReplayFaults();
  private static final int MAX_RECORDED_REQUESTS = 10_000;
  private final java.util.ArrayDeque<RequestRecord> requests = new java.util.ArrayDeque<>();
  private final int requestedPort;
  private final int threads;
  private HttpServer server;
  private ExecutorService executor;

  /**
   * One request the server answered.
   *
   * @param method HTTP method
   * @param path path and query
   * @param status status code sent
   * @param bodyBytes body bytes sent (after compression; 0 for 304 and HEAD)
   * @param requestHeaders the request headers (lower-case names, first value)
   */
  public record RequestRecord(
      String method, String path, int status, long bodyBytes, Map<String, String> requestHeaders) {}

  private MeteoSwissReplayServer(Builder b, ReplayFeed feed) {
    this.feed = feed;
    this.requestedPort = b.port;
    this.threads = b.threads;
  }

  /** Starts configuring a replay server. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds 127.0.0.1 and starts serving. Returns {@code this}. */
  public synchronized MeteoSwissReplayServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("Replay server already started on port " + port());
    }
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "meteoswiss-replay-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    executor = Executors.newFixedThreadPool(threads, tf);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** The bound port (after {@link #start()}). */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("Replay server not started");
    }
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>} */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /**
   * The data root, the equivalent of {@code https://data.geo.admin.ch/ch.meteoschweiz.ogd-smn/}.
   */
  public URI dataRoot() {
    return baseUri().resolve(DATA_PREFIX);
  }

  /** The STAC items URL. */
  public URI stacItems() {
    return baseUri().resolve(STAC_ITEMS);
  }

  /** The logical feed: files, data faults (revisions, columns, bad rows) and ground truth. */
  public ReplayFeed feed() {
    return feed;
  }

  /** The simulated clock. */
  public ReplayClock clock() {
    return feed.clock();
  }

  /** HTTP faults to inject. */
  public ReplayFaults faults() {
    return faults;
  }

  /** Requests answered so far (the latest 10 000), oldest first. */
  public List<RequestRecord> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  private void record(RequestRecord r) {
    synchronized (requests) {
      if (requests.size() == MAX_RECORDED_REQUESTS) {
        requests.removeFirst();
      }
      requests.addLast(r);
    }
  }

  /** Stops the server. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  // ------------------------------------------------------------------------ request handling

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    URI uri = ex.getRequestURI();
    String path = uri.getRawPath();
    String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    Outcome outcome = new Outcome(method, pathAndQuery, headers(ex));
    try {
      dispatch(ex, method, path, uri.getRawQuery(), outcome);
    } catch (RuntimeException e) {
      if (ex.getResponseCode() == -1) {
        // a bug or a bad request parameter: answer 500 naming the problem instead of hanging up
        sendText(ex, 500, "Replay error for " + path + ": " + e, outcome);
      }
    } catch (IOException e) {
      outcome.commit(-1, 0);
    } finally {
      outcome.commit(-1, 0);
      ex.close();
    }
  }

  /** Records the answer of one request before it is sent, so the log never lags the client. */
  private final class Outcome {
    private final String method;
    private final String path;
    private final Map<String, String> headers;
    private boolean committed;

    Outcome(String method, String path, Map<String, String> headers) {
      this.method = method;
      this.path = path;
      this.headers = headers;
    }

    void commit(int status, long bodyBytes) {
      if (!committed) {
        committed = true;
        record(new RequestRecord(method, path, status, bodyBytes, headers));
      }
    }
  }

  private static Map<String, String> headers(HttpExchange ex) {
    Map<String, String> h = new java.util.TreeMap<>();
    for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet()) {
      if (!e.getValue().isEmpty()) {
        h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().get(0));
      }
    }
    return h;
  }

  private int dispatch(HttpExchange ex, String method, String path, String query, Outcome sent)
      throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      return sendText(ex, 405, "Method " + method + " not allowed", sent);
    }
    ReplayFaults.Fault fault = faults.take(path);
    if (fault != null) {
      switch (fault.kind()) {
        case SERVER_ERROR -> {
          return sendText(ex, 500, "Injected server error", sent);
        }
        case THROTTLE -> {
          long seconds = Math.max(1, (fault.duration().toMillis() + 999) / 1000);
          ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
          return sendText(ex, 429, "Too many requests, retry after " + seconds + " s", sent);
        }
        case SLOW -> sleep(fault.duration());
        case TRUNCATE -> {
          // handled while sending the body
        }
      }
    }
    boolean truncate = fault != null && fault.kind() == ReplayFaults.Kind.TRUNCATE;
    if (path.startsWith(DATA_PREFIX)) {
      String rel = path.substring(DATA_PREFIX.length());
      FileContent content = feed.content(rel);
      if (content == null) {
        return sendText(ex, 404, "No such file: " + rel, sent);
      }
      return sendFile(ex, method, content, truncate, sent);
    }
    if (path.equals(STAC_ITEMS) || path.equals(STAC_ITEMS + "/")) {
      return sendJson(ex, method, itemsPage(query), truncate, sent);
    }
    if (path.startsWith(STAC_ITEMS + "/")) {
      String id = path.substring(STAC_ITEMS.length() + 1);
      ReplayStation s = feed.stations().get(id.toUpperCase(Locale.ROOT));
      if (s == null || !id.equals(s.id())) {
        return sendText(ex, 404, "No such item: " + id, sent);
      }
      StringBuilder json = new StringBuilder();
      item(json, s);
      return sendJson(ex, method, json.toString(), truncate, sent);
    }
    return sendText(ex, 404, "Not found: " + path, sent);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int sendFile(
      HttpExchange ex, String method, FileContent content, boolean truncate, Outcome sent)
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
    byte[] body = content.bytes();
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

  private static boolean etagMatches(String header, String etag, String gzipEtag) {
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

  private static Instant httpDate(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean acceptsGzip(String acceptEncoding) {
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

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int sendBody(
      HttpExchange ex, String method, int status, byte[] body, boolean truncate, Outcome sent)
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

  private static int sendText(HttpExchange ex, int status, String text, Outcome sent)
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

  private int sendJson(HttpExchange ex, String method, String json, boolean truncate, Outcome sent)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/geo+json");
    ex.getResponseHeaders().set("Cache-Control", "public, max-age=10");
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    if (acceptsGzip(ex.getRequestHeaders().getFirst("Accept-Encoding"))) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      body = gzip(body);
    }
    return sendBody(ex, method, 200, body, truncate, sent);
  }

  // ------------------------------------------------------------------------ STAC

  private String itemsPage(String query) {
    int limit = DEFAULT_PAGE_SIZE;
    String cursor = null;
    if (query != null) {
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv : kv.substring(0, eq);
        String v =
            eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        if (k.equals("limit")) {
          try {
            limit = Math.max(1, Math.min(DEFAULT_PAGE_SIZE, Integer.parseInt(v)));
          } catch (NumberFormatException e) {
            limit = DEFAULT_PAGE_SIZE;
          }
        } else if (k.equals("cursor")) {
          cursor = v;
        }
      }
    }
    String after = null;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        after = null;
      }
    }
    List<ReplayStation> all = new ArrayList<>(feed.stations().values());
    List<ReplayStation> page = new ArrayList<>();
    boolean more = false;
    for (ReplayStation s : all) {
      if (after != null && s.id().compareTo(after) <= 0) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(s);
    }
    StringBuilder json = new StringBuilder(4096);
    json.append("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < page.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      item(json, page.get(i));
    }
    json.append("],\"links\":[");
    String self = stacItems() + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
    link(json, "self", self);
    json.append(',');
    link(json, "root", baseUri().resolve("/api/stac/v1/").toString());
    if (more) {
      String next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(page.get(page.size() - 1).id().getBytes(StandardCharsets.UTF_8));
      json.append(',');
      link(json, "next", stacItems() + "?cursor=" + next + "&limit=" + limit);
    }
    json.append("]}");
    return json.toString();
  }

  private static void link(StringBuilder json, String rel, String href) {
    json.append("{\"rel\":");
    string(json, rel);
    json.append(",\"href\":");
    string(json, href);
    json.append(",\"type\":\"application/geo+json\"}");
  }

  private void item(StringBuilder json, ReplayStation s) {
    StationMeta m = s.meta();
    String created = iso(feed.historyStart());
    Instant updated = feed.historyStart();
    StringBuilder assets = new StringBuilder();
    for (FeedFile f : feed.files(s.abbr())) {
      FileContent c = feed.content(f.path());
      if (c == null) {
        continue;
      }
      if (c.lastModified().isAfter(updated)) {
        updated = c.lastModified();
      }
      if (assets.length() > 0) {
        assets.append(',');
      }
      string(assets, f.fileName());
      assets.append(":{\"type\":\"text/csv\",\"href\":");
      string(assets, dataRoot().resolve(f.path()).toString());
      assets.append(",\"created\":");
      string(assets, created);
      assets.append(",\"updated\":");
      string(assets, iso(c.lastModified()));
      assets.append(",\"file:checksum\":");
      string(assets, c.multihash());
      assets.append('}');
    }
    json.append("{\"stac_version\":\"1.0.0\",\"type\":\"Feature\",\"id\":");
    string(json, s.id());
    json.append(",\"collection\":");
    string(json, FeedFile.COLLECTION);
    json.append(",\"bbox\":[")
        .append(m.longitude())
        .append(',')
        .append(m.latitude())
        .append(',')
        .append(m.longitude())
        .append(',')
        .append(m.latitude())
        .append("],\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
        .append(m.longitude())
        .append(',')
        .append(m.latitude())
        .append("]},\"properties\":{\"title\":");
    string(json, s.name() + " (" + s.abbr() + ")");
    json.append(",\"created\":");
    string(json, created);
    json.append(",\"updated\":");
    string(json, iso(updated));
    json.append("},\"links\":[");
    link(json, "self", stacItems() + "/" + s.id());
    json.append("],\"assets\":{").append(assets).append("}}");
  }

  private static String iso(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static void string(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  // ------------------------------------------------------------------------ builder and main

  /** Configures a {@link MeteoSwissReplayServer}. */
  public static final class Builder {
    private int port;
    private Instant start;
    private double speed;
    private long seed = 42;
    private Instant historyStart;
    private Set<String> stationFilter;
    private byte[] stationsFixture;
    private boolean incompleteNewestRow;
    private int threads = 8;

    private Builder() {}

    /** Port on 127.0.0.1; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Simulated start instant (default: the current wall-clock time, floored to 10 minutes). */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    /** Simulated seconds per real second; 0 (default) = only manual {@code clock().advance}. */
    public Builder speed(double speed) {
      this.speed = speed;
      return this;
    }

    /** Seed of the weather; same seed, same bytes (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * First day of the simulated history (default: 1 December of the year before yesterday's year,
     * which keeps historical files small). Earlier starts create more decade files.
     */
    public Builder historyStart(Instant historyStart) {
      this.historyStart = historyStart;
      return this;
    }

    /** Serves only these stations of the fixture (codes, case-insensitive). */
    public Builder stations(String... codes) {
      this.stationFilter =
          java.util.Arrays.stream(codes)
              .map(c -> c.trim().toUpperCase(Locale.ROOT))
              .collect(java.util.stream.Collectors.toSet());
      return this;
    }

    /** Replaces the bundled station fixture (bytes in the format of ogd-smn_meta_stations.csv). */
    public Builder stationsFixture(byte[] windows1252Csv) {
      this.stationsFixture = windows1252Csv.clone();
      return this;
    }

    /**
     * When on, the newest row of each {@code now} file lacks sunshine, radiation and gust values
     * until the next interval is published, like the real feed's first, incomplete delivery.
     */
    public Builder incompleteNewestRow(boolean on) {
      this.incompleteNewestRow = on;
      return this;
    }

    /** Worker threads answering requests (default 8). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Builds the (not yet started) server. */
    public MeteoSwissReplayServer build() {
      Instant s = start != null ? start : Instant.now().truncatedTo(ChronoUnit.MINUTES);
      ReplayClock clock = new ReplayClock(s, speed);
      Instant history = historyStart;
      if (history == null) {
        int year =
            ZonedDateTime.ofInstant(
                    s.truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS), ZoneOffset.UTC)
                .getYear();
        history = LocalDate.of(year - 1, 12, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      List<StationMeta> metas = loadStations();
      if (stationFilter != null) {
        metas = metas.stream().filter(m -> stationFilter.contains(m.abbr())).toList();
        if (metas.size() != stationFilter.size()) {
          throw new IllegalArgumentException(
              "Unknown station in "
                  + stationFilter
                  + "; the fixture has "
                  + loadStations().stream().map(StationMeta::abbr).toList());
        }
      }
      byte[] parametersFile = resource("parameters-fixture.csv");
      List<ParameterMeta> parameters;
      try {
        parameters =
            MeteoSwissMetadata.parseParameters(
                    new java.io.ByteArrayInputStream(parametersFile), "parameters-fixture.csv")
                .items();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ReplayFeed feed =
          new ReplayFeed(
              metas,
              parameters,
              parametersFile,
              new WeatherModel(seed),
              clock,
              history,
              incompleteNewestRow);
      return new MeteoSwissReplayServer(this, feed);
    }

    private List<StationMeta> loadStations() {
      byte[] bytes = stationsFixture != null ? stationsFixture : resource("stations-fixture.csv");
      try {
        MeteoSwissMetadata.Result<StationMeta> r =
            MeteoSwissMetadata.parseStations(
                new java.io.ByteArrayInputStream(bytes), "stations-fixture.csv");
        if (!r.rejected().isEmpty()) {
          throw new IllegalArgumentException("Station fixture has unusable lines: " + r.rejected());
        }
        return r.items();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static byte[] resource(String name) {
      try (InputStream in = MeteoSwissReplayServer.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("Missing replay fixture resource " + name);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Runs a replay server until killed: {@code --port N} (default 8099), {@code --speed X} (default
   * 600), {@code --start 2026-06-15T12:00:00Z} (default now), {@code --seed N}.
   */
  public static void main(String[] args) throws Exception {
    Builder b = builder().port(8099).speed(600);
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> b.port(Integer.parseInt(args[i + 1]));
        case "--speed" -> b.speed(Double.parseDouble(args[i + 1]));
        case "--start" -> b.start(Instant.parse(args[i + 1]));
        case "--seed" -> b.seed(Long.parseLong(args[i + 1]));
        default -> throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    MeteoSwissReplayServer server = b.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("MeteoSwiss replay serving " + server.dataRoot());
    System.out.println("STAC items: " + server.stacItems());
    System.out.println(
        "Simulated time " + server.clock().now() + " at " + server.clock().speed() + "x");
    Thread.currentThread().join();
  }
}
