package org.remotestore.tests.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The packaged jars the process-cluster suites run, the bounded medallion job's arguments against
 * the replay server, and what the replay says the lake must then hold (the independent computation
 * the suites compare with).
 */
final class BoundedMedallionRun {
  /** The replay's simulated instant (its clock stands still). */
  static final Instant START = Instant.parse("2026-06-15T09:05:00Z");

  static final String STATION = "BER";

  private BoundedMedallionRun() {}

  /** The job jar and the plugin jar, or the test is skipped (they exist after `package`). */
  record Jars(Path job, Path plugin, Path repo) {}

  static Jars jars() throws IOException {
    Path repo = repositoryRoot();
    Optional<Path> job = single(repo.resolve("medallion-job/target"), "medallion-job-", "-job.jar");
    Optional<Path> plugin =
        single(repo.resolve("flink-rs-filesystem/target"), "flink-rs-filesystem-", "-plugin.jar");
    assumeTrue(
        job.isPresent() && plugin.isPresent(),
        "Skipped: the job jar and the plugin jar are built by the package phase; run `mvn verify`"
            + " (found job jar: "
            + job.isPresent()
            + ", plugin jar: "
            + plugin.isPresent()
            + ")");
    return new Jars(job.get(), plugin.get(), repo);
  }

  /**
   * A replay of {@link #STATION} frozen at {@link #START}: the feed does not change during a test.
   */
  static MeteoSwissReplayServer replay() throws IOException {
    return MeteoSwissReplayServer.builder().stations(STATION).start(START).speed(0).build().start();
  }

  /** {@code flink run} arguments of the bounded job (each feed file read once, then finished). */
  static List<String> jobArgs(MeteoSwissReplayServer replay, int parallelism) {
    return List.of(
        "--stations",
        STATION,
        "--feed.base-url",
        replay.dataRoot().toString(),
        "--feed.bounded",
        "true",
        "--checkpoints.interval",
        "1s",
        "--parallelism",
        Integer.toString(parallelism));
  }

  /** The rows of the {@code now} file the bounded job reads: from noon of the day before. */
  static List<MeasurementRow> servedRows(MeteoSwissReplayServer replay) {
    Instant from = START.truncatedTo(ChronoUnit.DAYS).minus(12, ChronoUnit.HOURS);
    return replay.feed().publishedRows(STATION, Granularity.T, from, START.plusSeconds(1));
  }

  /** Expected {@code daily_summary} values of one UTC day, computed from the replay's rows. */
  record Day(
      LocalDate date,
      DoubleSummaryStatistics temp,
      DoubleSummaryStatistics rain,
      DoubleSummaryStatistics sun,
      DoubleSummaryStatistics gust,
      int samples,
      int lines) {}

  static Map<LocalDate, Day> expectedDays(List<MeasurementRow> rows) {
    Map<LocalDate, List<MeasurementRow>> byDay = new TreeMap<>();
    for (MeasurementRow r : rows) {
      byDay
          .computeIfAbsent(
              r.referenceTimestamp().atZone(ZoneOffset.UTC).toLocalDate(), d -> new ArrayList<>())
          .add(r);
    }
    Map<LocalDate, Day> days = new TreeMap<>();
    byDay.forEach(
        (date, dayRows) -> {
          Day d =
              new Day(
                  date,
                  new DoubleSummaryStatistics(),
                  new DoubleSummaryStatistics(),
                  new DoubleSummaryStatistics(),
                  new DoubleSummaryStatistics(),
                  (int) dayRows.stream().filter(r -> !r.values().isEmpty()).count(),
                  dayRows.size());
          for (MeasurementRow r : dayRows) {
            r.value("tre200s0").ifPresent(d.temp());
            r.value("rre150z0").ifPresent(d.rain());
            r.value("sre000z0").ifPresent(d.sun());
            r.value("fu3010z1").ifPresent(d.gust());
          }
          days.put(date, d);
        });
    return days;
  }

  /**
   * Submits the job with {@code docker/bin/medallion-submit.sh}, the script the image's {@code
   * medallion-submit} service runs, and returns the job id.
   */
  static String submit(FlinkProcessCluster cluster, Jars jars, String name, List<String> jobArgs)
      throws Exception {
    FlinkProcessCluster.ClientRun run =
        cluster.runScript(
            name,
            jars.repo().resolve("docker/bin/medallion-submit.sh"),
            jobArgs,
            Map.of("FLINK_REST", cluster.restAddress(), "MEDALLION_JAR", jars.job().toString()),
            Duration.ofMinutes(3));
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("JobID ([0-9a-f]{32})").matcher(run.output());
    if (run.exitCode() != 0 || !id.find()) {
      throw new AssertionError(
          name + " failed (exit " + run.exitCode() + "):\n" + run.output() + "\n" + cluster.logs());
    }
    return id.group(1);
  }

  /** Waits until the job is FINISHED; fails with the cluster's logs if it fails or times out. */
  static void awaitFinished(FlinkProcessCluster cluster, String jobId, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String status = cluster.jobStatus(jobId);
      if (status.equals("FINISHED")) {
        return;
      }
      if (status.equals("FAILED") || status.equals("CANCELED") || System.nanoTime() > deadline) {
        throw new AssertionError(
            "Job "
                + jobId
                + " "
                + status
                + "; exceptions: "
                + cluster.jobExceptions(jobId)
                + "\n"
                + cluster.logs());
      }
      Thread.sleep(500);
    }
  }

  /**
   * The SQL connector jar {@code flink-rs-source/target/flink-sql-connector-meteoswiss-<v>.jar},
   * which the package phase builds.
   */
  static Path sqlConnectorJar(Path repo) throws IOException {
    return single(repo.resolve("flink-rs-source/target"), "flink-sql-connector-meteoswiss-", ".jar")
        .orElseThrow(
            () ->
                new AssertionError(
                    "no flink-rs-source/target/flink-sql-connector-meteoswiss-*.jar; run `mvn"
                        + " verify`"));
  }

  static Optional<Path> single(Path dir, String prefix, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found =
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith(prefix)
                          && f.getFileName().toString().endsWith(suffix))
              .toList();
      if (found.size() > 1) {
        throw new IllegalStateException("More than one " + prefix + "*" + suffix + " in " + dir);
      }
      return found.stream().findFirst();
    }
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("medallion-job/pom.xml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "No repository root (with medallion-job/pom.xml) above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
