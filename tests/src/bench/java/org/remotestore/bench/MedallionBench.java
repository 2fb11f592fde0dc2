package org.remotestore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.demo.CommittedParquet;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.PeriodMode;

/**
 * Priority 6, the whole job: the medallion job ({@link MedallionPipeline}: bronze, silver, gold)
 * against the MeteoSwiss replay for {@link BenchStations 20 stations} of 10-minute data, on the
 * shared MiniCluster with parallelism 2.
 *
 * <ul>
 *   <li><b>Catch-up</b> (rows per second end to end): the replay's clock stands at the end of a
 *       simulated stretch of {@code bench.job.days} days (365: the year) starting on 1 January, so
 *       that every row of it is published in the stations' {@code recent} and {@code now} files;
 *       the job runs with {@code feed.period: backfill} and {@code feed.bounded: true} and its time
 *       runs from submission until it has finished with every file committed. Contenders: the lake
 *       on {@code rs://} (local backend, our plugin jar) and on Flink's {@code file://}. Each run
 *       is checked: the committed silver files hold exactly the published values, and gold holds a
 *       complete day (144 samples) for every station and day.
 *   <li><b>Live</b> (delay from feed to lake): the replay's clock starts at a midnight and the
 *       bench advances it by 10 minutes every {@code 600 / speed} seconds ({@value #LIVE_SPEED}x),
 *       so each row's moment of appearance is known; the continuous job ({@code feed.period: now})
 *       polls every second and checkpoints every second. A watcher lists the lake every {@value
 *       #WATCH_MILLIS} ms and notes when each committed file first appears. Reported: the delay
 *       from a row's appearance to the first committed silver file holding it, and from a day's
 *       last row (23:50) to the committed gold {@code daily_summary} row of that day (which by
 *       design waits for the watermark to pass the day's end plus {@code gold.allowed-lateness}).
 * </ul>
 */
final class MedallionBench {
  static final double LIVE_SPEED = 3600;
  static final long WATCH_MILLIS = 50;
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final int DEFAULT_DAYS = 30;
  private static final int LIVE_DAYS = 2;

  /**
   * Checkpoints (and so commits) of the catch-up runs. A bounded job ends with a last checkpoint
   * that waits for the next interval, so the interval bounds the end's latency, not the work.
   */
  private static final Duration CATCH_UP_CHECKPOINTS = Duration.ofSeconds(2);

  /** Reading options without a Hadoop configuration (which parses its XML files per reader). */
  private static final ParquetReadOptions FOOTER_ONLY =
      ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

  private final BenchContext ctx;

  MedallionBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    BenchStations stations = BenchStations.load(ctx);
    int days =
        Math.max(
            2, (int) Math.round(Integer.getInteger("bench.job.days", DEFAULT_DAYS) * ctx.scale()));
    Workloads.check(days <= 365, "bench.job.days must be at most 365 (one year from 1 January)");
    if (!stations.note().isEmpty()) {
      ctx.report().note(stations.note());
    }
    java.nio.file.Path work = ctx.workDir("job");
    try {
      catchUp(stations, days, work);
      live(stations, work);
    } finally {
      FileSystem.initialize(new Configuration(), null);
    }
  }

  // ------------------------------------------------------------------------------ catch-up

  private void catchUp(BenchStations stations, int days, java.nio.file.Path work) throws Exception {
    Instant january1 = Instant.parse("2026-01-01T00:00:00Z");
    // 00:05 on the day after the stretch: recent = 1 January .. the stretch's last day, now = the
    // last 12 hours; rows up to the stretch's end (the next day's 00:00 row included) are out
    Instant clock = january1.plus(days, ChronoUnit.DAYS).plus(Duration.ofMinutes(5));
    try (MeteoSwissReplayServer replay =
        stations
            .replay()
            .start(clock)
            .speed(0)
            .historyStart(january1)
            .incompleteNewestRow(false)
            .build()
            .start()) {
      long feedRows = 0;
      long values = 0;
      Instant end = clock.plusSeconds(1);
      Map<String, Integer> samples = new java.util.TreeMap<>();
      for (String station : stations.codes()) {
        for (MeasurementRow r :
            replay.feed().publishedRows(station, Granularity.T, january1, end)) {
          feedRows++;
          values += r.values().size();
          if (!r.values().isEmpty()) {
            samples.merge(dayOf(station, r.referenceTimestamp()), 1, Integer::sum);
          }
        }
      }
      long expectedValues = values;
      int stationCount = stations.codes().size();
      System.out.printf(
          "  job catch-up: %d days x %d stations = %d feed rows, %d silver values%n",
          days, stationCount, feedRows, values);

      List<Lake> lakes = lakes(work.resolve("catch-up"));
      Interleaved bench =
          new Interleaved(
              "job",
              String.format(
                  Locale.ROOT,
                  "medallion job catch-up: %d days x %d stations of 10-minute rows (%d feed rows,"
                      + " %d silver values), bounded backfill, checkpoint every %d s, parallelism %d",
                  days,
                  stationCount,
                  feedRows,
                  values,
                  CATCH_UP_CHECKPOINTS.toSeconds(),
                  JobBench.PARALLELISM),
              feedRows,
              "rows");
      for (Lake lake : lakes) {
        int[] run = {0};
        bench.add(
            lake.contender().name(),
            warm -> {
              String dir = "run-" + run[0]++;
              // the warm-up reads only the now files (12 hours): JIT, Parquet and the cluster
              return warm
                  ? catchUpRun(lake, dir, -1, null, stations, replay)
                  : catchUpRun(lake, dir, expectedValues, samples, stations, replay);
            });
      }
      bench.runInto(ctx, 1, ctx.rounds());
    }
  }

  /**
   * One bounded run; returns the seconds from submission to the end of the job. Checks the
   * committed silver values ({@code expectedValues}, unless negative) and that gold's latest {@code
   * daily_summary} of every station and day counts the published samples of that day.
   */
  private static double catchUpRun(
      Lake lake,
      String dir,
      long expectedValues,
      Map<String, Integer> samples,
      BenchStations stations,
      MeteoSwissReplayServer replay)
      throws Exception {
    lake.contender().install();
    MedallionConfig cfg =
        MedallionConfig.builder()
            .stations(stations.codes())
            .feedBaseUrl(replay.dataRoot().toString())
            .period(expectedValues < 0 ? PeriodMode.NOW : PeriodMode.BACKFILL)
            .bounded(true)
            .checkpointInterval(CATCH_UP_CHECKPOINTS)
            .lakePath(lake.contender().base() + dir + "/")
            .parallelism(JobBench.PARALLELISM)
            .build();
    Configuration conf = jobConf(lake, cfg);
    StreamExecutionEnvironment env = RsMiniCluster.environment(conf, JobBench.PARALLELISM);
    MedallionPipeline.build(env, cfg);
    double seconds = Interleaved.time(() -> env.execute("bench-medallion-" + dir));
    java.nio.file.Path root = lake.disk().resolve(dir);
    try {
      if (expectedValues >= 0) {
        long committed = silverValues(root.resolve("silver"));
        Workloads.check(
            committed == expectedValues,
            lake.contender().name()
                + ": committed silver holds "
                + committed
                + " values, the feed published "
                + expectedValues);
        Map<String, Integer> gold = goldSamples(root);
        Workloads.check(
            gold.equals(samples),
            lake.contender().name()
                + ": gold daily_summary samples differ from the feed's in "
                + difference(gold, samples));
      }
    } finally {
      BenchContext.deleteTree(root);
    }
    return seconds;
  }

  /** Silver values in committed Parquet files, from the footers. */
  static long silverValues(java.nio.file.Path silver) throws IOException {
    long rows = 0;
    for (java.nio.file.Path file : committedParquet(silver)) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(file), FOOTER_ONLY)) {
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
          rows += block.getRowCount();
        }
      }
    }
    return rows;
  }

  /** The samples of the latest daily_summary version of every station-day in gold. */
  static Map<String, Integer> goldSamples(java.nio.file.Path root) throws IOException {
    Map<String, int[]> latest = new java.util.TreeMap<>();
    for (java.nio.file.Path file : committedParquet(root.resolve("gold/daily_summary"))) {
      for (Map<String, Object> row : CommittedParquet.readFile(flinkPath(file))) {
        int version = ((Number) row.get("version")).intValue();
        int samples = ((Number) row.get("samples")).intValue();
        latest.merge(
            row.get("station_abbr") + "|" + row.get("date"),
            new int[] {version, samples},
            (a, b) -> a[0] >= b[0] ? a : b);
      }
    }
    Map<String, Integer> samples = new java.util.TreeMap<>();
    latest.forEach((k, v) -> samples.put(k, v[1]));
    return samples;
  }

  static String dayOf(String station, Instant t) {
    return station + "|" + LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  static String difference(Map<String, Integer> actual, Map<String, Integer> expected) {
    List<String> diffs = new ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    for (String k : keys) {
      if (!java.util.Objects.equals(actual.get(k), expected.get(k))) {
        diffs.add(k + " " + actual.get(k) + " (feed " + expected.get(k) + ")");
      }
    }
    return diffs.size() + " station-days, e.g. " + diffs.subList(0, Math.min(5, diffs.size()));
  }

  // ------------------------------------------------------------------------------ live

  private void live(BenchStations stations, java.nio.file.Path work) throws Exception {
    Lake lake = lakes(work.resolve("live")).get(0);
    Instant midnight = Instant.parse("2026-07-01T00:00:00Z");
    Instant start = midnight.minus(TEN_MINUTES);
    Instant stop = midnight.plus(LIVE_DAYS, ChronoUnit.DAYS).plus(Duration.ofHours(2));
    long tickNanos = Math.round(TEN_MINUTES.toSeconds() / LIVE_SPEED * 1e9);
    Map<Instant, Long> appeared = new ConcurrentSkipListMap<>();
    Map<java.nio.file.Path, Long> firstSeen = new ConcurrentHashMap<>();
    java.nio.file.Path root = lake.disk().resolve("live");

    try (MeteoSwissReplayServer replay =
        stations.replay().start(start).speed(0).incompleteNewestRow(true).build().start()) {
      lake.contender().install();
      MedallionConfig cfg =
          MedallionConfig.builder()
              .stations(stations.codes())
              .feedBaseUrl(replay.dataRoot().toString())
              .period(PeriodMode.NOW)
              .pollInterval(Duration.ofSeconds(1))
              .checkpointInterval(Duration.ofSeconds(1))
              // delays of rows as a checkpoint commits them, as in the demo: with compaction on
              // (the default) silver waits up to lake.compaction.checkpoints more checkpoints
              .compaction(false, MemorySize.parse("64 mb"), 10)
              .lakePath(lake.contender().base() + "live/")
              .parallelism(JobBench.PARALLELISM)
              .build();
      StreamExecutionEnvironment env =
          RsMiniCluster.environment(jobConf(lake, cfg), JobBench.PARALLELISM);
      MedallionPipeline.build(env, cfg);
      ScheduledExecutorService timers =
          Executors.newScheduledThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "bench-live");
                t.setDaemon(true);
                return t;
              });
      JobClient job = env.executeAsync("bench-medallion-live");
      try {
        timers.scheduleWithFixedDelay(
            () -> watch(root, firstSeen), 0, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        // the backlog of the first poll (the last 12 hours) is committed: time starts to run
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (firstSeen.keySet().stream().noneMatch(p -> p.toString().contains("silver"))) {
          Workloads.check(System.nanoTime() < deadline, "live: nothing committed in 3 minutes");
          Workloads.check(!job.getJobStatus().get().isGloballyTerminalState(), "live: job ended");
          Thread.sleep(20);
        }
        long[] ticks = {0};
        java.util.concurrent.ScheduledFuture<?> ticking =
            timers.scheduleAtFixedRate(
                () -> {
                  Instant now = replay.clock().advance(TEN_MINUTES);
                  appeared.put(now, System.nanoTime());
                  ticks[0]++;
                },
                0,
                tickNanos,
                TimeUnit.NANOSECONDS);
        while (!appeared.containsKey(stop)) {
          Workloads.check(!job.getJobStatus().get().isGloballyTerminalState(), "live: job ended");
          Thread.sleep(100);
        }
        ticking.cancel(false);
        Thread.sleep(4_000); // a few more checkpoints for the last rows
      } finally {
        timers.shutdownNow();
        job.cancel().get(1, TimeUnit.MINUTES);
        try {
          job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        } catch (Exception expected) {
          // cancelled
        }
      }
      watch(root, firstSeen);

      List<Double> silverDelays = new ArrayList<>();
      Map<String, Long> silverCommitted =
          firstCommitted(
              firstSeen,
              root.resolve("silver"),
              (file, row) ->
                  file.getParent().getParent().getFileName().toString().split("=")[1]
                      + "|"
                      + row.get("reference_timestamp"));
      int missing = 0;
      java.util.Set<String> daysWithValues = new java.util.HashSet<>();
      for (String station : stations.codes()) {
        for (MeasurementRow r :
            replay.feed().publishedRows(station, Granularity.T, midnight, stop)) {
          if (r.values().isEmpty()) {
            continue; // a row without values has nothing for silver
          }
          Instant t = r.referenceTimestamp();
          daysWithValues.add(dayOf(station, t));
          Long committed = silverCommitted.get(station + "|" + t);
          if (committed == null) {
            missing++;
          } else {
            silverDelays.add((committed - appeared.get(t)) / 1e9);
          }
        }
      }
      Workloads.check(
          missing == 0, "live: " + missing + " station-timestamps never reached silver");

      List<Double> goldDelays = new ArrayList<>();
      Map<String, Long> goldCommitted =
          firstCommitted(
              firstSeen,
              root.resolve("gold/daily_summary"),
              (file, row) ->
                  ((Number) row.get("version")).intValue() == 0
                      ? row.get("station_abbr") + "|" + row.get("date")
                      : null);
      for (String station : stations.codes()) {
        for (int d = 0; d < LIVE_DAYS; d++) {
          LocalDate day = LocalDate.ofInstant(midnight, ZoneOffset.UTC).plusDays(d);
          if (!daysWithValues.contains(station + "|" + day)) {
            continue;
          }
          Long committed = goldCommitted.get(station + "|" + day);
          Workloads.check(committed != null, "live: no gold daily_summary for " + station + day);
          Instant lastRow =
              day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(TEN_MINUTES);
          goldDelays.add((committed - appeared.get(lastRow)) / 1e9);
        }
      }
      Duration eventTimeWait =
          cfg.watermarkOutOfOrderness()
              .plus(cfg.gold().allowedLateness())
              .plus(TEN_MINUTES); // from 23:50 to the day's end
      String settings =
          String.format(
              Locale.ROOT,
              "%d stations, replay at %.0fx (a 10-minute row every %.0f ms), poll and checkpoint"
                  + " every 1 s, lake seen every %d ms",
              stations.codes().size(),
              LIVE_SPEED,
              tickNanos / 1e6,
              WATCH_MILLIS);
      ctx.report()
          .add(
              List.of(
                  new Result(
                      "job",
                      "medallion job live, delay from a row's appearance in the feed to its"
                          + " committed silver row ("
                          + settings
                          + ")",
                      lake.contender().name(),
                      silverDelays,
                      0,
                      "",
                      percentiles(silverDelays)),
                  new Result(
                      "job",
                      "medallion job live, delay from a day's last row (23:50) in the feed to its"
                          + " committed gold daily_summary row ("
                          + settings
                          + "; includes the event-time wait of "
                          + eventTimeWait.toMinutes()
                          + " simulated min = "
                          + String.format(
                              Locale.ROOT, "%.2f s", eventTimeWait.toSeconds() / LIVE_SPEED)
                          + ")",
                      lake.contender().name(),
                      goldDelays,
                      0,
                      "",
                      percentiles(goldDelays))));
      System.out.printf(
          "  job live: %s; silver delay %s; gold delay %s%n",
          settings, percentiles(silverDelays), percentiles(goldDelays));
    } finally {
      BenchContext.deleteTree(root);
    }
  }

  /**
   * When the first committed file holding each key was seen: the keys are those {@code keyOf} gives
   * the rows of the files below {@code folder} ({@code null}: the row counts for none).
   */
  private static Map<String, Long> firstCommitted(
      Map<java.nio.file.Path, Long> firstSeen,
      java.nio.file.Path folder,
      java.util.function.BiFunction<java.nio.file.Path, Map<String, Object>, String> keyOf)
      throws IOException {
    Map<String, Long> committed = new java.util.HashMap<>();
    for (Map.Entry<java.nio.file.Path, Long> seen : firstSeen.entrySet()) {
      if (!seen.getKey().startsWith(folder)) {
        continue;
      }
      for (Map<String, Object> row : CommittedParquet.readFile(flinkPath(seen.getKey()))) {
        String key = keyOf.apply(seen.getKey(), row);
        if (key != null) {
          committed.merge(key, seen.getValue(), Math::min);
        }
      }
    }
    return committed;
  }

  private static String percentiles(List<Double> delays) {
    double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "n=%d, p50 %.2f s, p95 %.2f s, p99 %.2f s",
        sorted.length,
        sorted[(int) Math.floor(0.50 * (sorted.length - 1))],
        sorted[(int) Math.floor(0.95 * (sorted.length - 1))],
        sorted[(int) Math.floor(0.99 * (sorted.length - 1))]);
  }

  /** Notes the first time each committed file under {@code root} is seen. */
  private static void watch(java.nio.file.Path root, Map<java.nio.file.Path, Long> firstSeen) {
    if (!Files.isDirectory(root)) {
      return;
    }
    long now = System.nanoTime();
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      files.filter(MedallionBench::committed).forEach(f -> firstSeen.putIfAbsent(f, now));
    } catch (IOException | java.io.UncheckedIOException e) {
      // a folder vanished between listing and reading (a renamed temporary): next time
    }
  }

  private static boolean committed(java.nio.file.Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".parquet")
        && !name.startsWith(".")
        && !name.startsWith("_")
        && Files.isRegularFile(file);
  }

  static List<java.nio.file.Path> committedParquet(java.nio.file.Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
      return files.filter(MedallionBench::committed).sorted().toList();
    }
  }

  private static org.apache.flink.core.fs.Path flinkPath(java.nio.file.Path file) {
    return new org.apache.flink.core.fs.Path(file.toUri());
  }

  private static Configuration jobConf(Lake lake, MedallionConfig cfg) {
    Configuration conf = new Configuration(lake.contender().conf());
    conf.addAll(cfg.flinkConfiguration());
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  /** A lake for the job: a file system under test and the local folder its files land in. */
  private record Lake(JobBench.Contender contender, java.nio.file.Path disk) {}

  /** The lake on rs:// (local backend, our plugin jar) and on Flink's file://. */
  private List<Lake> lakes(java.nio.file.Path work) throws IOException {
    java.nio.file.Path rsRoot = work.resolve("rs");
    java.nio.file.Path fileRoot = work.resolve("file");
    Files.createDirectories(rsRoot);
    Files.createDirectories(fileRoot);
    return Arrays.asList(
        new Lake(JobBench.Contender.rsLocalLake(ctx, rsRoot), rsRoot),
        new Lake(JobBench.Contender.flinkFile(fileRoot), fileRoot));
  }
}
