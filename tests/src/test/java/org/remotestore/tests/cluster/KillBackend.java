package org.remotestore.tests.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import org.remotestore.testing.sftp.SftpTestServer;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * One writable backend of {@link TaskManagerKillIT}: the flat {@code rs.} keys that define the
 * store {@code lake} on it, for the cluster's {@code config.yaml} and for the test's own registry,
 * and the servers it needs (started on loopback in the test JVM, stopped by {@link #close()}).
 *
 * @param name the backend type as the table shows it
 * @param rsKeys the flat keys defining store {@value #STORE}
 * @param server what to stop at the end, or {@code null}
 */
record KillBackend(String name, Map<String, String> rsKeys, AutoCloseable server)
    implements AutoCloseable {

  /** The store holding the lake and the checkpoints on every backend. */
  static final String STORE = "lake";

  /** Starts what backend {@code name} needs ({@code work} for files) and returns its keys. */
  static KillBackend start(String name, Path work) throws Exception {
    String backend = "kill-" + name;
    Map<String, String> options = new LinkedHashMap<>();
    AutoCloseable server = null;
    switch (name.toLowerCase(Locale.ROOT)) {
      case "local" -> {
        options.put("type", "local");
        options.put("root", Files.createDirectories(work.resolve("lake")).toString());
      }
      case "s3" -> {
        // S3Proxy in this JVM; the TaskManagers reach it over loopback
        S3TestEndpoint s3 = S3ProxyServer.shared();
        options.put("type", "s3");
        options.putAll(s3.backendOptions(s3.createBucket("kill")));
      }
      case "azure" -> {
        options.put("type", "azure");
        options.putAll(AzureTestSupport.options());
      }
      case "sftp" -> {
        SftpTestServer sftp = SftpTestServer.start(Files.createDirectories(work.resolve("sftp")));
        server = sftp;
        options.put("type", "sftp");
        options.putAll(sftp.options());
      }
      case "postgres" -> {
        PostgresTestServer pg = PostgresTestServer.shared();
        options.put("type", "sql-blob");
        options.putAll(pg.options(pg.newDatabase("kill"), Map.of()));
      }
      default ->
          throw new IllegalArgumentException(
              "Unknown backend '" + name + "' (local, s3, azure, sftp, postgres)");
    }
    Map<String, String> keys = new LinkedHashMap<>();
    options.forEach((k, v) -> keys.put("rs.backends." + backend + "." + k, v));
    keys.put("rs.stores." + STORE + ".backend", backend);
    return new KillBackend(name, Map.copyOf(keys), server);
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  public String toString() {
    return name; // the keys hold secrets
  }
}
