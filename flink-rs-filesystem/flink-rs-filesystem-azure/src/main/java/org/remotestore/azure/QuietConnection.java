package org.remotestore.azure;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.impl.io.SocketHolder;

/**
 * A pooled HTTP connection that never writes request lines, headers or bytes to HttpClient's header
 * and wire debug logs, whatever their level: request lines carry SAS signatures and {@code
 * x-ms-copy-source} headers carry source URLs with a SAS. AzureSecretsNeverLeakTest checks it with
 * every log at TRACE.
 */
final class QuietConnection extends DefaultManagedHttpClientConnection {
  QuietConnection(String id) {
    super(id);
  }

  @Override
  public void bind(Socket socket) throws IOException {
    bind(new SocketHolder(socket));
  }

  @Override
  public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
    bind(new SocketHolder(sslSocket, socket));
  }

  @Override
  protected void onRequestSubmitted(ClassicHttpRequest request) {
    // not logged: the request line and headers may carry secrets
  }

  @Override
  protected void onResponseReceived(ClassicHttpResponse response) {
    // not logged, as requests
  }
}
