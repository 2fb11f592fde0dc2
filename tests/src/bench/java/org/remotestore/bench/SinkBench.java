package org.remotestore.bench;

import java.nio.file.Files;
import org.apache.flink.configuration.Configuration;

/**
 * Priority 5: rows per second of the silver Parquet FileSink job ({@code SilverRecord.sink}) on
 * {@code rs://} over the local backend (plugin jar, default {@code fsync: true}) vs Flink's {@code
 * file://}, in the same run on the shared MiniCluster.
 */
final class SinkBench {
  private final BenchContext ctx;

  SinkBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("sink");
    Files.createDirectories(work.resolve("file"));
    JobBench.Contender rs = JobBench.Contender.rsLocalLake(ctx, work.resolve("rs"));
    JobBench.Contender file = JobBench.Contender.flinkFile(work.resolve("file"));
    long rows = Math.max(2000, Math.round(500_000 * ctx.scaled(1L << 30) / (double) (1L << 30)));
    Interleaved sink =
        new Interleaved(
            "sink",
            "silver Parquet FileSink, " + rows + " rows, checkpoint every 1 s, parallelism 2",
            rows,
            "rows");
    for (JobBench.Contender c : new JobBench.Contender[] {rs, file}) {
      int[] run = {0};
      sink.add(
          c.name(),
          warm ->
              JobBench.silverSinkRun(
                  c, "silver-" + run[0]++, warm ? Math.max(2000, rows / 10) : rows));
    }
    sink.runInto(ctx, 1, ctx.rounds());
    org.apache.flink.core.fs.FileSystem.initialize(new Configuration(), null);
  }
}
