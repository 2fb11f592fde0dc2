package org.remotestore.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The job jar submitted with {@code flink run} to a standalone Flink cluster whose {@code rs://}
 * file system comes only from the plugin in {@code plugins/rs/}, against the replay server: the
 * lake (local backend) gets committed bronze, silver and gold files and checkpoints, and every
 * committed bronze line is one the feed served, once.
 *
 * <p>Needs the packaged jars ({@code medallion-job-*-job.jar}, {@code
 * flink-rs-filesystem-*-plugin.jar}), which {@code mvn verify} builds before this module's tests;
 * with {@code mvn test} alone they do not exist and the test is skipped, saying so.
 */
class MedallionJobOnClusterTest {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Instant START = Instant.parse("2026-07-14T22:00:00Z");

  @TempDir Path tmp;

  @Test
  @Timeout(600)
  void theJobJarRunsOnAClusterWithTheRsPlugin() throws Exception {
    Path repo = BoundedMedallionRun.repositoryRoot();
    Optional<Path> jobJar =
        BoundedMedallionRun.single(
            repo.resolve("medallion-job/target"), "medallion-job-", "-job.jar");
    Optional<Path> pluginJar =
        BoundedMedallionRun.single(
            repo.resolve("flink-rs-filesystem/target"), "flink-rs-filesystem-", "-plugin.jar");
    assumeTrue(
        jobJar.isPresent() && pluginJar.isPresent(),
        "Skipped: the job jar and the plugin jar are built by the package phase; run `mvn verify`"
            + " (found job jar: "
            + jobJar.isPresent()
            + ", plugin jar: "
            + pluginJar.isPresent()
            + ")");

    Path lake = Files.createDirectories(tmp.resolve("lake"));
    try (MeteoSwissReplayServer replay =
            MeteoSwissReplayServer.builder()
                .stations("BER")
                .start(START)
                .historyStart(Instant.parse("2026-07-12T00:00:00Z"))
                .speed(1200)
                .build()
                .start();
        FlinkProcessCluster cluster =
            new FlinkProcessCluster(
                Files.createDirectories(tmp.resolve("flink")),
                pluginJar.get(),
                Map.of(
                    "rs.backends.disk.type", "local",
                    "rs.backends.disk.root", lake.toString(),
                    "rs.stores.lake.backend", "disk"))) {
      cluster.start(Duration.ofMinutes(3));
      String jobId =
          cluster.submit(
              jobJar.get(),
              List.of(
                  "--stations", "BER",
                  "--feed.base-url", replay.dataRoot().toString(),
                  "--feed.poll-interval", "1s",
                  "--checkpoints.interval", "2s",
                  "--parallelism", "1"),
              Duration.ofMinutes(3));

      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!(hasCommitted(lake.resolve("gold/daily_summary"), ".parquet")
          && hasCommitted(lake.resolve("silver"), ".parquet")
          && hasCommitted(lake.resolve("bronze/rows"), ".csv")
          && hasCompletedCheckpoint(lake.resolve("_checkpoints")))) {
        String status = cluster.jobStatus(jobId);
        if (status.equals("FAILED") || System.nanoTime() > deadline) {
          throw new AssertionError(
              "Job "
                  + status
                  + "; exceptions: "
                  + cluster.jobExceptions(jobId)
                  + "\n"
                  + cluster.logs());
        }
        Thread.sleep(1000);
      }
      assertThat(cluster.jobStatus(jobId)).isEqualTo("RUNNING");

      // every committed bronze line is a line the feed served, and none is there twice
      Set<String> served = new HashSet<>();
      served.addAll(lines(replay.dataRoot().resolve("ber/ogd-smn_ber_t_now.csv")));
      served.addAll(lines(replay.dataRoot().resolve("ber/ogd-smn_ber_t_recent.csv")));
      List<String> bronze = committedDataLines(lake.resolve("bronze/rows"));
      assertThat(bronze).isNotEmpty().doesNotHaveDuplicates();
      assertThat(served).containsAll(bronze);
      cluster.cancel(jobId);
    }
  }

  private static boolean hasCommitted(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(f -> isCommitted(f, suffix));
    }
  }

  private static boolean isCommitted(Path f, String suffix) {
    String name = f.getFileName().toString();
    return (name.startsWith("part-") || name.startsWith("compacted-part-"))
        && name.endsWith(suffix)
        && Files.isRegularFile(f);
  }

  private static boolean hasCompletedCheckpoint(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(
          f ->
              f.getFileName().toString().equals("_metadata")
                  && f.getParent().getFileName().toString().startsWith("chk-"));
    }
  }

  /** Data lines of the committed bronze CSV part files (each file starts with its header). */
  private static List<String> committedDataLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> isCommitted(p, ".csv")).sorted().toList()) {
        List<String> all = Files.readAllLines(f, WINDOWS_1252);
        lines.addAll(all.subList(1, all.size()));
      }
    }
    return lines;
  }

  private static List<String> lines(URI uri) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
    return new String(r.body(), WINDOWS_1252).lines().toList();
  }
}
