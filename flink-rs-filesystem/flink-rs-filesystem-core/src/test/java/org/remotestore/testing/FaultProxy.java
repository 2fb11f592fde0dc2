package org.remotestore.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 reverse proxy in front of one upstream {@code host:port} that injects faults
 * on demand. Tests point a client (S3, Azure, HTTP backend) at {@link #uri()} instead of the real
 * server and then {@link #inject inject} faults such as 503 {@code SlowDown}, 429 with {@code
 * Retry-After}, connection resets in the middle of an upload or a download, slow answers and
 * truncated bodies.
 *
 * <p>Requests and responses are relayed byte for byte: the request line (including the raw,
 * still-encoded target) and every header (including {@code Host}, {@code Authorization}, {@code
 * Expect}) are forwarded exactly as received, so AWS SigV4 and Azure SharedKey signatures stay
 * valid. Bodies are streamed in small buffers, never held whole in memory; both {@code
 * Content-Length} and {@code chunked} framing are understood (to find where a message ends) but
 * forwarded unchanged, {@code Expect: 100-continue} interim answers are relayed, and each client
 * connection keeps its own upstream connection alive for as long as both sides allow.
 *
 * <p>Faults are matched per request by a predicate over {@link Request} (method, path, headers),
 * optionally after skipping the first matches, for a bounded number of times; the first rule that
 * matches and has uses left wins. Everything is thread-safe; {@link #close()} stops the proxy and
 * drops every open connection.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", s3Port)) {
 *   proxy.inject(FaultProxy.Fault.s3SlowDown(), FaultProxy.request("PUT", "/bucket/.*"), 2);
 *   proxy.inject(FaultProxy.Fault.resetAfterRequestBytes(1 << 20), FaultProxy.method("PUT"), 1);
 *   // ... run the client against proxy.uri() ...
 *   assertThat(proxy.requestCount()).isGreaterThan(2);
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int BUFFER_BYTES = 16 * 1024;
  private static final int MAX_REMEMBERED_REQUESTS = 10_000;
  private static final Duration UPSTREAM_READ_TIMEOUT = Duration.ofMinutes(5);

  private final InetSocketAddress upstream;
  private final ServerSocket serverSocket;
  private final ExecutorService threads;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final List<Request> remembered = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong requestCount = new AtomicLong();
  private final AtomicLong connectionCount = new AtomicLong();
  private final AtomicLong faultsInjected = new AtomicLong();
  private volatile boolean closed;

  private FaultProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.serverSocket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    AtomicInteger threadNumber = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fault-proxy-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /** Starts a proxy on {@code 127.0.0.1} and an ephemeral port in front of {@code host:port}. */
  public static FaultProxy start(String upstreamHost, int upstreamPort) throws IOException {
    return new FaultProxy(new InetSocketAddress(upstreamHost, upstreamPort));
  }

  /** Starts a proxy in front of the host and port of {@code upstreamUri} (scheme {@code http}). */
  public static FaultProxy start(URI upstreamUri) throws IOException {
    if (!"http".equalsIgnoreCase(upstreamUri.getScheme())) {
      throw new IllegalArgumentException("FaultProxy relays plain http only, not " + upstreamUri);
    }
    int port = upstreamUri.getPort() < 0 ? 80 : upstreamUri.getPort();
    return start(upstreamUri.getHost(), port);
  }

  /** The loopback host the proxy listens on. */
  public String host() {
    return serverSocket.getInetAddress().getHostAddress();
  }

  /** The port the proxy listens on. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}, the endpoint clients should use. */
  public URI uri() {
    return URI.create("http://" + host() + ":" + port());
  }

  /** The upstream the proxy relays to. */
  public InetSocketAddress upstream() {
    return upstream;
  }

  /**
   * Injects {@code fault} into the next {@code times} requests matching {@code when}.
   *
   * @param times how many matching requests get the fault; negative means every one
   */
  public Rule inject(Fault fault, Predicate<Request> when, int times) {
    return inject(fault, when, 0, times);
  }

  /**
   * Injects {@code fault} into matching requests, letting the first {@code skip} matches through
   * untouched and then faulting the next {@code times} (negative: every later match).
   */
  public Rule inject(Fault fault, Predicate<Request> when, int skip, int times) {
    Rule rule = new Rule(fault, when, skip, times);
    rules.add(rule);
    return rule;
  }

  /** Removes every fault rule; later requests pass through untouched. */
  public void clearFaults() {
    rules.clear();
  }

  /** Requests seen so far (complete request heads received from clients). */
  public long requestCount() {
    return requestCount.get();
  }

  /** Requests seen so far that match {@code predicate} (among the last 10,000 remembered). */
  public long requestCount(Predicate<Request> predicate) {
    synchronized (remembered) {
      return remembered.stream().filter(predicate).count();
    }
  }

  /** The last (up to 10,000) requests seen, oldest first. */
  public List<Request> requests() {
    synchronized (remembered) {
      return List.copyOf(remembered);
    }
  }

  /** Client connections accepted so far. */
  public long connectionCount() {
    return connectionCount.get();
  }

  /** How many times a fault was applied so far. */
  public long faultsInjected() {
    return faultsInjected.get();
  }

  /** Resets the request, connection and fault counters and forgets remembered requests. */
  public void resetCounters() {
    requestCount.set(0);
    connectionCount.set(0);
    faultsInjected.set(0);
    remembered.clear();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(serverSocket);
    for (Socket socket : openSockets) {
      closeQuietly(socket);
    }
    threads.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------
  // Matching helpers

  /** Matches every request. */
  public static Predicate<Request> anyRequest() {
    return r -> true;
  }

  /** Matches requests with this method (case-insensitive). */
  public static Predicate<Request> method(String method) {
    return r -> r.method().equalsIgnoreCase(method);
  }

  /** Matches requests whose raw path (without query) fully matches {@code pathRegex}. */
  public static Predicate<Request> path(String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex);
    return r -> pattern.matcher(r.path()).matches();
  }

  /** Matches requests with this method whose raw path fully matches {@code pathRegex}. */
  public static Predicate<Request> request(String method, String pathRegex) {
    return method(method).and(path(pathRegex));
  }

  /**
   * Matches requests whose raw query string contains {@code fragment}, e.g. {@code partNumber=}.
   */
  public static Predicate<Request> queryContains(String fragment) {
    return r -> r.query() != null && r.query().contains(fragment);
  }

  // ---------------------------------------------------------------------------------------------
  // Public value types

  /**
   * One request as seen by the proxy.
   *
   * @param method the method, e.g. {@code PUT}
   * @param target the raw request target exactly as sent, e.g. {@code /bucket/a%20b?uploads}
   * @param path the raw path part of the target (still percent-encoded)
   * @param query the raw query, or {@code null}
   * @param headers the headers with lower-case names (last value wins when repeated)
   */
  public record Request(
      String method, String target, String path, String query, Map<String, String> headers) {
    /** Copies the headers. */
    public Request {
      headers = Map.copyOf(headers);
    }

    /** A header by case-insensitive name, or {@code null}. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A fault rule returned by {@link #inject}; tells how often it fired. */
  public static final class Rule {
    private final Fault fault;
    private final Predicate<Request> when;
    private int toSkip;
    private int remaining;
    private final AtomicInteger triggered = new AtomicInteger();

    private Rule(Fault fault, Predicate<Request> when, int skip, int times) {
      this.fault = Objects.requireNonNull(fault, "fault");
      this.when = Objects.requireNonNull(when, "when");
      this.toSkip = Math.max(0, skip);
      this.remaining = times;
    }

    /** How many requests received this fault so far. */
    public int triggered() {
      return triggered.get();
    }

    /** Whether the rule still has uses left. */
    public synchronized boolean isActive() {
      return remaining != 0;
    }

    /** The fault. */
    public Fault fault() {
      return fault;
    }

    private synchronized boolean claim(Request request) {
      if (remaining == 0 || !when.test(request)) {
        return false;
      }
      if (toSkip > 0) {
        toSkip--;
        return false;
      }
      if (remaining > 0) {
        remaining--;
      }
      triggered.incrementAndGet();
      return true;
    }
  }

  /** A fault the proxy can inject. Create with the static factories. */
  public static final class Fault {
    private enum Kind {
      RESPOND,
      RESET_REQUEST,
      RESET_RESPONSE,
      TRUNCATE_RESPONSE,
      DELAY_RESPONSE
    }

    private final Kind kind;
    private final int status;
    private final String reason;
    private final Map<String, String> headers;
    private final byte[] body;
    private final long bytes;
    private final Duration delay;

    private Fault(
        Kind kind,
        int status,
        String reason,
        Map<String, String> headers,
        byte[] body,
        long bytes,
        Duration delay) {
      this.kind = kind;
      this.status = status;
      this.reason = reason;
      this.headers = headers;
      this.body = body;
      this.bytes = bytes;
      this.delay = delay;
    }

    /**
     * Answers with this status, headers and body instead of forwarding the request upstream. The
     * request body is read and discarded first (or, with {@code Expect: 100-continue}, never asked
     * for and the connection closed after the answer).
     */
    public static Fault respond(
        int status, String reason, Map<String, String> headers, byte[] body) {
      return new Fault(
          Kind.RESPOND,
          status,
          reason,
          Collections.unmodifiableMap(new LinkedHashMap<>(headers)),
          body.clone(),
          0,
          Duration.ZERO);
    }

    /** A bare {@code 503 Service Unavailable}. */
    public static Fault serviceUnavailable() {
      return respond(503, "Service Unavailable", Map.of(), new byte[0]);
    }

    /** A bare {@code 500 Internal Server Error}. */
    public static Fault internalServerError() {
      return respond(500, "Internal Server Error", Map.of(), new byte[0]);
    }

    /** S3's throttling answer: {@code 503} with an XML {@code SlowDown} error body. */
    public static Fault s3SlowDown() {
      String xml =
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
              + "<Message>Please reduce your request rate.</Message>"
              + "<RequestId>FAULTPROXY</RequestId><HostId>faultproxy</HostId></Error>";
      return respond(
          503,
          "Slow Down",
          Map.of("Content-Type", "application/xml"),
          xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Azure Storage's throttling answer: {@code 503} with error code {@code ServerBusy}. */
    public static Fault azureServerBusy() {
      String xml =
          "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code>"
              + "<Message>The server is busy.</Message></Error>";
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/xml");
      headers.put("x-ms-error-code", "ServerBusy");
      return respond(503, "Server Busy", headers, xml.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code 429 Too Many Requests} with {@code Retry-After} in whole seconds. */
    public static Fault tooManyRequests(Duration retryAfter) {
      return tooManyRequests(Long.toString(Math.max(0, retryAfter.toSeconds())));
    }

    /**
     * {@code 429 Too Many Requests} with this raw {@code Retry-After} value (seconds or an
     * HTTP-date).
     */
    public static Fault tooManyRequests(String retryAfterValue) {
      return respond(429, "Too Many Requests", Map.of("Retry-After", retryAfterValue), new byte[0]);
    }

    /**
     * Forwards the request, but resets both connections (TCP RST) after {@code n} bytes of the
     * request body (counted on the wire, chunk framing included) reached the upstream: an upload
     * broken in the middle. A request without a body is reset right after its head.
     */
    public static Fault resetAfterRequestBytes(long n) {
      return new Fault(Kind.RESET_REQUEST, 0, null, Map.of(), null, requireNonNegative(n), null);
    }

    /**
     * Forwards the request and the response head, then resets the client connection (TCP RST) after
     * {@code n} bytes of the response body (counted on the wire).
     */
    public static Fault resetAfterResponseBytes(long n) {
      return new Fault(Kind.RESET_RESPONSE, 0, null, Map.of(), null, requireNonNegative(n), null);
    }

    /**
     * Forwards the request and the unchanged response head (so the announced length stays), then
     * closes the client connection normally after {@code n} body bytes: a truncated body.
     */
    public static Fault truncateResponse(long n) {
      return new Fault(
          Kind.TRUNCATE_RESPONSE, 0, null, Map.of(), null, requireNonNegative(n), null);
    }

    /** Forwards the request, then holds the upstream's answer back for {@code delay}. */
    public static Fault delayResponse(Duration delay) {
      return new Fault(Kind.DELAY_RESPONSE, 0, null, Map.of(), null, 0, delay);
    }

    private static long requireNonNegative(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("byte count < 0: " + n);
      }
      return n;
    }

    @Override
    public String toString() {
      return switch (kind) {
        case RESPOND -> "respond " + status + " " + reason;
        case RESET_REQUEST -> "reset after " + bytes + " request body bytes";
        case RESET_RESPONSE -> "reset after " + bytes + " response body bytes";
        case TRUNCATE_RESPONSE -> "truncate response body after " + bytes + " bytes";
        case DELAY_RESPONSE -> "delay response by " + delay;
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Relaying

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = serverSocket.accept();
      } catch (IOException e) {
        return; // closed
      }
      connectionCount.incrementAndGet();
      openSockets.add(client);
      try {
        threads.execute(() -> serve(client));
      } catch (RuntimeException rejected) {
        closeQuietly(client);
        openSockets.remove(client);
      }
    }
  }

  private void serve(Socket client) {
    Connection upstreamConnection = null;
    try (client) {
      client.setTcpNoDelay(true);
      InputStream clientIn = new BufferedInputStream(client.getInputStream(), BUFFER_BYTES);
      OutputStream clientOut = client.getOutputStream();
      while (!closed) {
        Head head = Head.read(clientIn);
        if (head == null) {
          return; // client closed the connection
        }
        Request request = head.toRequest();
        requestCount.incrementAndGet();
        remember(request);
        Fault fault = claimFault(request);
        if (fault != null && fault.kind == Fault.Kind.RESPOND) {
          if (!respondInstead(head, fault, clientIn, clientOut)) {
            return;
          }
          continue;
        }
        if (upstreamConnection == null || upstreamConnection.isClosed()) {
          closeQuietly(upstreamConnection);
          try {
            upstreamConnection = Connection.open(upstream, openSockets);
          } catch (IOException e) {
            writeSimpleResponse(
                clientOut, 502, "Bad Gateway", "upstream " + upstream + " unreachable: " + e, true);
            return;
          }
        }
        if (!relayExchange(head, fault, clientIn, clientOut, client, upstreamConnection)) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The client or the upstream went away; the connection simply ends.
    } finally {
      closeQuietly(upstreamConnection);
      openSockets.remove(client);
    }
  }

  private void remember(Request request) {
    synchronized (remembered) {
      if (remembered.size() >= MAX_REMEMBERED_REQUESTS) {
        remembered.remove(0);
      }
      remembered.add(request);
    }
  }

  private Fault claimFault(Request request) {
    for (Rule rule : rules) {
      if (rule.claim(request)) {
        faultsInjected.incrementAndGet();
        return rule.fault;
      }
    }
    return null;
  }

  /** Answers with an injected response. Returns whether the client connection stays usable. */
  private boolean respondInstead(Head head, Fault fault, InputStream clientIn, OutputStream out)
      throws IOException {
    boolean keepAlive = head.keepAlive();
    if (head.requestHasBody()) {
      if (head.expectsContinue()) {
        keepAlive = false; // the client has not sent the body and will not: end the connection
      } else {
        head.copyBody(clientIn, OutputStream.nullOutputStream());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("HTTP/1.1 ").append(fault.status).append(' ').append(fault.reason).append("\r\n");
    fault.headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    sb.append("Content-Length: ").append(fault.body.length).append("\r\n");
    if (!keepAlive) {
      sb.append("Connection: close\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head.method.equals("HEAD")) {
      out.write(fault.body);
    }
    out.flush();
    return keepAlive;
  }

  /**
   * Relays one request and its response. Returns whether both connections stay usable for the next
   * request.
   */
  private boolean relayExchange(
      Head request,
      Fault fault,
      InputStream clientIn,
      OutputStream clientOut,
      Socket client,
      Connection up)
      throws IOException {
    up.out.write(request.raw);
    boolean bodySent = !request.requestHasBody();
    Head response = null;
    if (!bodySent && request.expectsContinue()) {
      up.out.flush();
      // Relay interim answers until 100 Continue (send the body) or a final answer (do not).
      while (true) {
        Head interim = Head.read(up.in);
        if (interim == null) {
          return false;
        }
        if (interim.status == 100) {
          clientOut.write(interim.raw);
          clientOut.flush();
          break;
        }
        if (interim.status > 100 && interim.status < 200) {
          clientOut.write(interim.raw);
          continue;
        }
        response = interim;
        break;
      }
    }
    if (bodySent && fault != null && fault.kind == Fault.Kind.RESET_REQUEST) {
      // No body to break in the middle of: the connection drops right after the request head.
      up.out.flush();
      reset(client);
      up.reset();
      return false;
    }
    if (!bodySent && response == null) {
      OutputStream target = up.out;
      if (fault != null && fault.kind == Fault.Kind.RESET_REQUEST) {
        target = new ByteLimit(up.out, fault.bytes);
      }
      try {
        request.copyBody(clientIn, target);
      } catch (ByteLimit.Reached reached) {
        up.out.flush();
        reset(client);
        up.reset();
        return false;
      } catch (UpstreamWriteFailed e) {
        // The upstream stopped reading (typically after an early error answer): relay whatever
        // it said, then end the connection since the client's body was not fully consumed.
        Head early = Head.read(up.in);
        if (early != null) {
          relayResponse(request, early, null, clientIn, clientOut, client, up);
        }
        return false;
      }
      up.out.flush();
      bodySent = true;
    } else {
      up.out.flush();
    }
    if (response == null) {
      response = Head.read(up.in);
      while (response != null && response.status >= 100 && response.status < 200) {
        if (response.status != 101) {
          clientOut.write(response.raw);
        }
        response = Head.read(up.in);
      }
      if (response == null) {
        return false; // the upstream hung up without an answer
      }
    }
    boolean reusable = relayResponse(request, response, fault, clientIn, clientOut, client, up);
    return reusable && bodySent;
  }

  private boolean relayResponse(
      Head request,
      Head response,
      Fault fault,
      InputStream clientIn,
      OutputStream clientOut,
      Socket client,
      Connection up)
      throws IOException {
    if (fault != null && fault.kind == Fault.Kind.DELAY_RESPONSE) {
      try {
        Thread.sleep(fault.delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    clientOut.write(response.raw);
    OutputStream target = clientOut;
    boolean limited =
        fault != null
            && (fault.kind == Fault.Kind.RESET_RESPONSE
                || fault.kind == Fault.Kind.TRUNCATE_RESPONSE);
    if (limited) {
      target = new ByteLimit(clientOut, fault.bytes);
    }
    boolean untilClose;
    try {
      untilClose = response.copyResponseBody(request.method, up.in, target);
    } catch (ByteLimit.Reached reached) {
      clientOut.flush();
      if (fault.kind == Fault.Kind.RESET_RESPONSE) {
        reset(client);
      } else {
        client.shutdownOutput();
      }
      up.reset();
      return false;
    }
    clientOut.flush();
    if (limited) {
      // The whole body was shorter than the limit: the fault ends the connection anyway.
      if (fault.kind == Fault.Kind.RESET_RESPONSE) {
        reset(client);
      } else {
        client.shutdownOutput();
      }
      up.reset();
      return false;
    }
    if (untilClose || !response.keepAlive() || !request.keepAlive()) {
      up.close();
      return false;
    }
    return true;
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void writeSimpleResponse(
      OutputStream out, int status, String reason, String text, boolean close) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length
            + (close ? "\r\nConnection: close" : "")
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException ignored) {
      // nothing useful to do
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing

  /** One upstream connection. */
  private static final class Connection implements Closeable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    private final Set<Socket> registry;

    private Connection(Socket socket, Set<Socket> registry) throws IOException {
      this.socket = socket;
      this.registry = registry;
      this.in = new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES);
      this.out = new UpstreamOutput(socket.getOutputStream());
    }

    static Connection open(InetSocketAddress address, Set<Socket> registry) throws IOException {
      Socket socket = new Socket();
      try {
        socket.connect(address, 10_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) UPSTREAM_READ_TIMEOUT.toMillis());
      } catch (IOException e) {
        socket.close();
        throw e;
      }
      registry.add(socket);
      return new Connection(socket, registry);
    }

    boolean isClosed() {
      return socket.isClosed();
    }

    void reset() {
      FaultProxy.reset(socket);
      registry.remove(socket);
    }

    @Override
    public void close() {
      closeQuietly(socket);
      registry.remove(socket);
    }
  }

  /** Marks write failures towards the upstream, to tell them apart from client read failures. */
  private static final class UpstreamWriteFailed extends IOException {
    private static final long serialVersionUID = 1L;

    UpstreamWriteFailed(IOException cause) {
      super(cause);
    }
  }

  private static final class UpstreamOutput extends OutputStream {
    private final OutputStream delegate;

    UpstreamOutput(OutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        delegate.write(b);
      } catch (IOException e) {
        throw new UpstreamWriteFailed(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        delegate.write(b, off, len);
      } catch (IOException e) {
        throw new UpstreamWriteFailed(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        delegate.flush();
      } catch (IOException e) {
        throw new UpstreamWriteFailed(e);
      }
    }
  }

  /** Writes through up to a limit, then throws {@link Reached}. */
  private static final class ByteLimit extends OutputStream {
    private final OutputStream delegate;
    private long left;

    ByteLimit(OutputStream delegate, long limit) {
      this.delegate = delegate;
      this.left = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      int now = (int) Math.min(len, left);
      if (now > 0) {
        delegate.write(b, off, now);
        left -= now;
      }
      if (now < len) {
        throw new Reached();
      }
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }

    static final class Reached extends IOException {
      private static final long serialVersionUID = 1L;

      Reached() {
        super("byte limit reached", null);
      }
    }
  }

  /** A parsed message head (request or status line plus headers) with its raw bytes. */
  private static final class Head {
    final byte[] raw;
    final String method; // requests
    final String target; // requests
    final String version;
    final int status; // responses
    final List<String[]> headers;

    private Head(
        byte[] raw,
        String method,
        String target,
        String version,
        int status,
        List<String[]> headers) {
      this.raw = raw;
      this.method = method;
      this.target = target;
      this.version = version;
      this.status = status;
      this.headers = headers;
    }

    /** Reads a head, or returns {@code null} on a clean end of stream before any byte. */
    static Head read(InputStream in) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
      int state = 0; // how many bytes of CR LF CR LF matched
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (buf.size() == 0) {
            return null;
          }
          throw new IOException("connection closed inside a message head");
        }
        if (buf.size() == 0 && (b == '\r' || b == '\n')) {
          continue; // tolerate stray line breaks between messages
        }
        buf.write(b);
        if (buf.size() > MAX_HEAD_BYTES) {
          throw new IOException("message head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        if (b == '\n' && (state == 1 || state == 3)) {
          state++;
        } else if (b == '\r' && (state == 0 || state == 2)) {
          state++;
        } else if (b == '\n' && state == 0) {
          state = 2; // bare LF line ending
        } else if (b == '\n' && state == 2) {
          state = 4;
        } else {
          state = 0;
        }
        if (state == 4) {
          return parse(buf.toByteArray());
        }
      }
    }

    private static Head parse(byte[] raw) throws IOException {
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      String[] lines = text.split("\r?\n");
      String[] first = lines[0].split(" ", 3);
      if (first.length < 2) {
        throw new IOException("malformed start line: " + lines[0]);
      }
      List<String[]> headers = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.add(
              new String[] {
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                line.substring(colon + 1).trim()
              });
        }
      }
      if (first[0].startsWith("HTTP/")) {
        int status;
        try {
          status = Integer.parseInt(first[1]);
        } catch (NumberFormatException e) {
          throw new IOException("malformed status line: " + lines[0]);
        }
        return new Head(raw, null, null, first[0], status, headers);
      }
      String version = first.length > 2 ? first[2] : "HTTP/1.0";
      return new Head(raw, first[0].toUpperCase(Locale.ROOT), first[1], version, 0, headers);
    }

    String header(String name) {
      String found = null;
      for (String[] h : headers) {
        if (h[0].equals(name)) {
          found = h[1];
        }
      }
      return found;
    }

    Request toRequest() {
      Map<String, String> map = new LinkedHashMap<>();
      for (String[] h : headers) {
        map.put(h[0], h[1]);
      }
      int q = target.indexOf('?');
      String path = q < 0 ? target : target.substring(0, q);
      String query = q < 0 ? null : target.substring(q + 1);
      return new Request(method, target, path, query, map);
    }

    boolean chunked() {
      String te = header("transfer-encoding");
      return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    long contentLength() throws IOException {
      String cl = header("content-length");
      if (cl == null) {
        return -1;
      }
      try {
        return Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new IOException("malformed Content-Length: " + cl);
      }
    }

    boolean requestHasBody() throws IOException {
      return chunked() || contentLength() > 0;
    }

    boolean expectsContinue() {
      String expect = header("expect");
      return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    boolean keepAlive() {
      String connection = header("connection");
      String c = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
      if ("HTTP/1.0".equals(version)) {
        return c.contains("keep-alive");
      }
      return !c.contains("close");
    }

    /** Copies a request body as framed by this head. */
    void copyBody(InputStream in, OutputStream out) throws IOException {
      if (chunked()) {
        copyChunked(in, out);
      } else {
        long n = contentLength();
        if (n > 0) {
          copyExactly(in, out, n);
        }
      }
    }

    /**
     * Copies a response body as framed by this head. Returns whether the body ran until the
     * upstream closed the connection.
     */
    boolean copyResponseBody(String requestMethod, InputStream in, OutputStream out)
        throws IOException {
      if ("HEAD".equals(requestMethod) || status == 204 || status == 304 || status < 200) {
        return false;
      }
      if (chunked()) {
        copyChunked(in, out);
        return false;
      }
      long n = contentLength();
      if (n >= 0) {
        copyExactly(in, out, n);
        return false;
      }
      byte[] buf = new byte[BUFFER_BYTES];
      int r;
      while ((r = in.read(buf)) >= 0) {
        out.write(buf, 0, r);
        out.flush();
      }
      return true;
    }

    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
      byte[] buf = new byte[BUFFER_BYTES];
      long left = n;
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new IOException("connection closed with " + left + " body bytes missing");
        }
        out.write(buf, 0, r);
        left -= r;
        if (in.available() == 0) {
          out.flush();
        }
      }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
      while (true) {
        String sizeLine = readLine(in);
        out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
        long size;
        try {
          size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new IOException("malformed chunk size line: " + sizeLine);
        }
        if (size == 0) {
          // Trailers up to the empty line.
          while (true) {
            String trailer = readLine(in);
            out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (trailer.isEmpty()) {
              out.flush();
              return;
            }
          }
        }
        copyExactly(in, out, size);
        String end = readLine(in);
        if (!end.isEmpty()) {
          throw new IOException("missing CRLF after chunk data");
        }
        out.write('\r');
        out.write('\n');
        if (in.available() == 0) {
          out.flush();
        }
      }
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed inside chunked framing");
        }
        if (b == '\n') {
          int len = sb.length();
          if (len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(len - 1);
          }
          return sb.toString();
        }
        sb.append((char) b);
        if (sb.length() > 8192) {
          throw new IOException("chunk framing line too long");
        }
      }
    }
  }
}
