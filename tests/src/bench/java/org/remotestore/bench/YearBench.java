package org.remotestore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * Issue 17 item 1, the year rows: a bounded backfill of {@code bench.year.days} days (default 365,
 * from 1 January) of 10-minute data through the whole medallion job, for each station count of
 * {@code bench.year.stations} (default {@code 20,all}: the {@link BenchStations 20 stations} of the
 * {@code job} group, and every station of the real inventory, about 157). The replay runs in this
 * JVM; the job runs in a child JVM ({@link YearJobMain}) with {@code -Xmx}{@code bench.year.heap}
 * (default 2g) that holds the whole local MiniCluster, so its peak resident set size is the job's
 * own; {@code bench.year.checkpoint.seconds} (default 2) is the job's checkpoint interval. One run
 * per row (a run is a fresh JVM, warm-up included, as on a cluster). Each run is checked as the
 * {@code job} group's: committed silver holds exactly the published values and gold's latest {@code
 * daily_summary} of every station-day counts the published samples.
 */
final class YearBench {
  private static final Instant JANUARY_1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration CHECKPOINTS =
      Duration.ofSeconds(Long.getLong("bench.year.checkpoint.seconds", 2));

  private final BenchContext ctx;

  YearBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    int days = Integer.getInteger("bench.year.days", 365);
    Workloads.check(days >= 1 && days <= 365, "bench.year.days must be in 1..365");
    String heap = System.getProperty("bench.year.heap", "2g");
    for (String spec : System.getProperty("bench.year.stations", "20,all").split(",")) {
      String s = spec.trim();
      int count = s.equalsIgnoreCase("all") ? 0 : Integer.parseInt(s);
      BenchStations stations = BenchStations.load(ctx, count);
      if (!stations.note().isEmpty()) {
        ctx.report().note(stations.note());
      }
      one(stations, days, heap);
    }
  }

  private void one(BenchStations stations, int days, String heap) throws Exception {
    Path work = ctx.workDir("year");
    Instant clock = JANUARY_1.plus(days, ChronoUnit.DAYS).plus(Duration.ofMinutes(5));
    try (MeteoSwissReplayServer replay =
        stations
            .replay()
            .start(clock)
            .speed(0)
            .historyStart(JANUARY_1)
            .incompleteNewestRow(false)
            .build()
            .start()) {
      long feedRows = 0;
      long values = 0;
      Map<String, Integer> samples = new TreeMap<>();
      for (String station : stations.codes()) {
        for (MeasurementRow r :
            replay.feed().publishedRows(station, Granularity.T, JANUARY_1, clock.plusSeconds(1))) {
          feedRows++;
          values += r.values().size();
          if (!r.values().isEmpty()) {
            samples.merge(MedallionBench.dayOf(station, r.referenceTimestamp()), 1, Integer::sum);
          }
        }
      }
      int n = stations.codes().size();
      System.out.printf(
          "  year: %d days x %d stations = %d feed rows, %d silver values, job heap -Xmx%s%n",
          days, n, feedRows, values, heap);
      Path lake = work.resolve("lake");
      Files.createDirectories(lake);
      Map<String, String> child = runChild(stations, replay, lake, heap, work.resolve("job.log"));
      double seconds = Double.parseDouble(child.get("seconds"));
      long rssMib = Long.parseLong(child.get("vmhwm_kib")) / 1024;
      long committed = MedallionBench.silverValues(lake.resolve("silver"));
      Workloads.check(
          committed == values,
          "year: committed silver holds " + committed + " values, the feed published " + values);
      Map<String, Integer> gold = MedallionBench.goldSamples(lake);
      Workloads.check(
          gold.equals(samples),
          "year: gold daily_summary samples differ from the feed's in "
              + MedallionBench.difference(gold, samples));
      String note =
          String.format(
              Locale.ROOT,
              "-Xmx%s, peak RSS %d MiB, old generation after GC at most %s MiB, %.0f values/s,"
                  + " checked, 1 run",
              heap,
              rssMib,
              child.get("heap_after_gc_peak_mib"),
              values / seconds);
      System.out.printf("  year: %.1f s, %.0f rows/s, %s%n", seconds, feedRows / seconds, note);
      ctx.report()
          .add(
              List.of(
                  new Result(
                      "year",
                      String.format(
                          Locale.ROOT,
                          "medallion job bounded backfill: %d days x %d stations of 10-minute rows"
                              + " (%d feed rows, %d silver values), job in a child JVM with"
                              + " -Xmx%s, checkpoint every %d s, parallelism %d",
                          days,
                          n,
                          feedRows,
                          values,
                          heap,
                          CHECKPOINTS.toSeconds(),
                          JobBench.PARALLELISM),
                      "rs-local",
                      List.of(seconds),
                      feedRows,
                      "rows",
                      note)));
    } finally {
      BenchContext.deleteTree(work);
    }
  }

  private Map<String, String> runChild(
      BenchStations stations, MeteoSwissReplayServer replay, Path lake, String heap, Path log)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    command.add("-Djava.io.tmpdir=" + lake.getParent().resolve("tmp"));
    Files.createDirectories(lake.getParent().resolve("tmp"));
    command.addAll(addOpens());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(YearJobMain.class.getName());
    command.add(ctx.rsPlugin().toString());
    command.add(lake.toString());
    command.add(replay.dataRoot().toString());
    command.add(String.join(",", stations.codes()));
    command.add(Integer.toString(JobBench.PARALLELISM));
    command.add(Long.toString(CHECKPOINTS.toMillis()));
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long minutes = Long.getLong("bench.year.timeout.minutes", 240);
      Workloads.check(
          child.waitFor(minutes, TimeUnit.MINUTES),
          "year: the job did not end within " + minutes + " minutes: " + tail(log));
      Workloads.check(
          child.exitValue() == 0,
          "year: the job failed (exit " + child.exitValue() + "): " + tail(log));
    } finally {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    Map<String, String> result = new HashMap<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("result ")) {
        String[] kv = line.substring("result ".length()).split("=", 2);
        result.put(kv[0], kv[1]);
      }
    }
    Workloads.check(
        result.containsKey("seconds") && result.containsKey("vmhwm_kib"),
        "year: no results from the job: " + tail(log));
    return result;
  }

  /** The {@code --add-opens} Flink needs on Java 17 (as the bench profile's own JVM has). */
  static List<String> addOpens() {
    List<String> args = new ArrayList<>();
    for (String pkg :
        List.of(
            "java.util",
            "java.lang",
            "java.net",
            "java.io",
            "java.nio",
            "sun.nio.ch",
            "java.lang.reflect",
            "java.text",
            "java.time",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "java.util.concurrent.locks")) {
      args.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    return args;
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
