package org.remotestore.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.remotestore.DefaultStore;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.ext.async.AsyncStore;
import org.remotestore.ext.glob.Glob;
import org.remotestore.ext.integrity.Checksum;
import org.remotestore.ext.integrity.ChecksumAlgorithm;
import org.remotestore.ext.integrity.Integrity;
import org.remotestore.s3.S3Backend;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * Issue 16, items 6-8, on one S3Proxy on loopback (objects on disk): an MD5 verify answered from
 * the object's ETag vs the same checksum streamed and hashed; small objects read through the {@code
 * AsyncStore} bridge (8 threads) vs one after the other on the plain store; a glob with a literal
 * prefix vs listing the whole bucket and filtering.
 */
final class ExtBench {
  private static final int THREADS = 8;
  private final BenchContext ctx;

  ExtBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    Path work = ctx.workDir("ext");
    try (S3ProxyServer proxy = S3ProxyServer.startOnDisk(work.resolve("s3proxy"))) {
      S3TestEndpoint server = proxy.endpoint();
      // one PUT per object up to 1 GiB, so that the ETag of the large object is its MD5
      try (S3Backend backend =
          server.newBackend(
              "ext", server.createBucket("ext"), Map.of("multipart-threshold", "1gb"))) {
        Store store = new DefaultStore(backend, "bench");
        verify(store);
        async(store);
        glob(store);
      }
    }
  }

  private void verify(Store store) throws Exception {
    long size = ctx.scaled(128L << 20);
    byte[] data = new byte[(int) size];
    new Random(16).nextBytes(data);
    store.write("big.bin", data, true);
    Checksum md5 = Integrity.checksum(store, "big.bin", ChecksumAlgorithm.MD5);
    new Interleaved("ext", "verify md5 of " + ctx.sizeLabel(size), size / Workloads.MIB, "MiB")
        .add(
            "rs verify (metadata)",
            "Integrity.verify: the ETag is the MD5, one HEAD",
            warmUp ->
                Interleaved.time(
                    () -> {
                      if (!Integrity.verify(store, "big.bin", md5).fromMetadata()) {
                        throw new IllegalStateException("verify downloaded the object");
                      }
                    }))
        .add(
            "rs checksum (streamed)",
            "Integrity.checksum: GET and hash in 1 MiB chunks",
            warmUp ->
                Interleaved.time(
                    () -> {
                      if (!Integrity.checksum(store, "big.bin", ChecksumAlgorithm.MD5)
                          .equals(md5)) {
                        throw new IllegalStateException("checksum differs");
                      }
                    }))
        .runInto(ctx, 1, ctx.rounds());
    store.delete("big.bin");
  }

  private void async(Store store) throws Exception {
    int count = ctx.scaledCount(500);
    byte[] small = new byte[4096];
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = String.format("small/%05d.bin", i);
      store.write(path, small, true);
      paths.add(path);
    }
    new Interleaved("ext", count + " small objects read", count, "objects")
        .add(
            "AsyncStore, " + THREADS + " threads",
            "CompletableFutures on the bounded bridge over the sync S3 client",
            warmUp ->
                Interleaved.time(
                    () -> {
                      try (AsyncStore async = AsyncStore.over(store, THREADS, count)) {
                        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
                        for (String p : paths) {
                          reads.add(async.readBytes(p));
                        }
                        CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0])).join();
                      }
                    }))
        .add(
            "Store, sequential",
            "one readBytes after the other",
            warmUp ->
                Interleaved.time(
                    () -> {
                      for (String p : paths) {
                        store.readBytes(p);
                      }
                    }))
        .runInto(ctx, 1, ctx.rounds());
  }

  private void glob(Store store) throws Exception {
    int months = 12;
    int perMonth = Math.max(1, ctx.scaledCount(1200) / months);
    for (int m = 1; m <= months; m++) {
      for (int i = 0; i < perMonth; i++) {
        store.write(String.format("data/2026/%02d/%04d.csv", m, i), new byte[1], true);
      }
    }
    String pattern = "data/2026/0[1-3]/*.csv";
    int expected = 3 * perMonth;
    Glob glob = Glob.compile(pattern);
    new Interleaved(
            "ext",
            "glob " + pattern + " over " + months * perMonth + " objects",
            expected,
            "matches")
        .add(
            "Store.glob",
            "literal prefix data/2026, one flat listing below it",
            warmUp -> Interleaved.time(() -> check(store.glob(pattern).size(), expected)))
        .add(
            "list all + filter",
            "listFiles(\"\", recursive) of the store, then Glob.matches",
            warmUp ->
                Interleaved.time(
                    () -> {
                      int n = 0;
                      for (FileInfo f : store.listFiles("", true)) {
                        n += glob.matches(f.path()) ? 1 : 0;
                      }
                      check(n, expected);
                    }))
        .runInto(ctx, 1, ctx.rounds());
  }

  private static void check(int actual, int expected) {
    if (actual != expected) {
      throw new IllegalStateException("expected " + expected + " matches, got " + actual);
    }
  }
}
