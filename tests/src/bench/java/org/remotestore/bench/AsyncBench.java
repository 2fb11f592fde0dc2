package org.remotestore.bench;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.azure.AzureBlobBackendFactory;
import org.remotestore.ext.async.AsyncStore;
import org.remotestore.s3.S3Backend;
import org.remotestore.spi.Backend;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 16, item 8: does a native asynchronous client beat the {@code AsyncStore} bridge (a bounded
 * pool of threads over the synchronous store)? Small objects written and read, and one large object
 * read, on S3Proxy (the bridge over rs s3 vs {@code S3AsyncClient} on Netty with the same number of
 * requests in flight vs the synchronous SDK one after the other) and on Azurite (the bridge over rs
 * azure vs {@code BlobAsyncClient}). The async clients are in the {@code bench} profile only;
 * nothing here is in the plugin jar.
 */
final class AsyncBench {
  private static final int IN_FLIGHT = 8;
  private static final int SMALL = 4096;

  private final BenchContext ctx;
  private final int count;
  private final long big;
  private final byte[] small = Workloads.bytes(SMALL, 8);

  AsyncBench(BenchContext ctx) {
    this.ctx = ctx;
    this.count = ctx.scaledCount(Integer.getInteger("bench.async.small", 500));
    this.big = ctx.scaled(Long.getLong("bench.async.big.mib", 256) * Workloads.MIB);
  }

  void run() throws Exception {
    String where = System.getProperty("bench.async.where", "s3,azure");
    nettySize();
    if (where.contains("s3")) {
      s3();
    }
    if (where.contains("azure")) {
      azure();
    }
  }

  /** What S3AsyncClient would add to the plugin jar: netty-nio-client and the Netty jars. */
  private void nettySize() throws Exception {
    long bytes = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      String name = jar.getFileName().toString();
      boolean netty =
          name.startsWith("netty-nio-client-")
              || (name.startsWith("netty-") && entry.contains("/io/netty/"));
      if (netty && name.endsWith(".jar") && Files.isRegularFile(jar)) {
        System.out.printf("  async    netty jar %s %d bytes%n", name, Files.size(jar));
        bytes += Files.size(jar);
      }
    }
    ctx.report().jarSize("netty-nio-client + Netty jars (what S3AsyncClient would add)", bytes);
  }

  private void s3() throws Exception {
    Path work = ctx.workDir("async");
    try (S3ProxyServer proxy = S3ProxyServer.startOnDisk(work.resolve("s3proxy"))) {
      S3TestEndpoint server = proxy.endpoint();
      String rawBucket = server.createBucket("raw");
      try (S3Backend backend =
              server.newBackend(
                  "async", server.createBucket("rs"), Map.of("multipart-threshold", "1gb"));
          S3Client sync = server.newClient();
          S3AsyncClient async = asyncClient(server)) {
        Store store = new DefaultStore(backend, "bench");
        Contender bridge = bridge(store, "over rs s3 (sync SDK, Apache HTTP client)");
        Contender nativeAsync =
            new Contender() {
              @Override
              CompletableFuture<?> write(String key) {
                return async.putObject(
                    b -> b.bucket(rawBucket).key(key), AsyncRequestBody.fromBytes(small));
              }

              @Override
              CompletableFuture<?> read(String key) {
                return async
                    .getObject(
                        b -> b.bucket(rawBucket).key(key), AsyncResponseTransformer.toBytes())
                    .thenAccept(r -> checkSmall(r.asByteArray().length));
              }

              @Override
              void readBig(String key) {
                AtomicLong total = new AtomicLong();
                async
                    .getObject(
                        b -> b.bucket(rawBucket).key(key), AsyncResponseTransformer.toPublisher())
                    .thenCompose(body -> body.subscribe(buf -> total.addAndGet(buf.remaining())))
                    .join();
                checkBig(total.get());
              }
            };
        Contender sequential =
            new Contender() {
              @Override
              void writeAll(List<String> keys) {
                for (String key : keys) {
                  sync.putObject(b -> b.bucket(rawBucket).key(key), RequestBody.fromBytes(small));
                }
              }

              @Override
              void readAll(List<String> keys) {
                for (String key : keys) {
                  checkSmall(
                      sync.getObjectAsBytes(b -> b.bucket(rawBucket).key(key))
                          .asByteArray()
                          .length);
                }
              }

              @Override
              void readBig(String key) throws Exception {
                try (InputStream in = sync.getObject(b -> b.bucket(rawBucket).key(key))) {
                  checkBig(drain(in));
                }
              }
            };
        byte[] data = bigData();
        store.write("big.bin", data, true);
        sync.putObject(b -> b.bucket(rawBucket).key("big.bin"), RequestBody.fromBytes(data));
        suite(
            "s3",
            new Entry("AsyncStore bridge, 8 threads", bridge, bridge.note),
            new Entry(
                "S3AsyncClient, 8 in flight",
                nativeAsync,
                "AWS SDK 2 on netty-nio-client, a semaphore of 8"),
            new Entry(
                "S3Client, sequential",
                sequential,
                "the raw sync SDK (Apache 5 HTTP client), one request after the other"));
      }
    }
  }

  private void azure() throws Exception {
    Path work = ctx.workDir("async-azure");
    try (Azurite azurite = Azurite.startOnDisk(work.resolve("azurite"));
        Backend backend =
            new AzureBlobBackendFactory()
                .create(
                    AzureTestSupport.config(
                        "asyncaz",
                        AzureTestSupport.options(
                            azurite.blobEndpoint(), AzureTestSupport.newContainerName())))) {
      Store store = new DefaultStore(backend, "bench");
      BlobContainerAsyncClient container =
          new BlobServiceClientBuilder()
              .endpoint(azurite.blobEndpoint())
              .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY))
              .httpClient(new JdkHttpClientBuilder().build())
              .buildAsyncClient()
              .getBlobContainerAsyncClient(AzureTestSupport.newContainerName());
      container.create().block();
      Contender bridge =
          bridge(store, "over rs azure (its Blob REST client on Apache HttpClient 5)");
      Contender nativeAsync =
          new Contender() {
            @Override
            CompletableFuture<?> write(String key) {
              return container
                  .getBlobAsyncClient(key)
                  .upload(BinaryData.fromBytes(small), true)
                  .toFuture();
            }

            @Override
            CompletableFuture<?> read(String key) {
              return container
                  .getBlobAsyncClient(key)
                  .downloadContent()
                  .toFuture()
                  .thenAccept(d -> checkSmall(d.toBytes().length));
            }

            @Override
            void readBig(String key) {
              long total =
                  container
                      .getBlobAsyncClient(key)
                      .downloadStream()
                      .reduce(0L, (sum, buf) -> sum + buf.remaining())
                      .block();
              checkBig(total);
            }
          };
      BlobContainerClient syncContainer =
          new BlobServiceClientBuilder()
              .endpoint(azurite.blobEndpoint())
              .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY))
              .httpClient(new JdkHttpClientBuilder().build())
              .buildClient()
              .getBlobContainerClient(container.getBlobContainerName());
      Contender sequential =
          new Contender() {
            @Override
            void writeAll(List<String> keys) {
              for (String key : keys) {
                syncContainer.getBlobClient(key).upload(BinaryData.fromBytes(small), true);
              }
            }

            @Override
            void readAll(List<String> keys) {
              for (String key : keys) {
                checkSmall(syncContainer.getBlobClient(key).downloadContent().toBytes().length);
              }
            }

            @Override
            void readBig(String key) {
              CountingSink sink = new CountingSink();
              syncContainer.getBlobClient(key).downloadStream(sink);
              checkBig(sink.count);
            }
          };
      byte[] data = bigData();
      store.write("big.bin", data, true);
      container.getBlobAsyncClient("big.bin").upload(BinaryData.fromBytes(data), true).block();
      suite(
          "azure",
          new Entry("AsyncStore bridge, 8 threads", bridge, bridge.note),
          new Entry(
              "BlobAsyncClient, 8 in flight",
              nativeAsync,
              "Azure Storage Blob SDK async API (Reactor) on the JDK HTTP client, a semaphore of 8"),
          new Entry(
              "BlobClient, sequential",
              sequential,
              "the raw sync SDK (JDK HTTP client), one request after the other; the large"
                  + " object in one streamed GET"));
    }
  }

  private byte[] bigData() {
    byte[] data = new byte[(int) big];
    new Random(8).nextBytes(data);
    return data;
  }

  /** Small writes, small reads (of the objects just written) and the large read, interleaved. */
  private void suite(String where, Entry... entries) throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(String.format("small/%05d.bin", i));
    }
    Interleaved write =
        new Interleaved("async", where + ": " + count + " x 4 KiB write", count, "objects");
    Interleaved read =
        new Interleaved("async", where + ": " + count + " x 4 KiB read", count, "objects");
    Interleaved readBig =
        new Interleaved(
            "async", where + ": " + ctx.sizeLabel(big) + " read", big / Workloads.MIB, "MiB");
    for (Entry e : entries) {
      write.add(e.name, e.note, warm -> Interleaved.time(() -> e.contender.writeAll(keys)));
      read.add(e.name, e.note, warm -> Interleaved.time(() -> e.contender.readAll(keys)));
      readBig.add(e.name, e.note, warm -> Interleaved.time(() -> e.contender.readBig("big.bin")));
    }
    write.runInto(ctx, 1, ctx.rounds());
    read.runInto(ctx, 1, ctx.rounds());
    readBig.runInto(ctx, 1, ctx.rounds());
  }

  /** The AsyncStore bridge over {@code store}: every call queued at once, 8 running. */
  private Contender bridge(Store store, String over) {
    Contender bridge =
        new Contender() {
          @Override
          void writeAll(List<String> keys) {
            try (AsyncStore async = AsyncStore.over(store, IN_FLIGHT, keys.size())) {
              List<CompletableFuture<?>> calls = new ArrayList<>();
              for (String key : keys) {
                calls.add(async.write(key, small, true));
              }
              joinAll(calls);
            }
          }

          @Override
          void readAll(List<String> keys) {
            try (AsyncStore async = AsyncStore.over(store, IN_FLIGHT, keys.size())) {
              List<CompletableFuture<?>> calls = new ArrayList<>();
              for (String key : keys) {
                calls.add(async.readBytes(key).thenAccept(b -> checkSmall(b.length)));
              }
              joinAll(calls);
            }
          }

          @Override
          void readBig(String key) {
            try (AsyncStore async = AsyncStore.over(store, IN_FLIGHT)) {
              long total =
                  async
                      .<Long>submit(
                          call -> {
                            try (InputStream in = store.read(key)) {
                              return drain(in);
                            }
                          })
                      .join();
              checkBig(total);
            }
          }
        };
    bridge.note = "CompletableFutures from the bounded pool " + over;
    return bridge;
  }

  private void checkSmall(int n) {
    Workloads.check(n == SMALL, "small object of " + n + " bytes");
  }

  private void checkBig(long n) {
    Workloads.check(n == big, "large read of " + n + " of " + big + " bytes");
  }

  private static long drain(InputStream in) throws java.io.IOException {
    byte[] buffer = new byte[Workloads.MIB];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }

  private static void joinAll(List<CompletableFuture<?>> calls) {
    CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).join();
  }

  private static S3AsyncClient asyncClient(S3TestEndpoint server) {
    return S3AsyncClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.of(server.region()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(2 * IN_FLIGHT))
        .build();
  }

  /**
   * One way of doing the work. A native async client gives {@link #write} and {@link #read} (kept
   * at {@value #IN_FLIGHT} in flight by a semaphore); a blocking one overrides the loops.
   */
  private abstract static class Contender {
    String note = "";

    CompletableFuture<?> write(String key) {
      throw new UnsupportedOperationException();
    }

    CompletableFuture<?> read(String key) {
      throw new UnsupportedOperationException();
    }

    void writeAll(List<String> keys) throws Exception {
      inFlight(keys, true);
    }

    void readAll(List<String> keys) throws Exception {
      inFlight(keys, false);
    }

    abstract void readBig(String key) throws Exception;

    private void inFlight(List<String> keys, boolean writing) throws InterruptedException {
      Semaphore permits = new Semaphore(IN_FLIGHT);
      List<CompletableFuture<?>> calls = new ArrayList<>();
      for (String key : keys) {
        permits.acquire();
        CompletableFuture<?> call = writing ? write(key) : read(key);
        calls.add(call.whenComplete((r, e) -> permits.release()));
      }
      joinAll(calls);
    }
  }

  /** An output stream that only counts. */
  private static final class CountingSink extends java.io.OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  private record Entry(String name, Contender contender, String note) {}
}
