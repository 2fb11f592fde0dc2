package org.remotestore.medallion.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.backfill.GroundTruth;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * Every kept savepoint of an earlier build of the job ({@code src/test/resources/savepoints/*},
 * written by {@link SavepointFixtureGenerator}) restores into the job as built now: the restore
 * must map every piece of saved state onto an operator (no {@code allowNonRestoredState}), at
 * parallelism 2 whatever the saved one, and the bounded run must then complete with every value of
 * the feed exactly once in silver, every feed row once in bronze, and gold's daily summaries equal
 * to the computation from the replay's rows ({@link GroundTruth}).
 *
 * <p>Each fixture was taken mid-run: the stations of {@code held-back} had not been read, the
 * others were committed to the lake, their silver deduplication and gold day state in the
 * savepoint. So the restored job must read exactly the held-back stations (the source's split and
 * enumerator state), keep the saved gold state (days that close only now hold the values read
 * before the savepoint), and commit on top of the saved lake.
 */
class SavepointCompatibilityIT {
  private static final int RESTORE_PARALLELISM = 2;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path work;

  @AfterAll
  static void resetFileSystems() {
    RsFileSystems.initialize(new Configuration());
  }

  static List<Path> fixtures() throws IOException, URISyntaxException {
    URL root = SavepointCompatibilityIT.class.getResource("/savepoints");
    assertThat(root).as("savepoint fixtures on the test class path").isNotNull();
    List<Path> all = SavepointFixture.all(Paths.get(root.toURI()));
    assertThat(all).as("savepoint fixtures").isNotEmpty();
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aKeptSavepointRestoresAndTheRunCompletesWithTheRightRows(Path dir) throws Exception {
    SavepointFixture fixture = SavepointFixture.read(dir);
    Path lake = work.resolve(SavepointFixture.LAKE);
    Path savepoint = work.resolve(SavepointFixture.SAVEPOINT);
    SavepointFixture.copyTree(dir.resolve(SavepointFixture.LAKE), lake);
    SavepointFixture.copyTree(dir.resolve(SavepointFixture.SAVEPOINT), savepoint);
    long silverFilesBefore = parquetFiles(lake.resolve("silver"));
    assertThat(silverFilesBefore).as("silver files the fixture's lake holds").isPositive();

    try (MeteoSwissReplayServer replay = fixture.replay().build().start()) {
      MedallionConfig cfg = fixture.config(replay, lake, RESTORE_PARALLELISM);
      RsFileSystems.initialize(cfg.flinkConfiguration());
      JobGraph job = SavepointFixture.jobGraph(cfg, "medallion restored from " + fixture.name());
      job.setSavepointRestoreSettings(
          SavepointRestoreSettings.forPath(
              savepoint.toUri().toString(), false, RecoveryClaimMode.NO_CLAIM));
      MiniCluster cluster = RsMiniCluster.get();
      JobID id = cluster.submitJob(job).get().getJobID();
      JobResult result = cluster.requestJobResult(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      // throws the job's failure (such as state that maps to no operator) if it did not finish
      result.toJobExecutionResult(SavepointCompatibilityIT.class.getClassLoader());

      // the now file of every station, as the replay serves it at the fixture's clock
      Instant from = fixture.start().truncatedTo(ChronoUnit.DAYS).minus(12, ChronoUnit.HOURS);
      GroundTruth.Expected expected =
          GroundTruth.Expected.of(replay, fixture.stations(), from, fixture.start().plusSeconds(1));

      GroundTruth.Silver silver = GroundTruth.Silver.read(lake.resolve("silver"));
      assertThat(silver.revisions).as("silver values that are not revision 0").isZero();
      assertThat(silver.values).as("silver values").isEqualTo(expected.values);
      assertThat(silver.hashSum).as("silver content (order-free hash)").isEqualTo(expected.hashSum);
      assertThat(bronzeLines(lake.resolve("bronze/rows"))).isEqualTo(expected.rows);

      Map<String, Map<String, Object>> gold =
          GroundTruth.latestDailySummaries(lake.resolve("gold"));
      assertThat(gold.keySet()).isEqualTo(expected.days.keySet());
      for (Map.Entry<String, GroundTruth.Day> e : expected.days.entrySet()) {
        e.getValue().check(e.getKey(), gold.get(e.getKey()));
      }
    }
  }

  private static long parquetFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("part-") && n.endsWith(".parquet"))
          .count();
    }
  }

  /** Data lines of the committed bronze CSV files (one header per file dropped). */
  private static long bronzeLines(Path dir) throws IOException {
    long lines = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("part-") && n.endsWith(".csv")) {
          lines += Files.readAllLines(p, StandardCharsets.ISO_8859_1).size() - 1;
        }
      }
    }
    return lines;
  }
}
