package org.remotestore.bench;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.specialized.BlobOutputStream;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * Priority 3: {@code rs://} over the azure backend (from the plugin jar) vs the raw Azure Storage
 * Blob SDK (JDK HTTP client, the same block size and concurrency as the backend's defaults), both
 * against one Azurite (installed by the {@code bench} profile, persisting to disk).
 */
final class AzureBench {
  private final BenchContext ctx;

  AzureBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("azure");
    try (Azurite azurite = Azurite.startOnDisk(work.resolve("azurite"))) {
      Map<String, S3Bench.Ops> contenders = new LinkedHashMap<>();
      Configuration rsConf = new Configuration();
      AzureTestSupport.options(azurite.blobEndpoint(), AzureTestSupport.newContainerName())
          .forEach((k, v) -> rsConf.setString("rs.backends.blob." + k, v));
      rsConf.setString("rs.backends.blob.type", "azure");
      rsConf.setString("rs.stores.azbench.backend", "blob");
      // rs:// from our plugin jar in plugins/rs, loaded by Flink's plugin manager
      contenders.put(
          "rs-azure",
          new S3Bench.FlinkOps(
              PluginFileSystems.load(ctx.rsPlugin(), rsConf, URI.create("rs://azbench/")),
              new Path("rs://azbench/")));
      BlobContainerClient container =
          new BlobServiceClientBuilder()
              .endpoint(azurite.blobEndpoint())
              .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY))
              .httpClient(new JdkHttpClientBuilder().build())
              .buildClient()
              .getBlobContainerClient(AzureTestSupport.newContainerName());
      container.create();
      contenders.put("azure-sdk (raw)", new RawAzureOps(container));
      // 256 MiB: Azurite (one Node.js process, persisting to disk) is the bottleneck above that
      S3Bench.objectStoreSuite(ctx, "azure", contenders, ctx.scaled(256L * Workloads.MIB));
    }
  }

  /**
   * The raw Azure SDK: BlobOutputStream with 8 MiB blocks and 4 concurrent uploads, BlobInputStream
   * with 4 MiB chunks (the backend's {@code read-block-size}), ranged downloads, uploads of small
   * blobs, hierarchical listing.
   */
  static final class RawAzureOps extends S3Bench.Ops {
    private final BlobContainerClient container;

    RawAzureOps(BlobContainerClient container) {
      this.container = container;
    }

    @Override
    double write(String key, long bytes, byte[] block) throws Exception {
      BlobClient blob = container.getBlobClient(key);
      return Interleaved.time(
          () -> {
            try (BlobOutputStream out =
                blob.getBlockBlobClient()
                    .getBlobOutputStream(
                        new ParallelTransferOptions()
                            .setBlockSizeLong(8L << 20)
                            .setMaxConcurrency(4),
                        null,
                        null,
                        null,
                        null)) {
              for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
              }
            }
          });
    }

    @Override
    double read(String key, long bytes) throws Exception {
      BlobClient blob = container.getBlobClient(key);
      byte[] buffer = new byte[Workloads.MIB];
      return Interleaved.time(
          () -> {
            long total = 0;
            try (InputStream in =
                blob.openInputStream(new BlobInputStreamOptions().setBlockSize(4 << 20))) {
              int n;
              while ((n = in.read(buffer)) >= 0) {
                total += n;
              }
            }
            Workloads.check(total == bytes, "raw azure read " + total + " of " + bytes);
          });
    }

    @Override
    double footer(String key, long length, int bytes, int times) throws Exception {
      BlobClient blob = container.getBlobClient(key);
      return Interleaved.time(
          () -> {
            for (int i = 0; i < times; i++) {
              try (InputStream in =
                  blob.openInputStream(
                      new BlobInputStreamOptions()
                          .setRange(new BlobRange(length - bytes, (long) bytes)))) {
                int n = in.readAllBytes().length;
                Workloads.check(n == bytes, "raw azure footer " + n);
              }
            }
          });
    }

    @Override
    double createSmall(String folder, int count, byte[] content) throws Exception {
      return Interleaved.time(
          () -> {
            for (int i = 0; i < count; i++) {
              container
                  .getBlobClient(folder + "/" + Workloads.smallName(i))
                  .upload(BinaryData.fromBytes(content), false);
            }
          });
    }

    @Override
    double listSmall(String folder, int count) throws Exception {
      return Interleaved.time(
          () -> {
            int listed = 0;
            for (BlobItem ignored : container.listBlobsByHierarchy(folder + "/")) {
              listed++;
            }
            Workloads.check(listed == count, "raw azure listed " + listed + " of " + count);
          });
    }

    @Override
    double readSmall(String folder, int count, int size) throws Exception {
      return Interleaved.time(
          () -> {
            for (int i = 0; i < count; i++) {
              int n =
                  container
                      .getBlobClient(folder + "/" + Workloads.smallName(i))
                      .downloadContent()
                      .toBytes()
                      .length;
              Workloads.check(n == size, "raw azure small read " + n);
            }
          });
    }

    @Override
    void delete(String key) {
      container.getBlobClient(key).delete();
    }
  }
}
