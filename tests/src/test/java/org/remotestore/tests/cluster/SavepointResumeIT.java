package org.remotestore.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * Savepoints on {@code rs://} on a standalone cluster (a JobManager and a TaskManager as separate
 * JVMs, the plugin in {@code plugins/rs/}): the medallion job runs against the replay, is stopped
 * with {@code flink stop --savepointPath rs://lake/savepoints}, resumed with {@code flink run -s},
 * stopped again and resumed with a higher parallelism ({@code -p 2}), and finally stopped with
 * {@code --drain} (every day closes). The lake is then exact: every value the feed published
 * between the first and the last ingested timestamp is in silver once, and every day's latest
 * summary in gold equals the one computed from the replay's rows. On local disk and on S3
 * (S3Proxy), there with entropy injection in the checkpoint paths. A savepoint path that does not
 * exist makes {@code flink run -s} fail, naming the path. A JobManager killed with {@code kill -9}
 * is replaced and the job resumed from its newest retained checkpoint, the lake exact again.
 */
class SavepointResumeIT {
  private static final Instant START = Instant.parse("2026-07-14T22:00:00Z");
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static final Duration STEP = Duration.ofMinutes(3);

  @TempDir Path tmp;

  @Test
  @Timeout(900)
  void stopWithSavepointResumeAndRescaleOnALocalLake() throws Exception {
    run(localLake(), Map.of(), "rs://lake/_checkpoints");
  }

  @Test
  @Timeout(900)
  void stopWithSavepointResumeAndRescaleOnAnS3LakeWithEntropy() throws Exception {
    S3TestEndpoint s3 = S3ProxyServer.shared();
    Map<String, String> keys = new TreeMap<>(s3.flatKeys("s3lake", s3.createBucket("savepoints")));
    keys.put("rs.stores.lake.backend", "s3lake");
    keys.put("rs.stores.lake.entropy-key", "_entropy_");
    // every piece of state in its own file, so that the entropy shows in the data file paths
    Map<String, String> cluster = Map.of("execution.checkpointing.data-inline-threshold", "0");
    List<String> checkpointFiles = run(keys, cluster, "rs://lake/_checkpoints/_entropy_");
    assertThat(checkpointFiles).noneMatch(p -> p.contains("_entropy_"));
    // data files under _checkpoints/<4 random characters>/<job id>/..., metadata without them
    assertThat(checkpointFiles)
        .anyMatch(p -> p.matches("_checkpoints/[^/]{4}/[0-9a-f]{32}/.+"))
        .anyMatch(p -> p.matches("_checkpoints/[0-9a-f]{32}/chk-\\d+/_metadata"));
  }

  /**
   * A JobManager killed with {@code kill -9} while the job runs (no high availability, as in a
   * plain standalone cluster): a new JobManager is started on the same ports, the running
   * TaskManager registers with it, and the job is resumed with {@code flink run -s} from the newest
   * checkpoint the dead one left ({@code _checkpoints/<job-id>/chk-<n>} with a {@code _metadata}).
   * The lake is exact afterwards: nothing the first run committed is lost or written again.
   */
  @Test
  @Timeout(900)
  void aKilledJobManagerIsReplacedAndTheJobResumesFromTheLatestCheckpoint() throws Exception {
    Map<String, String> keys = localLake();
    Map<String, String> conf = new HashMap<>(keys);
    // the TaskManager notices the lost JobManager (and frees its slots) within seconds
    conf.put("heartbeat.interval", "1000");
    conf.put("heartbeat.timeout", "8000");
    BoundedMedallionRun.Jars jars = BoundedMedallionRun.jars();
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys));
        MeteoSwissReplayServer replay = replay();
        FlinkProcessCluster cluster =
            new FlinkProcessCluster(
                Files.createDirectories(tmp.resolve("flink")), jars.plugin(), conf)) {
      cluster.start(Duration.ofMinutes(3));
      LakeReader lake = new LakeReader(registry.store("lake"), tmp);
      Submit submit =
          new Submit(
              jars.repo().resolve("docker/bin/medallion-submit.sh"),
              jars.job(),
              replay,
              "rs://lake/_checkpoints");

      String job1 = submit(cluster, submit, "run-1", null, 1);
      awaitCheckpoints(cluster, job1, 3);
      FlinkProcessCluster.killHard(cluster.jobManager());
      String latest = latestCompletedCheckpoint(lake, job1);

      cluster.startJobManager();
      cluster.awaitTaskManagers(1, STEP);
      String job2 = submit(cluster, submit, "run-2", "rs://lake/" + latest, 1);
      assertThat(job2).isNotEqualTo(job1);
      awaitCheckpoints(cluster, job2, 2);
      stop(cluster, "stop", job2, true);
      BoundedMedallionRun.awaitFinished(cluster, job2, STEP);
      System.out.printf("SavepointResumeIT: JobManager killed, resumed from %s%n", latest);
      checkLake(lake, replay);
    }
  }

  /** The {@code rs.} keys of the store {@code lake} on a local folder below the test's folder. */
  private Map<String, String> localLake() throws java.io.IOException {
    Path lake = Files.createDirectories(tmp.resolve("lake"));
    Map<String, String> keys = new TreeMap<>();
    keys.put("rs.backends.disk.type", "local");
    keys.put("rs.backends.disk.root", lake.toString());
    keys.put("rs.stores.lake.backend", "disk");
    return keys;
  }

  /** The replay of station BER from {@link #START}, 1200 times faster than real time. */
  private static MeteoSwissReplayServer replay() throws java.io.IOException {
    return MeteoSwissReplayServer.builder()
        .stations("BER")
        .start(START)
        .historyStart(Instant.parse("2026-07-12T00:00:00Z"))
        .speed(1200)
        .build()
        .start();
  }

  /** The newest {@code _checkpoints/<job>/chk-<n>} whose {@code _metadata} exists. */
  private static String latestCompletedCheckpoint(LakeReader lake, String job) throws Exception {
    Pattern metadata = Pattern.compile("(_checkpoints/" + job + "/chk-(\\d+))/_metadata");
    String latest = null;
    long newest = -1;
    for (String file : lake.allFiles("_checkpoints/" + job)) {
      Matcher m = metadata.matcher(file);
      if (m.matches() && Long.parseLong(m.group(2)) > newest) {
        newest = Long.parseLong(m.group(2));
        latest = m.group(1);
      }
    }
    assertThat(latest).as("a completed checkpoint of job " + job).isNotNull();
    return latest;
  }

  /**
   * Runs the job through two savepoints and a rescale and checks the lake; returns the files below
   * {@code _checkpoints} while the first run had completed checkpoints.
   */
  private List<String> run(
      Map<String, String> rsKeys, Map<String, String> extra, String checkpoints) throws Exception {
    BoundedMedallionRun.Jars jars = BoundedMedallionRun.jars();
    Map<String, String> conf = new HashMap<>(rsKeys);
    conf.putAll(extra);
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(rsKeys));
        MeteoSwissReplayServer replay = replay();
        FlinkProcessCluster cluster =
            new FlinkProcessCluster(
                Files.createDirectories(tmp.resolve("flink")), jars.plugin(), conf)) {
      cluster.start(Duration.ofMinutes(3));
      LakeReader lake = new LakeReader(registry.store("lake"), tmp);

      Submit submit =
          new Submit(
              jars.repo().resolve("docker/bin/medallion-submit.sh"),
              jars.job(),
              replay,
              checkpoints);

      // a savepoint path that does not exist: flink run -s fails and says which
      String missing = "rs://lake/savepoints/savepoint-000000-000000000000";
      FlinkProcessCluster.ClientRun bad =
          submitScript(cluster, submit, "run-missing-savepoint", missing, 1);
      assertThat(bad.exitCode()).as(bad.output()).isNotZero();
      assertThat(bad.output()).contains(missing).contains("Cannot find checkpoint or savepoint");

      String job1 = submit(cluster, submit, "run-1", null, 1);
      awaitCheckpoints(cluster, job1, 2);
      List<String> checkpointFiles = lake.allFiles("_checkpoints");
      String sp1 = stop(cluster, "stop-1", job1, false);

      String job2 = submit(cluster, submit, "run-2", sp1, 1);
      awaitCheckpoints(cluster, job2, 2);
      String sp2 = stop(cluster, "stop-2", job2, false);

      // rescaled: parallelism 2 from a savepoint taken at parallelism 1
      String job3 = submit(cluster, submit, "run-3", sp2, 2);
      awaitCheckpoints(cluster, job3, 2);
      stop(cluster, "stop-3", job3, true);
      BoundedMedallionRun.awaitFinished(cluster, job3, STEP);

      assertThat(lake.allFiles("savepoints")).anyMatch(p -> p.endsWith("/_metadata"));
      checkLake(lake, replay);
      return checkpointFiles;
    }
  }

  /**
   * Submits the job with docker/bin/medallion-submit.sh, the script the image runs, resuming from
   * {@code savepoint} when not null, at {@code parallelism}.
   */
  private static FlinkProcessCluster.ClientRun submitScript(
      FlinkProcessCluster cluster, Submit submit, String name, String savepoint, int parallelism)
      throws Exception {
    String runOptions = (savepoint == null ? "" : "-s " + savepoint + " ") + "-p " + parallelism;
    return cluster.runScript(
        name,
        submit.script(),
        List.of(
            "--stations",
            "BER",
            "--feed.base-url",
            submit.replay().dataRoot().toString(),
            "--feed.poll-interval",
            "1s",
            "--checkpoints.interval",
            "1s",
            "--checkpoints.path",
            submit.checkpoints(),
            "--parallelism",
            Integer.toString(parallelism)),
        Map.of(
            "FLINK_REST", cluster.restAddress(),
            "MEDALLION_JAR", submit.jobJar().toString(),
            "FLINK_RUN_ARGS", runOptions),
        STEP);
  }

  /** What every submission of one test shares. */
  private record Submit(
      Path script, Path jobJar, MeteoSwissReplayServer replay, String checkpoints) {}

  private static String submit(
      FlinkProcessCluster cluster, Submit submit, String name, String savepoint, int parallelism)
      throws Exception {
    FlinkProcessCluster.ClientRun run = submitScript(cluster, submit, name, savepoint, parallelism);
    Matcher id = JOB_ID.matcher(run.output());
    assertThat(run.exitCode() == 0 && id.find())
        .as("%s:\n%s\n%s", name, run.output(), cluster.logs())
        .isTrue();
    return id.group(1);
  }

  /** {@code flink stop [--drain] --savepointPath rs://lake/savepoints <job>}: the savepoint. */
  private static String stop(FlinkProcessCluster cluster, String name, String job, boolean drain)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("stop"));
    if (drain) {
      args.add("--drain");
    }
    args.addAll(List.of("--savepointPath", "rs://lake/savepoints", job));
    FlinkProcessCluster.ClientRun run = cluster.flink(name, args, STEP);
    Matcher path = SAVEPOINT.matcher(run.output());
    assertThat(run.exitCode() == 0 && path.find())
        .as("flink %s:\n%s\n%s", args, run.output(), cluster.logs())
        .isTrue();
    assertThat(path.group(1)).startsWith("rs://lake/savepoints/savepoint-");
    return path.group(1);
  }

  /** Waits until the job completed {@code n} checkpoints (so it has ingested and committed). */
  private static void awaitCheckpoints(FlinkProcessCluster cluster, String job, int n)
      throws Exception {
    long deadline = System.nanoTime() + STEP.toNanos();
    Pattern completed = Pattern.compile("\"completed\":(\\d+)");
    while (true) {
      String json = cluster.restGet("/jobs/" + job + "/checkpoints");
      Matcher m = json == null ? null : completed.matcher(json);
      if (m != null && m.find() && Integer.parseInt(m.group(1)) >= n) {
        return;
      }
      String status = cluster.jobStatus(job);
      if (status.equals("FAILED") || System.nanoTime() > deadline) {
        throw new AssertionError(
            "Job "
                + job
                + " "
                + status
                + " without "
                + n
                + " checkpoints; exceptions: "
                + cluster.jobExceptions(job)
                + "\n"
                + cluster.logs());
      }
      Thread.sleep(500);
    }
  }

  /** Silver exact between its first and last timestamp; gold's latest summaries from the feed. */
  private static void checkLake(LakeReader lake, MeteoSwissReplayServer replay) throws Exception {
    List<LakeReader.SilverValue> silver = lake.silver();
    assertThat(silver).isNotEmpty();
    Instant first =
        silver.stream().map(LakeReader.SilverValue::timestamp).min(Comparator.naturalOrder()).get();
    Instant last =
        silver.stream().map(LakeReader.SilverValue::timestamp).max(Comparator.naturalOrder()).get();
    assertThat(last).as("the run went on after the second resume").isAfter(START);
    List<MeasurementRow> truth =
        replay.feed().publishedRows("BER", Granularity.T, first, last.plusSeconds(1));
    List<String> expected = new ArrayList<>();
    for (MeasurementRow r : truth) {
      r.values().forEach((code, v) -> expected.add(r.referenceTimestamp() + " " + code + " " + v));
    }
    List<String> actual =
        silver.stream().map(s -> s.timestamp() + " " + s.parameter() + " " + s.value()).toList();
    assertThat(actual)
        .as("every value once between %s and %s", first, last)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);

    Map<LocalDate, BoundedMedallionRun.Day> days = BoundedMedallionRun.expectedDays(truth);
    System.out.printf(
        "SavepointResumeIT: %d silver values (%d feed rows, %s .. %s), %d days in gold%n",
        actual.size(), truth.size(), first, last, days.size());
    List<LakeReader.Summary> summaries = lake.dailySummaries();
    assertThat(summaries.stream().map(s -> s.date() + "/" + s.version()).toList())
        .as("each day's version once")
        .doesNotHaveDuplicates();
    Map<LocalDate, LakeReader.Summary> latest = new TreeMap<>();
    for (LakeReader.Summary s : summaries) {
      latest.merge(s.date(), s, (a, b) -> a.version() >= b.version() ? a : b);
    }
    assertThat(latest.keySet()).as("every day closed by the drain").isEqualTo(days.keySet());
    latest.forEach(
        (date, s) -> {
          BoundedMedallionRun.Day d = days.get(date);
          assertThat(s.samples()).as("samples of " + s).isEqualTo(d.samples());
          assertThat(s.tempMin()).as("min of " + s).isEqualTo(d.temp().getMin());
          assertThat(s.tempMax()).as("max of " + s).isEqualTo(d.temp().getMax());
          assertThat(s.tempMean())
              .as("mean of " + s)
              .isCloseTo(d.temp().getAverage(), org.assertj.core.data.Offset.offset(1e-9));
        });
  }
}
