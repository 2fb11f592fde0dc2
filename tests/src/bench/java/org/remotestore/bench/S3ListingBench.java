package org.remotestore.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How listing cost grows with a folder's size on S3: folders of 1 000, 10 000 and 100 000 objects
 * (default; {@code -Dbench.s3.list.counts=1000,10000}) in one bucket of one in-memory S3Proxy on
 * loopback, each listed whole with {@code listStatus} by {@code rs://} and Flink's three S3
 * plugins, and with a paginated {@code ListObjectsV2} by the raw SDK. Every contender lists the
 * same objects; the report gives objects per second, so a flat cost per object shows as an
 * unchanged rate across the three sizes.
 */
final class S3ListingBench {
  private static final int UPLOAD_THREADS = 8;

  private final BenchContext ctx;

  S3ListingBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    int[] counts =
        Arrays.stream(System.getProperty("bench.s3.list.counts", "1000,10000,100000").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .map(ctx::scaledCount)
            .toArray();
    // in memory: S3Proxy's on-disk store reads the attributes of every file of the folder for
    // each page of 1 000 keys, so its listing time grows with the square of the folder's size
    try (S3ProxyServer proxy = S3ProxyServer.startInMemory()) {
      S3TestEndpoint server = proxy.endpoint();
      String bucket = server.createBucket("listing");
      try (S3Client s3 = server.newClient()) {
        for (int count : counts) {
          long start = System.nanoTime();
          populate(s3, bucket, folder(count), count);
          System.out.printf(
              "  s3-list  %d objects uploaded in %.1f s%n",
              count, (System.nanoTime() - start) / 1e9);
        }
      }

      Map<String, S3Bench.Ops> contenders = new LinkedHashMap<>();
      Configuration rsConf = new Configuration();
      server.flatKeys("s3list", bucket).forEach(rsConf::setString);
      rsConf.setString("rs.stores.s3list.backend", "s3list");
      contenders.put(
          "rs-s3",
          new S3Bench.FlinkOps(
              PluginFileSystems.load(ctx.rsPlugin(), rsConf, URI.create("rs://s3list/")),
              new Path("rs://s3list/")));
      S3Bench.addRsComparisons(ctx, server, contenders, name -> bucket);
      for (String peer : S3Bench.PEERS) {
        contenders.put(
            "flink-" + peer.replace("s3-", "s3-fs-"),
            new S3Bench.FlinkOps(
                PluginFileSystems.load(
                    ctx.plugin(peer),
                    S3Bench.peerConfig(server),
                    URI.create("s3://" + bucket + "/")),
                new Path("s3://" + bucket + "/")));
      }
      contenders.put("aws-sdk-v2 (raw)", new S3Bench.RawOps(server.newClient(), bucket));

      for (int count : counts) {
        Interleaved list =
            new Interleaved("s3-list", count + " objects listed (one folder)", count, "objects");
        contenders.forEach(
            (name, ops) -> list.add(name, warm -> ops.listSmall(folder(count), count)));
        list.runInto(ctx, 1, ctx.rounds());
      }
    }
  }

  private static String folder(int count) {
    return "list-" + count;
  }

  /** Puts {@code count} objects of 16 bytes below {@code folder}, from a few threads. */
  private static void populate(S3Client s3, String bucket, String folder, int count)
      throws Exception {
    byte[] content = "sixteen bytes...".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ExecutorService pool = Executors.newFixedThreadPool(UPLOAD_THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      int slice = (count + UPLOAD_THREADS - 1) / UPLOAD_THREADS;
      for (int t = 0; t < UPLOAD_THREADS; t++) {
        int from = t * slice;
        int to = Math.min(count, from + slice);
        done.add(
            pool.submit(
                () -> {
                  for (int i = from; i < to; i++) {
                    String key = folder + "/" + Workloads.smallName(i);
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
