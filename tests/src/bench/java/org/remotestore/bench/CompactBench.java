package org.remotestore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.progress.Backlog;
import org.remotestore.medallion.progress.RestBacklog;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.PeriodMode;

/**
 * Issue 17 item 4, small files: the silver lake written by the whole medallion job running live,
 * once with {@code lake.compaction.enabled: false} and once with compaction on ({@code target-size}
 * 64 mb, {@code checkpoints} 10, the defaults). The replay's clock starts at a midnight and the
 * bench advances it by 10 minutes every {@code 600 / bench.compact.speed} seconds (default 3600x)
 * for {@code bench.compact.days} simulated days (default 1) while the continuous job ({@code
 * feed.period: now}) polls and checkpoints every second, as in production where every checkpoint
 * adds a file to each partition it wrote; once the source has read every published row (its {@code
 * rowsEmitted} metric stands still), the job is stopped with a drained savepoint (which merges and
 * commits every pending file). The {@link BenchStations 20 stations}, lake on {@code rs://} local.
 * Reported: the committed files per silver partition (station and day: mean and max) and the time
 * of a Flink SQL query over each lake (the {@code silver} table of {@code
 * medallion-job/sql/tables.sql}, filesystem connector, Parquet scan with a filter and a {@code
 * GROUP BY}, the query of the {@code s3-sql} group), a warm-up round and then {@code bench.rounds}
 * rounds with the two lakes in rotating order, in the same JVM. Both lakes must hold the same
 * number of silver values and the query must return the same rows on both.
 */
final class CompactBench {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final long STILL_MILLIS = 20_000;
  private static final Duration CHECKPOINTS = Duration.ofSeconds(1);

  private final BenchContext ctx;

  CompactBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    BenchStations stations = BenchStations.load(ctx);
    if (!stations.note().isEmpty()) {
      ctx.report().note(stations.note());
    }
    int days =
        Math.max(1, (int) Math.round(Integer.getInteger("bench.compact.days", 1) * ctx.scale()));
    double speed = Double.parseDouble(System.getProperty("bench.compact.speed", "3600"));
    Path work = ctx.workDir("compact");
    try {
      List<Lake> lakes = new ArrayList<>();
      long[] values = {-1};
      for (boolean compaction : new boolean[] {true, false}) {
        String name = compaction ? "compaction on" : "compaction off";
        Path root = work.resolve(compaction ? "on" : "off");
        Files.createDirectories(root);
        JobBench.Contender contender = JobBench.Contender.rsLocalLake(ctx, root);
        double seconds = writeLive(contender, stations, days, speed, compaction, work);
        long committed = MedallionBench.silverValues(root.resolve("silver"));
        Workloads.check(committed > 0, name + ": no silver value committed");
        Workloads.check(
            values[0] < 0 || values[0] == committed,
            name + ": " + committed + " silver values, the other lake " + values[0]);
        values[0] = committed;
        Spread spread = Spread.of(root.resolve("silver"));
        System.out.printf(
            "  compact  live write, %-15s %.1f s, %d values, %s%n",
            name, seconds, committed, spread.describe());
        lakes.add(new Lake(name, contender, root, spread));
      }
      String stretch =
          String.format(
              Locale.ROOT,
              "%d stations live for %d simulated day(s) at %.0fx (plus the first poll's 12 h"
                  + " backlog), poll and checkpoint every %d s, %d silver values",
              stations.codes().size(),
              days,
              speed,
              CHECKPOINTS.toSeconds(),
              values[0]);

      String tables = Files.readString(S3SqlBench.tablesSql(), StandardCharsets.UTF_8);
      Interleaved query =
          new Interleaved(
              "compact",
              "Flink SQL over the silver lake the job wrote ("
                  + stretch
                  + "): Parquet scan, filter + GROUP BY",
              values[0],
              "values");
      String[] expected = {null};
      for (Lake lake : lakes) {
        query.add(
            lake.name,
            lake.spread.describe(),
            warm -> {
              List<String> got = new ArrayList<>();
              double seconds =
                  Interleaved.time(() -> got.addAll(S3SqlBench.query(lake.contender, tables)));
              Workloads.check(!got.isEmpty(), lake.name + ": the query returned no rows");
              String result = String.join("\n", got);
              if (expected[0] == null) {
                expected[0] = result;
              }
              Workloads.check(
                  expected[0].equals(result), lake.name + ": different rows than the other lake");
              return seconds;
            });
      }
      query.runInto(ctx, 1, ctx.rounds());
    } finally {
      FileSystem.initialize(new Configuration(), null);
      BenchContext.deleteTree(work);
    }
  }

  /**
   * Runs the continuous job against a fresh replay whose clock the bench advances, then stops it
   * with a drained savepoint; returns the seconds from submission to the job's end.
   */
  private static double writeLive(
      JobBench.Contender lake,
      BenchStations stations,
      int days,
      double speed,
      boolean compaction,
      Path work)
      throws Exception {
    Instant midnight = Instant.parse("2026-07-01T00:00:00Z");
    Instant stop = midnight.plus(days, ChronoUnit.DAYS).plus(Duration.ofHours(1));
    long tickNanos = Math.round(TEN_MINUTES.toSeconds() / speed * 1e9);
    try (MeteoSwissReplayServer replay =
        stations.replay().start(midnight).speed(0).incompleteNewestRow(false).build().start()) {
      lake.install();
      MedallionConfig cfg =
          MedallionConfig.builder()
              .stations(stations.codes())
              .feedBaseUrl(replay.dataRoot().toString())
              .period(PeriodMode.NOW)
              .pollInterval(CHECKPOINTS)
              .checkpointInterval(CHECKPOINTS)
              .lakePath(lake.base())
              .parallelism(JobBench.PARALLELISM)
              .compaction(compaction, MemorySize.parse("64 mb"), 10)
              .build();
      Configuration conf = new Configuration(lake.conf());
      conf.addAll(cfg.flinkConfiguration());
      conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      StreamExecutionEnvironment env = RsMiniCluster.environment(conf, JobBench.PARALLELISM);
      MedallionPipeline.build(env, cfg);
      long start = System.nanoTime();
      JobClient job = env.executeAsync("bench-compact-" + compaction);
      try {
        Thread.sleep(3_000); // the first poll: the now file's backlog
        long next = System.nanoTime();
        while (replay.clock().now().isBefore(stop)) {
          Workloads.check(
              !job.getJobStatus().get().isGloballyTerminalState(), "compact: the job ended");
          replay.clock().advance(TEN_MINUTES);
          next += tickNanos;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
        awaitCaughtUp(job);
        job.stopWithSavepoint(
                true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
            .get(5, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
      } finally {
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
          job.cancel().get(1, TimeUnit.MINUTES);
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /**
   * Waits until the source's {@code rowsEmitted} (Flink's REST API, which refreshes metrics every
   * 10 s) has stood still for {@value #STILL_MILLIS} ms with the clock stopped: the job has read
   * every published row (under load it falls behind the replay's clock).
   */
  private static void awaitCaughtUp(JobClient job) throws Exception {
    RestBacklog backlog =
        new RestBacklog(RsMiniCluster.get().getRestAddress().get(), job.getJobID());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    long last = -1;
    long stillSince = System.nanoTime();
    while (true) {
      Workloads.check(System.nanoTime() < deadline, "compact: the job did not catch up");
      long rows = backlog.read().map(Backlog::rows).orElse(-1L);
      if (rows != last) {
        last = rows;
        stillSince = System.nanoTime();
      } else if (rows > 0 && System.nanoTime() - stillSince > STILL_MILLIS * 1_000_000) {
        return;
      }
      Thread.sleep(1_000);
    }
  }

  /** A written lake: its name, its file system, its folder and its silver files. */
  private record Lake(String name, JobBench.Contender contender, Path root, Spread spread) {}

  /** Committed Parquet files per silver partition (a folder holding them). */
  private record Spread(int partitions, int files, int max, long bytes) {
    static Spread of(Path silver) throws IOException {
      Map<Path, Integer> perPartition = new TreeMap<>();
      long bytes = 0;
      for (Path file : MedallionBench.committedParquet(silver)) {
        perPartition.merge(file.getParent(), 1, Integer::sum);
        bytes += Files.size(file);
      }
      Workloads.check(!perPartition.isEmpty(), "no committed Parquet file in " + silver);
      int files = perPartition.values().stream().mapToInt(Integer::intValue).sum();
      int max = perPartition.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      return new Spread(perPartition.size(), files, max, bytes);
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%d partitions, %d files, %.2f files per partition (max %d), %.1f KiB per file",
          partitions,
          files,
          files / (double) partitions,
          max,
          bytes / 1024.0 / files);
    }
  }
}
