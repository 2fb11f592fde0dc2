package org.remotestore.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotestore.FileInfo;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.sweep.OrphanSweeper;
import org.remotestore.ext.sweep.SweepReport;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * {@code kill -9} of TaskManagers under the medallion job, per writable backend, on a process
 * cluster ({@link FlinkProcessCluster}: a JobManager and two TaskManagers with one slot each, the
 * job at parallelism 2, so both TaskManagers run tasks), with the lake and the checkpoints on
 * {@code rs://lake/} over that backend.
 *
 * <p>The job runs bounded ({@code feed.period: backfill}, {@code feed.bounded: true}) against the
 * replay with a standing clock. The replay answers the stations' data files with {@code 429} until
 * the test releases them, a few stations before each kill, so rows are flowing into the sinks when
 * the kill comes and the run cannot end before the last kill. Each round: release stations, wait a
 * random time (seeded), {@code kill -9} a random TaskManager, start a fresh one, wait until the job
 * restarted and completed a checkpoint. Then every station is released and the run finishes.
 *
 * <p>Checked on the committed lake, through the Store API: every 10-minute value of the feed once
 * in silver (none lost, none twice, the published value), every bronze line a line the feed served,
 * once, one per published row; gold's latest {@code daily_summary} of every station-day equal to a
 * computation from the replay's ground truth; what the killed writers left (S3 multipart uploads,
 * hidden in-progress files, ...) found and removed by the {@link OrphanSweeper}, nothing left
 * afterwards, and no in-progress or temporary file visible.
 *
 * <p>System properties: {@code kill.count} (default 3), {@code kill.backends} (default {@code
 * local,s3}; the {@code kill-full} profile: 20 kills on local, s3, azure, sftp and postgres),
 * {@code kill.seed} (default: random, printed).
 */
class TaskManagerKillIT {
  private static final List<String> STATIONS =
      List.of("BER", "LUG", "SMA", "GVE", "BAS", "KLO", "SIO", "DAV");
  private static final Instant HISTORY = Instant.parse("2026-07-10T00:00:00Z");

  /** The replay's standing clock: rows up to 00:00 of the 13th are published. */
  private static final Instant CLOCK = Instant.parse("2026-07-13T00:05:00Z");

  private static final Duration WAIT = Duration.ofMinutes(4);
  private static final long SEED = Long.getLong("kill.seed", System.nanoTime());
  private static final Map<String, String> TABLE = new LinkedHashMap<>();
  private static final java.util.Set<Long> REPLACED = new java.util.HashSet<>();

  @TempDir Path tmp;

  static Stream<String> backends() {
    return Stream.of(System.getProperty("kill.backends", "local,s3").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  @Timeout(3600)
  void killedTaskManagersLoseAndDuplicateNothing(String backendName) throws Exception {
    Path repo = BoundedMedallionRun.repositoryRoot();
    Optional<Path> jobJar =
        BoundedMedallionRun.single(
            repo.resolve("medallion-job/target"), "medallion-job-", "-job.jar");
    Optional<Path> pluginJar =
        BoundedMedallionRun.single(
            repo.resolve("flink-rs-filesystem/target"), "flink-rs-filesystem-", "-plugin.jar");
    assumeTrue(
        jobJar.isPresent() && pluginJar.isPresent(),
        "Skipped: the job jar and the plugin jar are built by the package phase; run `mvn verify`");
    int kills = Integer.getInteger("kill.count", 3);
    int index = backends().toList().indexOf(backendName);
    long seed = SEED + index;
    System.out.printf(
        Locale.ROOT,
        "TaskManagerKillIT %s: %d kills, seed %d (-Dkill.seed=%d)%n",
        backendName,
        kills,
        seed,
        SEED);
    Random random = new Random(seed);
    boolean exponential = index % 2 == 1;

    try (KillBackend backend = KillBackend.start(backendName, tmp);
        MeteoSwissReplayServer replay =
            MeteoSwissReplayServer.builder()
                .stations(STATIONS.toArray(String[]::new))
                .start(CLOCK)
                .speed(0)
                .historyStart(HISTORY)
                .incompleteNewestRow(false)
                .build()
                .start()) {
      FeedTruth truth = FeedTruth.of(replay, STATIONS, HISTORY, CLOCK.plusSeconds(1));
      StationGates gates = new StationGates(replay, STATIONS);
      Map<String, String> conf = new LinkedHashMap<>(backend.rsKeys());
      conf.putAll(clusterConfig(exponential));
      long started = System.nanoTime();
      int restarts;
      try (FlinkProcessCluster cluster =
          new FlinkProcessCluster(
              Files.createDirectories(tmp.resolve("flink")), pluginJar.get(), conf)) {
        // two TaskManagers run the job's two slots, a third stands by: a killed TaskManager's
        // tasks restart at once, while a fresh TaskManager starts to stand by for the next kill
        try {
          cluster.start(WAIT, 2);
          cluster.startTaskManager(); // registers while the client submits
          String jobId = cluster.submit(jobJar.get(), jobArgs(replay), WAIT);
          JobWatch job = new JobWatch(cluster, jobId);
          job.awaitCheckpointsAbove(0, WAIT);
          progress(started, "job " + jobId + " running, first checkpoint completed");
          for (int k = 1; k <= kills; k++) {
            // some stations more before each kill; one stays closed until the last kill is done
            gates.releaseFirst((int) ((long) k * (STATIONS.size() - 1) / kills));
            Thread.sleep(300 + random.nextInt(3000));
            job.requireNotEnded("before kill " + k);
            replaceCrashedTaskManagers(cluster);
            int before = job.restarts();
            List<Process> busy = job.taskManagersWithTasks();
            Process victim = busy.get(random.nextInt(busy.size()));
            FlinkProcessCluster.killHard(victim);
            System.out.printf(
                Locale.ROOT,
                "  %4.0f s: kill %d/%d: kill -9 TaskManager %s (pid %d)%n",
                (System.nanoTime() - started) / 1e9,
                k,
                kills,
                cluster.resourceId(victim),
                victim.pid());
            cluster.startTaskManager();
            job.awaitRestartsAbove(before, WAIT);
            job.awaitCheckpointsAbove(job.completedCheckpoints(), WAIT);
            progress(started, "restarted, checkpoint completed");
          }
          gates.releaseAll();
          restarts = job.awaitFinished(WAIT.multipliedBy(2));
          progress(started, "job FINISHED");
        } catch (Throwable t) {
          Path kept =
              cluster.keepLogs(
                  Path.of("target", "kill-logs", backendName + "-" + System.currentTimeMillis()));
          System.out.println("  cluster logs kept in " + kept.toAbsolutePath());
          throw t;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      check(backend, truth, kills, restarts, exponential, seconds);
    }
  }

  private static void progress(long started, String what) {
    System.out.printf(Locale.ROOT, "  %4.0f s: %s%n", (System.nanoTime() - started) / 1e9, what);
  }

  /**
   * Starts a TaskManager for each one that ended by itself (not killed): on a loaded machine a
   * TaskManager can miss its RPC start-up timeout, and the next kill needs one standing by.
   */
  private static void replaceCrashedTaskManagers(FlinkProcessCluster cluster) throws Exception {
    for (Process p : cluster.taskManagers()) {
      if (!p.isAlive() && p.exitValue() != 137 && !REPLACED.contains(p.pid())) {
        REPLACED.add(p.pid());
        System.out.printf(
            Locale.ROOT,
            "  TaskManager pid %d ended by itself (exit %d); starting another%n",
            p.pid(),
            p.exitValue());
        cluster.startTaskManager();
      }
    }
  }

  private static Map<String, String> clusterConfig(boolean exponential) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("taskmanager.numberOfTaskSlots", "1");
    // a killed TaskManager is noticed within seconds, not after the default 50 s
    c.put("heartbeat.interval", "1000");
    c.put("heartbeat.timeout", "8000");
    // a checkpoint that cannot complete fails after 90 s instead of Flink's default 10 min, and
    // the failure restarts the job (no tolerated checkpoint failures). Seen twice on PostgreSQL
    // after the 20th kill: the source coordinator's checkpoint waited for the acknowledgement of
    // one operator event that never came, and no checkpoint completed until the timeout.
    c.put("execution.checkpointing.timeout", "90 s");
    if (exponential) {
      c.put("restart-strategy.type", "exponential-delay");
      c.put("restart-strategy.exponential-delay.initial-backoff", "500 ms");
      c.put("restart-strategy.exponential-delay.max-backoff", "4 s");
      c.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
      c.put("restart-strategy.exponential-delay.reset-backoff-threshold", "20 s");
      c.put("restart-strategy.exponential-delay.attempts-before-reset-backoff", "1000");
    } else {
      c.put("restart-strategy.type", "fixed-delay");
      c.put("restart-strategy.fixed-delay.attempts", "1000");
      c.put("restart-strategy.fixed-delay.delay", "1 s");
    }
    return c;
  }

  private static List<String> jobArgs(MeteoSwissReplayServer replay) {
    return List.of(
        "--stations",
        String.join(",", STATIONS),
        "--feed.base-url",
        replay.dataRoot().toString(),
        "--feed.period",
        "backfill",
        "--feed.bounded",
        "true",
        "--lake",
        "rs://" + KillBackend.STORE + "/medallion/",
        "--checkpoints",
        "rs://" + KillBackend.STORE + "/checkpoints",
        "--checkpoints.interval",
        "1s",
        "--parallelism",
        "2");
  }

  private static void check(
      KillBackend backend,
      FeedTruth truth,
      int kills,
      int restarts,
      boolean exponential,
      double seconds)
      throws Exception {
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(backend.rsKeys()))) {
      Store store = registry.store(KillBackend.STORE);
      LakeContents lake = new LakeContents(store);

      // silver: every value of the feed once
      Map<String, Integer> seen = new HashMap<>();
      int rows = 0;
      int wrong = 0;
      for (FileInfo f : lake.committed("medallion/silver", ".parquet")) {
        String station = LakeContents.partition(f.path(), "station_abbr");
        for (Map<String, Object> row : lake.parquetRows(f)) {
          rows++;
          String key =
              FeedTruth.key(
                  station, (Instant) row.get("reference_timestamp"), (String) row.get("parameter"));
          seen.merge(key, 1, Integer::sum);
          Double expected = truth.silver.get(key);
          if (expected == null || !expected.equals(row.get("value"))) {
            wrong++;
          }
        }
      }
      int lost = 0;
      for (String key : truth.silver.keySet()) {
        if (!seen.containsKey(key)) {
          lost++;
        }
      }
      int duplicated = seen.values().stream().mapToInt(n -> n - 1).sum();

      // bronze: the feed's lines, once each
      List<String> bronze = lake.bronzeLines("medallion/bronze/rows");
      long bronzeDistinct = bronze.stream().distinct().count();
      long bronzeForeign = bronze.stream().filter(l -> !truth.servedLines.contains(l)).count();

      // gold: the latest daily_summary of every station-day against the feed
      Map<String, FeedTruth.Summary> gold = latestDailySummaries(lake);
      List<String> goldDiffs = new ArrayList<>();
      for (String k : new java.util.TreeSet<>(union(gold.keySet(), truth.gold.keySet()))) {
        FeedTruth.Summary a = gold.get(k);
        FeedTruth.Summary e = truth.gold.get(k);
        if (a == null || e == null || !FeedTruth.same(a, e)) {
          goldDiffs.add(k + ": lake " + a + ", feed " + e);
        }
      }

      // what the killed writers left: found and removed by the sweeper, nothing afterwards
      // every leftover counts, whatever its age: S3Proxy reports the moment of the listing as an
      // upload's start, which lies after the sweeper's "now", so the sweeper's clock runs ahead
      Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
      OrphanSweeper.Builder sweeper =
          OrphanSweeper.builder(store).olderThan(Duration.ZERO).clock(ahead).deleting(true);
      if (store.isFolder("checkpoints")) {
        // a finished job's checkpoints are discarded: on object stores the folder is gone then
        sweeper.keepReferencedBy(store, "checkpoints");
      }
      SweepReport swept = sweeper.build().sweep();
      System.out.print(swept.toTable());
      int orphans = swept.entries().size();
      SweepReport after =
          OrphanSweeper.builder(store).olderThan(Duration.ZERO).clock(ahead).build().sweep();
      List<String> visibleTemp =
          lake.allFiles("medallion").stream()
              .map(FileInfo::path)
              .filter(
                  p -> {
                    String n = LakeContents.name(p);
                    return n.startsWith(".") || n.contains("inprogress") || n.contains("tmp");
                  })
              .toList();

      String row =
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %d | %d | %d | %d | %d/%d | %s | %.0f s |",
              backend.name(),
              exponential ? "exponential-delay" : "fixed-delay",
              kills,
              restarts,
              rows,
              lost,
              duplicated,
              orphans,
              bronze.size(),
              truth.rows,
              goldDiffs.isEmpty()
                  ? "equal (" + gold.size() + " days)"
                  : goldDiffs.size() + " differ",
              seconds);
      TABLE.put(backend.name(), row);
      printTable();

      assertThat(lost).as("feed values missing in silver").isZero();
      assertThat(duplicated).as("feed values twice in silver").isZero();
      assertThat(wrong).as("silver rows that are not a published value").isZero();
      assertThat(rows).isEqualTo(truth.silver.size());
      assertThat(bronzeDistinct).as("bronze lines twice").isEqualTo(bronze.size());
      assertThat(bronzeForeign).as("bronze lines the feed never served").isZero();
      assertThat(bronze).as("bronze lines, one per published row").hasSize(truth.rows);
      assertThat(goldDiffs).as("gold daily_summary against the feed").isEmpty();
      assertThat(swept.hasFailures()).as(swept.toTable()).isFalse();
      assertThat(after.entries()).as("leftovers after the sweeper").isEmpty();
      assertThat(visibleTemp).as("in-progress or temporary files in the lake").isEmpty();
      assertThat(restarts)
          .as("restarts (each kill hits a TaskManager with tasks)")
          .isGreaterThanOrEqualTo(kills);
    }
  }

  private static Map<String, FeedTruth.Summary> latestDailySummaries(LakeContents lake)
      throws Exception {
    Map<String, Integer> versions = new HashMap<>();
    Map<String, FeedTruth.Summary> latest = new TreeMap<>();
    for (FileInfo f : lake.committed("medallion/gold/daily_summary", ".parquet")) {
      for (Map<String, Object> r : lake.parquetRows(f)) {
        String key = r.get("station_abbr") + "|" + (LocalDate) r.get("date");
        int version = (Integer) r.get("version");
        if (version >= versions.getOrDefault(key, -1)) {
          versions.put(key, version);
          latest.put(
              key,
              new FeedTruth.Summary(
                  (Double) r.get("tre200s0_mean"),
                  (Double) r.get("tre200s0_min"),
                  (Double) r.get("tre200s0_max"),
                  (Double) r.get("rre150z0_sum"),
                  (Double) r.get("sre000z0_sum"),
                  (Double) r.get("fu3010z1_max"),
                  (Integer) r.get("samples")));
        }
      }
    }
    return latest;
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return u;
  }

  @AfterAll
  static void printTable() {
    if (TABLE.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "TaskManagerKillIT (seed %d)%n", SEED));
    out.append(
        "| backend | restart strategy | kills | restarts | rows | lost | duplicated | orphans"
            + " | bronze lines | gold | time |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
    TABLE.values().forEach(r -> out.append(r).append('\n'));
    System.out.print(out);
  }

  /** The job's progress as the REST API shows it. */
  private static final class JobWatch {
    private static final Pattern COMPLETED = Pattern.compile("\"completed\":(\\d+)");
    private static final Pattern VALUE = Pattern.compile("\"value\":\"(\\d+)\"");
    private static final Pattern VERTEX = Pattern.compile("\"id\":\"([0-9a-f]{32})\"");
    private static final Pattern TASK_MANAGER = Pattern.compile("\"taskmanager-id\":\"([^\"]+)\"");
    private final FlinkProcessCluster cluster;
    private final String jobId;
    private int maxRestarts;

    JobWatch(FlinkProcessCluster cluster, String jobId) {
      this.cluster = cluster;
      this.jobId = jobId;
    }

    /** The live TaskManager processes that run at least one of the job's tasks. */
    List<Process> taskManagersWithTasks() throws Exception {
      java.util.Set<String> ids = new java.util.HashSet<>();
      String job = cluster.restGet("/jobs/" + jobId);
      int at = job == null ? -1 : job.indexOf("\"vertices\"");
      Matcher v = VERTEX.matcher(at < 0 ? "" : job.substring(at));
      while (v.find()) {
        String tms =
            cluster.restGet("/jobs/" + jobId + "/vertices/" + v.group(1) + "/taskmanagers");
        Matcher t = TASK_MANAGER.matcher(tms == null ? "" : tms);
        while (t.find()) {
          ids.add(t.group(1));
        }
      }
      List<Process> busy = new ArrayList<>();
      for (Process p : cluster.taskManagers()) {
        if (p.isAlive() && ids.contains(cluster.resourceId(p))) {
          busy.add(p);
        }
      }
      if (busy.isEmpty()) {
        throw new AssertionError("No live TaskManager runs tasks of the job (ids " + ids + ")");
      }
      return busy;
    }

    int completedCheckpoints() throws Exception {
      String json = cluster.restGet("/jobs/" + jobId + "/checkpoints");
      Matcher m = COMPLETED.matcher(json == null ? "" : json);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    int restarts() throws Exception {
      String json = cluster.restGet("/jobs/" + jobId + "/metrics?get=numRestarts");
      Matcher m = VALUE.matcher(json == null ? "" : json);
      if (m.find()) {
        maxRestarts = Math.max(maxRestarts, Integer.parseInt(m.group(1)));
      }
      return maxRestarts;
    }

    void requireNotEnded(String when) throws Exception {
      String status = cluster.jobStatus(jobId);
      if (status.equals("FINISHED") || status.equals("FAILED") || status.equals("CANCELED")) {
        throw new AssertionError(
            "The job is "
                + status
                + " "
                + when
                + "; exceptions: "
                + cluster.jobExceptions(jobId)
                + "\n"
                + cluster.logs());
      }
    }

    void awaitCheckpointsAbove(int count, Duration timeout) throws Exception {
      await(timeout, "a completed checkpoint after " + count, () -> completedCheckpoints() > count);
    }

    void awaitRestartsAbove(int count, Duration timeout) throws Exception {
      await(timeout, "a restart after " + count, () -> restarts() > count);
    }

    /** Waits for the end of the bounded run and returns the restarts seen. */
    int awaitFinished(Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        String status = cluster.jobStatus(jobId);
        if (status.equals("FINISHED")) {
          return maxRestarts;
        }
        restarts();
        if (status.equals("FAILED") || status.equals("CANCELED") || System.nanoTime() > deadline) {
          throw new AssertionError(
              "The job is "
                  + status
                  + ", not FINISHED; exceptions: "
                  + cluster.jobExceptions(jobId)
                  + "\n"
                  + cluster.logs());
        }
        Thread.sleep(500);
      }
    }

    private void await(Duration timeout, String what, Check check) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!check.done()) {
        requireNotEnded("while waiting for " + what);
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "No "
                  + what
                  + " in "
                  + timeout
                  + "; exceptions: "
                  + cluster.jobExceptions(jobId)
                  + "\n"
                  + cluster.logs());
        }
        Thread.sleep(250);
      }
    }
  }

  private interface Check {
    boolean done() throws Exception;
  }
}
