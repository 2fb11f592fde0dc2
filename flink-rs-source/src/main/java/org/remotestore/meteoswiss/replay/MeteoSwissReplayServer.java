package org.remotestore.meteoswiss.replay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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

  private final ReplayFeed feed;
  private final ReplayStac stac;
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
    this.stac = new ReplayStac(this, feed);
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
    ReplayOutcome outcome = new ReplayOutcome(this::record, method, pathAndQuery, headers(ex));
    try {
      dispatch(ex, method, path, uri.getRawQuery(), outcome);
    } catch (RuntimeException e) {
      if (ex.getResponseCode() == -1) {
        // a bug or a bad request parameter: answer 500 naming the problem instead of hanging up
        ReplayHttp.sendText(ex, 500, "Replay error for " + path + ": " + e, outcome);
      }
    } catch (IOException e) {
      outcome.commit(-1, 0);
    } finally {
      outcome.commit(-1, 0);
      ex.close();
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

  private int dispatch(
      HttpExchange ex, String method, String path, String query, ReplayOutcome sent)
      throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      return ReplayHttp.sendText(ex, 405, "Method " + method + " not allowed", sent);
    }
    ReplayFaults.Fault fault = faults.take(path);
    if (fault != null) {
      switch (fault.kind()) {
        case SERVER_ERROR -> {
          return ReplayHttp.sendText(ex, 500, "Injected server error", sent);
        }
        case THROTTLE -> {
          long seconds = Math.max(1, (fault.duration().toMillis() + 999) / 1000);
          ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
          return ReplayHttp.sendText(
              ex, 429, "Too many requests, retry after " + seconds + " s", sent);
        }
        case SLOW -> sleep(fault.duration());
        case TRUNCATE, CORRUPT -> {
          // handled while sending the body
        }
      }
    }
    boolean truncate = fault != null && fault.kind() == ReplayFaults.Kind.TRUNCATE;
    boolean corrupt = fault != null && fault.kind() == ReplayFaults.Kind.CORRUPT;
    if (path.startsWith(DATA_PREFIX)) {
      String rel = path.substring(DATA_PREFIX.length());
      FileContent content = feed.content(rel);
      if (content == null) {
        return ReplayHttp.sendText(ex, 404, "No such file: " + rel, sent);
      }
      return ReplayHttp.sendFile(ex, method, content, truncate, corrupt, sent);
    }
    if (path.equals(STAC_ITEMS) || path.equals(STAC_ITEMS + "/")) {
      return ReplayHttp.sendJson(ex, method, stac.itemsPage(query), truncate, corrupt, sent);
    }
    if (path.startsWith(STAC_ITEMS + "/")) {
      String id = path.substring(STAC_ITEMS.length() + 1);
      ReplayStation s = feed.stations().get(id.toUpperCase(Locale.ROOT));
      if (s == null || !id.equals(s.id())) {
        return ReplayHttp.sendText(ex, 404, "No such item: " + id, sent);
      }
      StringBuilder json = new StringBuilder();
      stac.item(json, s);
      return ReplayHttp.sendJson(ex, method, json.toString(), truncate, corrupt, sent);
    }
    return ReplayHttp.sendText(ex, 404, "Not found: " + path, sent);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
