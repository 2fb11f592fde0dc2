package org.remotestore.testing.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.filesystem.FilesystemApiMetadata;

/**
 * A real S3 server for tests: S3Proxy on a free loopback port, in this JVM, with AWS signature
 * v2/v4 authentication and a jclouds blob store behind it.
 *
 * <p>{@link #shared()} is one in-memory ({@code transient}) server per test JVM, started on first
 * use and stopped at JVM exit, so suites share its start-up cost. {@link #startOnDisk(Path)} starts
 * a private server whose objects live in files (for multi-GiB streams that must not sit in the
 * heap).
 *
 * <p>The blob stores are chosen by their API metadata rather than by name, so jclouds does not load
 * every provider on the class path (S3Proxy's Azure provider needs the Azure SDK, which this test
 * class path leaves out).
 */
public final class S3ProxyServer implements AutoCloseable {
  private static S3ProxyServer shared;

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final S3TestEndpoint endpoint;

  private S3ProxyServer(BlobStoreContext context) throws Exception {
    this.context = context;
    String accessKey = "rs-test-access";
    // a fresh secret per server: tests grep logs and messages for it
    String secretKey = "rs-secret-" + UUID.randomUUID();
    BlobStore blobStore = context.getBlobStore();
    this.proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .ignoreUnknownHeaders(true)
            .jettyMaxThreads(64)
            // AWS accepts a single PUT of up to 5 GiB; S3Proxy's default refuses signed bodies
            // above 128 MiB ("Your request was too big"), which a client that uploads a whole
            // object in one PUT (flink-s3-fs-native) reaches
            .v4MaxNonChunkedRequestSize(5L << 30)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    this.endpoint =
        new S3TestEndpoint(
            URI.create("http://127.0.0.1:" + proxy.getPort()), "us-east-1", accessKey, secretKey);
  }

  /** The in-memory server shared by every test of this JVM. */
  public static synchronized S3TestEndpoint shared() {
    if (shared == null) {
      try {
        BlobStoreContext context =
            ContextBuilder.newBuilder(new TransientApiMetadata())
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        shared = new S3ProxyServer(context);
      } catch (Exception e) {
        throw new IllegalStateException("Could not start S3Proxy", e);
      }
      S3ProxyServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3proxy-stop"));
    }
    return shared.endpoint;
  }

  /**
   * Starts a private server keeping objects in memory. Its listings cost the server less per page
   * than the on-disk store's, which reads every file's attributes of a folder for each page.
   */
  public static S3ProxyServer startInMemory() throws Exception {
    return new S3ProxyServer(
        ContextBuilder.newBuilder(new TransientApiMetadata())
            .credentials("identity", "credential")
            .build(BlobStoreContext.class));
  }

  /** Starts a private server storing objects as files below {@code directory}. */
  public static S3ProxyServer startOnDisk(Path directory) throws Exception {
    Files.createDirectories(directory);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder(new FilesystemApiMetadata())
            .credentials("identity", "credential")
            .overrides(properties)
            .build(BlobStoreContext.class);
    return new S3ProxyServer(context);
  }

  /** Where this server listens. */
  public S3TestEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // stopping at exit; nothing to do
    }
    context.close();
  }
}
