package org.remotestore.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * Priority 2, whole jobs on S3: a checkpointed FileSink run (for each file system that offers a
 * RecoverableWriter) and the duration of one checkpoint of a job with a few hundred MiB of heap
 * state, with {@code rs://} on the s3 backend and each of Flink's S3 plugins as the file system,
 * against one S3Proxy on loopback.
 */
final class S3JobsBench {
  private final BenchContext ctx;

  S3JobsBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("s3-jobs");
    try (S3ProxyServer proxy = S3ProxyServer.startOnDisk(work.resolve("s3proxy"))) {
      S3TestEndpoint server = proxy.endpoint();
      List<JobBench.Contender> all =
          contenders(ctx, server, server.createBucket("rs"), server::createBucket);

      long rows = Math.max(1000, Math.round(1_000_000 * scale()));
      Interleaved sink =
          new Interleaved(
              "s3-jobs",
              "FileSink "
                  + rows
                  + " rows ("
                  + (rows * 89 >> 20)
                  + " MiB), checkpoint every 1 s, parallelism 2",
              rows,
              "rows");
      for (JobBench.Contender c : all) {
        String unsupported = recoverableWriterMissing(c);
        if (unsupported != null) {
          ctx.report()
              .note(
                  c.name()
                      + " has no FileSink benchmark: no RecoverableWriter ("
                      + unsupported
                      + ").");
          continue;
        }
        int[] run = {0};
        sink.add(
            c.name(),
            warm ->
                JobBench.fileSinkRun(
                    c, "sink-" + run[0]++, warm ? Math.max(1000, rows / 10) : rows));
      }
      sink.runInto(ctx, 1, ctx.rounds());

      int keys = (int) Math.max(1000, Math.round(300_000 * scale()));
      int valueBytes = 1024;
      Interleaved checkpoint =
          new Interleaved(
              "s3-jobs",
              "checkpoint of ~" + (keys * (long) valueBytes >> 20) + " MiB heap state",
              (keys * (long) valueBytes) >> 20,
              "MiB");
      for (JobBench.Contender c : all) {
        int[] run = {0};
        checkpoint.add(
            c.name(),
            warm ->
                JobBench.checkpointDuration(
                    c,
                    "checkpoints-" + run[0]++,
                    warm ? Math.max(1000, keys / 10) : keys,
                    valueBytes));
      }
      checkpoint.runInto(ctx, 1, ctx.rounds());
      FileSystem.initialize(new Configuration(), null);
    }
  }

  private double scale() {
    return ctx.scaled(1L << 30) / (double) (1L << 30);
  }

  /** Null when {@code c}'s file system has a RecoverableWriter, else why not. */
  private static String recoverableWriterMissing(JobBench.Contender c) {
    try {
      c.install();
      FileSystem fs = FileSystem.get(URI.create(c.base()));
      fs.createRecoverableWriter();
      return null;
    } catch (Exception | LinkageError e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /**
   * {@code rs://s3bench/} on {@code rsBucket} (from our plugin jar) and each of Flink's S3 plugins
   * on the bucket {@code peerBucket} gives it, every one with its own plugin manager.
   */
  static List<JobBench.Contender> contenders(
      BenchContext ctx,
      S3TestEndpoint server,
      String rsBucket,
      java.util.function.Function<String, String> peerBucket) {
    List<JobBench.Contender> all = new ArrayList<>();
    Configuration rsConf = new Configuration();
    server.flatKeys("s3b", rsBucket).forEach(rsConf::setString);
    rsConf.setString("rs.stores.s3bench.backend", "s3b");
    all.add(
        new JobBench.Contender(
            "rs-s3",
            rsConf,
            PluginFileSystems.managerFor(ctx.rsPlugin(), rsConf),
            "rs://s3bench/"));
    for (String peer : S3Bench.PEERS) {
      Configuration conf = S3Bench.peerConfig(server);
      all.add(
          new JobBench.Contender(
              "flink-" + peer.replace("s3-", "s3-fs-"),
              conf,
              PluginFileSystems.managerFor(ctx.plugin(peer), conf),
              "s3://" + peerBucket.apply(peer) + "/"));
    }
    return all;
  }
}
