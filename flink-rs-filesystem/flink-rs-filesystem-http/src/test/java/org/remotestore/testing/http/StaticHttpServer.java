package org.remotestore.testing.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.remotestore.AlreadyExists;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.DefaultStore;
import org.remotestore.FileInfo;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.spi.Backend;

/**
 * An in-process HTTP/1.1 file server on {@code 127.0.0.1} (JDK {@code com.sun.net.httpserver})
 * serving an in-memory map of files with real HTTP semantics, for tests of HTTP clients:
 *
 * <ul>
 *   <li>{@code GET} and {@code HEAD}, {@code Content-Length}, strong {@code ETag}, {@code
 *       Last-Modified} (second precision);
 *   <li>{@code 304 Not Modified} for {@code If-None-Match} (which takes precedence) or {@code
 *       If-Modified-Since};
 *   <li>single {@code Range} requests ({@code 206} with {@code Content-Range}, {@code 416} when
 *       unsatisfiable), {@code If-Range}, {@code Accept-Ranges: bytes}; a switch makes the server
 *       ignore {@code Range} and answer the whole file, like many real servers;
 *   <li>{@code gzip} when the client accepts it (whole-file answers only; the ETag of the gzip
 *       variant gets a {@code -gzip} suffix, as Apache httpd does);
 *   <li>redirects configured per path;
 *   <li>counters of requests, answers by status and body bytes sent.
 * </ul>
 *
 * <p>Files are addressed by their decoded URL path without the leading slash: {@code put("a/b c",
 * ...)} is served at {@code /a/b%20c}. Thread-safe; {@link #close()} stops the server.
 */
public final class StaticHttpServer implements AutoCloseable {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final String GZIP_SUFFIX = "-gzip";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Entry> files = new ConcurrentHashMap<>();
  private final Map<String, Redirect> redirects = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> methods = new ConcurrentHashMap<>();
  private final AtomicLong bodyBytesSent = new AtomicLong();
  private final Map<String, String> lastRequestHeaders = new ConcurrentHashMap<>();
  private volatile boolean ignoreRange;
  private volatile boolean gzipEnabled = true;

  private record Entry(byte[] content, long generatedSize, Instant lastModified, String etag) {
    long size() {
      return content != null ? content.length : generatedSize;
    }

    byte byteAt(long i) {
      return content != null ? content[(int) i] : generatedByte(i);
    }
  }

  private record Redirect(int status, String location) {}

  private StaticHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on {@code 127.0.0.1} and an ephemeral port. */
  public static StaticHttpServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "static-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    StaticHttpServer s = new StaticHttpServer(server, executor);
    server.setExecutor(executor);
    server.createContext("/", s::handle);
    server.start();
    return s;
  }

  /** The port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  // --- content ---------------------------------------------------------------------------------

  /** Stores (or replaces) a file, last modified now (whole seconds). */
  public void put(String path, byte[] content) {
    put(path, content, Instant.now());
  }

  /** Stores (or replaces) a file with this modification time (truncated to seconds). */
  public void put(String path, byte[] content, Instant lastModified) {
    byte[] copy = content.clone();
    files.put(
        normalise(path),
        new Entry(copy, 0, lastModified.truncatedTo(ChronoUnit.SECONDS), etagOf(copy)));
  }

  /**
   * Stores a file of {@code size} generated bytes (see {@link #generatedByte(long)}) that is never
   * held in memory, for large-transfer tests.
   */
  public void putGenerated(String path, long size) {
    files.put(
        normalise(path),
        new Entry(
            null,
            size,
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            "\"gen-" + Long.toHexString(size) + "\""));
  }

  /** Byte {@code i} of every generated file. */
  public static byte generatedByte(long i) {
    return (byte) ((i * 131) ^ (i >>> 9));
  }

  /** Removes a file; returns whether there was one. */
  public boolean remove(String path) {
    return files.remove(normalise(path)) != null;
  }

  /** Removes every file and redirect. */
  public void clear() {
    files.clear();
    redirects.clear();
  }

  /** The strong ETag currently served for the identity representation of {@code path}. */
  public String etag(String path) {
    Entry e = files.get(normalise(path));
    return e == null ? null : e.etag;
  }

  /** The Last-Modified time currently served for {@code path}. */
  public Instant lastModified(String path) {
    Entry e = files.get(normalise(path));
    return e == null ? null : e.lastModified;
  }

  /** Answers requests for {@code path} with a redirect to {@code location}. */
  public void redirect(String path, int status, String location) {
    redirects.put(normalise(path), new Redirect(status, location));
  }

  // --- switches --------------------------------------------------------------------------------

  /** Whether {@code Range} headers are ignored (the whole file is answered with 200). */
  public void setIgnoreRange(boolean ignore) {
    this.ignoreRange = ignore;
  }

  /** Whether gzip is offered to clients that accept it (default true). */
  public void setGzipEnabled(boolean enabled) {
    this.gzipEnabled = enabled;
  }

  // --- counters --------------------------------------------------------------------------------

  /** Requests received. */
  public long requestCount() {
    return requests.get();
  }

  /** Requests received with this method. */
  public long requestCount(String method) {
    AtomicLong c = methods.get(method.toUpperCase(Locale.ROOT));
    return c == null ? 0 : c.get();
  }

  /** Answers sent with this status. */
  public long statusCount(int status) {
    AtomicLong c = statuses.get(status);
    return c == null ? 0 : c.get();
  }

  /** Body bytes written to clients (after compression), over all answers. */
  public long bodyBytesSent() {
    return bodyBytesSent.get();
  }

  /** A header of the most recent request (lower-case name), or {@code null}. */
  public String lastRequestHeader(String name) {
    return lastRequestHeaders.get(name.toLowerCase(Locale.ROOT));
  }

  /** Resets every counter. */
  public void resetCounters() {
    requests.set(0);
    statuses.clear();
    methods.clear();
    bodyBytesSent.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // --- serving ---------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      methods.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
      Headers in = exchange.getRequestHeaders();
      lastRequestHeaders.clear();
      in.forEach(
          (k, v) -> {
            if (!v.isEmpty()) {
              lastRequestHeaders.put(k.toLowerCase(Locale.ROOT), v.get(0));
            }
          });
      exchange.getRequestBody().readAllBytes();
      Headers out = exchange.getResponseHeaders();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        out.set("Allow", "GET, HEAD");
        send(exchange, 405, null, 0, 0, false, false);
        return;
      }
      String path = normalise(exchange.getRequestURI().getPath());
      Redirect redirect = redirects.get(path);
      if (redirect != null) {
        out.set("Location", redirect.location);
        send(exchange, redirect.status, null, 0, 0, false, head);
        return;
      }
      Entry entry = files.get(path);
      if (entry == null) {
        send(exchange, 404, null, 0, 0, false, head);
        return;
      }
      boolean gzip = gzipEnabled && acceptsGzip(in.getFirst("Accept-Encoding")) && entry.size() > 0;
      String etag = gzip ? withSuffix(entry.etag, GZIP_SUFFIX) : entry.etag;
      out.set("ETag", etag);
      out.set("Last-Modified", HTTP_DATE.format(entry.lastModified));
      out.set("Vary", "Accept-Encoding");
      if (!ignoreRange) {
        out.set("Accept-Ranges", "bytes");
      }
      if (notModified(in, entry)) {
        send(exchange, 304, null, 0, 0, false, true);
        return;
      }
      String range = in.getFirst("Range");
      if (range != null && !ignoreRange && ifRangeHolds(in.getFirst("If-Range"), entry)) {
        long[] span = parseRange(range, entry.size());
        if (span == null) {
          out.set("Content-Range", "bytes */" + entry.size());
          send(exchange, 416, null, 0, 0, false, head);
          return;
        }
        if (span.length == 2) {
          out.set("ETag", entry.etag);
          out.set("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + entry.size());
          send(exchange, 206, entry, span[0], span[1] - span[0] + 1, false, head);
          return;
        }
        // Malformed or multiple ranges: ignored, the whole file follows.
      }
      send(exchange, 200, entry, 0, entry.size(), gzip, head);
    }
  }

  private void send(
      HttpExchange exchange,
      int status,
      Entry entry,
      long from,
      long length,
      boolean gzip,
      boolean noBody)
      throws IOException {
    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    Headers out = exchange.getResponseHeaders();
    if (entry == null || noBody) {
      if (entry != null && !gzip && status != 304) {
        out.set("Content-Length", Long.toString(length)); // HEAD: the length a GET would get
      }
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    if (gzip) {
      out.set("Content-Encoding", "gzip");
      exchange.sendResponseHeaders(status, 0); // chunked: the compressed length is not known
      try (OutputStream body = new GZIPOutputStream(counting(exchange.getResponseBody()), 8192)) {
        writeContent(body, entry, from, length);
      }
      return;
    }
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    try (OutputStream body = counting(exchange.getResponseBody())) {
      writeContent(body, entry, from, length);
    }
  }

  private static void writeContent(OutputStream out, Entry entry, long from, long length)
      throws IOException {
    if (entry.content != null) {
      out.write(entry.content, (int) from, (int) length);
      return;
    }
    byte[] buf = new byte[64 * 1024];
    long written = 0;
    while (written < length) {
      int n = (int) Math.min(buf.length, length - written);
      for (int i = 0; i < n; i++) {
        buf[i] = generatedByte(from + written + i);
      }
      out.write(buf, 0, n);
      written += n;
    }
  }

  private OutputStream counting(OutputStream raw) {
    return new FilterOutputStream(raw) {
      @Override
      public void write(int b) throws IOException {
        // Counted before the bytes leave: a client that has read them may look at the count at
        // once.
        bodyBytesSent.incrementAndGet();
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        bodyBytesSent.addAndGet(len);
        out.write(b, off, len);
      }
    };
  }

  private static boolean notModified(Headers in, Entry entry) {
    String inm = in.getFirst("If-None-Match");
    if (inm != null) {
      for (String candidate : inm.split(",")) {
        String c = candidate.trim();
        if (c.equals("*") || weakEquals(c, entry.etag)) {
          return true;
        }
      }
      return false;
    }
    String ims = in.getFirst("If-Modified-Since");
    if (ims != null) {
      Instant since = parseDate(ims);
      return since != null && !entry.lastModified.isAfter(since);
    }
    return false;
  }

  /** Weak comparison, also treating the gzip variant's ETag as the same entity. */
  private static boolean weakEquals(String candidate, String etag) {
    String a = opaque(candidate);
    String b = opaque(etag);
    if (a.endsWith(GZIP_SUFFIX)) {
      a = a.substring(0, a.length() - GZIP_SUFFIX.length());
    }
    return a.equals(b);
  }

  private static String opaque(String etag) {
    String e = etag.startsWith("W/") ? etag.substring(2) : etag;
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }

  private static boolean ifRangeHolds(String ifRange, Entry entry) {
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"")) {
      return v.equals(entry.etag); // strong comparison
    }
    if (v.startsWith("W/")) {
      return false;
    }
    Instant date = parseDate(v);
    return date != null && date.equals(entry.lastModified);
  }

  /**
   * A single byte range as {start, end} (inclusive), {@code null} when unsatisfiable, or an empty
   * array when malformed or multiple (to be ignored).
   */
  private static long[] parseRange(String header, long size) {
    Matcher m = SINGLE_RANGE.matcher(header.trim());
    if (!m.matches()) {
      return new long[0];
    }
    String a = m.group(1);
    String b = m.group(2);
    try {
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return new long[0];
        }
        long suffix = Long.parseLong(b);
        if (suffix == 0 || size == 0) {
          return null;
        }
        return new long[] {Math.max(0, size - suffix), size - 1};
      }
      long start = Long.parseLong(a);
      long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (!b.isEmpty() && Long.parseLong(b) < start) {
        return new long[0];
      }
      if (start >= size) {
        return null;
      }
      return new long[] {start, end};
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }

  private static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] p = part.trim().split(";");
      if (p[0].trim().equalsIgnoreCase("gzip")) {
        for (int i = 1; i < p.length; i++) {
          String param = p[i].trim().replace(" ", "");
          if (param.equals("q=0") || param.matches("q=0\\.0*")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  private static Instant parseDate(String text) {
    try {
      return Instant.from(HTTP_DATE.parse(text.trim()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String withSuffix(String etag, String suffix) {
    return etag.substring(0, etag.length() - 1) + suffix + "\"";
  }

  private static String etagOf(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String normalise(String path) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  /**
   * A writable {@link Store} over the files this server serves below {@code folder} (for example
   * {@code site/feed}): what is written through it is served at once, with a fresh ETag and
   * Last-Modified. Tests use it to seed files for read-only HTTP stores.
   */
  public Store asStore(String folder) throws InvalidPath {
    return new DefaultStore(new ServedFilesBackend(), "served", folder);
  }

  /** The server's file map as a backend (keys are the served paths). */
  private final class ServedFilesBackend implements Backend {
    @Override
    public String name() {
      return "served";
    }

    @Override
    public String type() {
      return "static-http-server";
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.of(
          Capability.READ,
          Capability.RANGE_READ,
          Capability.WRITE,
          Capability.ATOMIC_WRITE,
          Capability.DELETE,
          Capability.LIST,
          Capability.METADATA);
    }

    @Override
    public boolean isObjectStore() {
      return true;
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
      Entry e = files.get(key);
      if (e == null) {
        throw new NotFound("No such file: " + key, name(), key);
      }
      long from = Math.min(offset, e.size());
      long to = length < 0 ? e.size() : Math.min(e.size(), from + length);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writeContent(out, e, from, to - from);
      return new ByteArrayInputStream(out.toByteArray());
    }

    @Override
    public FileInfo stat(String key) {
      Entry e = files.get(key);
      return e == null ? null : new FileInfo(key, e.size(), e.lastModified, e.etag, null);
    }

    @Override
    public Level list(String folderKey) {
      String prefix = folderKey.isEmpty() ? "" : folderKey + "/";
      List<FileInfo> direct = new ArrayList<>();
      Set<String> folders = new TreeSet<>();
      for (String key : new TreeSet<>(files.keySet())) {
        if (!key.startsWith(prefix)) {
          continue;
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
          FileInfo info = stat(key);
          if (info != null) {
            direct.add(info);
          }
        } else {
          folders.add(prefix + rest.substring(0, slash));
        }
      }
      return new Level(direct, new ArrayList<>(folders));
    }

    @Override
    public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
      if (!overwrite && files.containsKey(key)) {
        throw new AlreadyExists("File exists: " + key, name(), key);
      }
      return new Store.AtomicOutputStream() {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean done;

        @Override
        public void write(int b) {
          buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          buffer.write(b, off, len);
        }

        @Override
        public void abort() {
          done = true;
        }

        @Override
        public void close() throws IOException {
          if (done) {
            return;
          }
          done = true;
          byte[] content = buffer.toByteArray();
          Entry entry =
              new Entry(content, 0, Instant.now().truncatedTo(ChronoUnit.SECONDS), etagOf(content));
          if (overwrite) {
            files.put(key, entry);
          } else if (files.putIfAbsent(key, entry) != null) {
            throw new AlreadyExists("File exists: " + key, name(), key);
          }
        }
      };
    }

    @Override
    public boolean delete(String key) {
      return files.remove(key) != null;
    }

    @Override
    public void close() {}
  }

  /** The set of paths currently served (for diagnostics). */
  public Set<String> paths() {
    return Set.copyOf(files.keySet());
  }

  /** A small helper for tests: the UTF-8 bytes of {@code text}. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
