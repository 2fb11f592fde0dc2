package org.remotestore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on 127.0.0.1 that counts every byte passing in each direction (request line,
 * headers and bodies alike), so that a benchmark can report bytes on the wire, not only body bytes.
 * Each accepted connection gets its own upstream connection and two copying threads.
 */
final class CountingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final AtomicLong toServer = new AtomicLong();
  private final AtomicLong toClient = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  private CountingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "counting-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts forwarding to {@code 127.0.0.1:upstreamPort}. */
  static CountingProxy start(int upstreamPort) throws IOException {
    return new CountingProxy(upstreamPort);
  }

  /** {@code http://127.0.0.1:<port>} of the proxy. */
  URI baseUri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** Bytes sent by clients to the server so far. */
  long bytesToServer() {
    return toServer.get();
  }

  /** Bytes sent by the server to clients so far. */
  long bytesToClient() {
    return toClient.get();
  }

  /** Connections accepted so far. */
  long connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        pump(client, server, toServer);
        pump(server, client, toClient);
      } catch (IOException e) {
        if (!listener.isClosed()) {
          System.err.println("counting proxy: " + e);
        }
      }
    }
  }

  private static void pump(Socket from, Socket to, AtomicLong counter) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                  out.flush();
                  counter.addAndGet(n);
                }
              } catch (IOException ignored) {
                // the other side closed; closing both ends below ends the partner thread too
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "counting-proxy-pump");
    t.setDaemon(true);
    t.start();
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
  }
}
