package org.remotestore.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forwarding HTTP/1.1 proxy on 127.0.0.1 for tests that count requests: every request a client
 * sends is recorded (method, target, {@code Range} header) before it is passed on unchanged, and
 * every accepted client connection is counted, so a test sees whether connections are reused or
 * thrown away. Request bodies are forwarded by their {@code Content-Length}; chunked request bodies
 * are not supported (the tests send uploads directly to the server).
 */
final class CountingHttpProxy implements AutoCloseable {
  /** One request as the client sent it. */
  record Request(String method, String target, String range) {
    /** Whether this is an S3 ListObjectsV2 request. */
    boolean isListing() {
      return "GET".equals(method) && target.contains("list-type=2");
    }

    /** Whether this is a GET of an object (not a listing). */
    boolean isObjectGet() {
      return "GET".equals(method) && !isListing();
    }
  }

  private final ServerSocket listener;
  private final int upstreamPort;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  CountingHttpProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "counting-http-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code http://127.0.0.1:<port>} of the proxy. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** The requests recorded since the last {@link #reset()}. */
  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Client connections accepted since the last {@link #reset()}. */
  int connections() {
    return connections.get();
  }

  /** Forgets the recorded requests and connections (open connections stay open). */
  void reset() {
    requests.clear();
    connections.set(0);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        start(() -> forwardRequests(client, server));
        start(() -> copy(server, client));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void start(Runnable body) {
    Thread t = new Thread(body, "counting-http-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Reads request heads, records them, and forwards heads and bodies. */
  private void forwardRequests(Socket client, Socket server) {
    try (InputStream in = client.getInputStream();
        OutputStream out = server.getOutputStream()) {
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String[] first = lines[0].split(" ");
        String range = null;
        long bodyLength = 0;
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          if (colon < 0) {
            continue;
          }
          String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).trim();
          if (name.equals("range")) {
            range = value;
          } else if (name.equals("content-length")) {
            bodyLength = Long.parseLong(value);
          } else if (name.equals("transfer-encoding") && value.contains("chunked")) {
            throw new IllegalStateException("chunked request bodies are not supported");
          }
        }
        requests.add(new Request(first[0], first.length > 1 ? first[1] : "", range));
        out.write(head);
        byte[] buffer = new byte[16 * 1024];
        while (bodyLength > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, bodyLength));
          if (n < 0) {
            return;
          }
          out.write(buffer, 0, n);
          bodyLength -= n;
        }
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // a side closed
    } finally {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  /** The bytes of one request head up to and including the blank line; null at the end. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // a side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
