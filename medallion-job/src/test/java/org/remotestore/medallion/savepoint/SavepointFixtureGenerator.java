package org.remotestore.medallion.savepoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.util.FileUtils;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * Writes a savepoint fixture of the job as built today, for {@link SavepointCompatibilityIT}: run
 * it once per release that changes the job, and keep every older fixture (each must go on
 * restoring). Not a test: run {@code medallion-job/savepoint-fixture.sh [name]} from the repository
 * root, which compiles the job and its tests and runs this class on the test class path with the
 * fixtures folder {@code medallion-job/src/test/resources/savepoints} and the name (default:
 * today's date and {@code -main}).
 *
 * <p>What it does: starts the replay with the fixture's stations and clock, holding back the
 * 10-minute files of the {@code heldBack} stations (answered {@code 429}, which the source
 * retries); runs the bounded job on a MiniCluster until every other station's silver files are
 * committed; stops the job with a savepoint (mid-run: the held-back stations' splits are still
 * pending, and silver's and gold's state holds the others' values, the gold days still open because
 * the held-back stations keep the watermark back); and copies the lake (without checkpoints) and
 * the savepoint into {@code <dir>/<name>/} with {@code fixture.properties}.
 */
public final class SavepointFixtureGenerator {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private SavepointFixtureGenerator() {}

  /**
   * Arguments: the fixtures folder, and the new fixture's name (default: today's date and "main").
   */
  public static void main(String[] args) throws Exception {
    Path root =
        Paths.get(args.length > 0 ? args[0] : "medallion-job/src/test/resources/savepoints");
    String name = args.length > 1 ? args[1] : LocalDate.now(ZoneOffset.UTC) + "-main";
    Path target = root.resolve(name);
    if (Files.exists(target)) {
      throw new IllegalArgumentException(target + " exists; fixtures are never overwritten");
    }
    SavepointFixture fixture = SavepointFixture.next(name);
    Path work = Files.createTempDirectory("savepoint-fixture");
    try {
      generate(fixture, work, target);
    } finally {
      FileUtils.deleteDirectory(work.toFile());
    }
    long bytes;
    try (Stream<Path> files = Files.walk(target)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf(Locale.ROOT, "fixture %s: %d bytes%n", target.toAbsolutePath(), bytes);
    System.exit(0);
  }

  private static void generate(SavepointFixture fixture, Path work, Path target) throws Exception {
    Path lake = work.resolve(SavepointFixture.LAKE);
    Files.createDirectories(lake);
    try (MeteoSwissReplayServer replay = fixture.replay().build().start()) {
      for (String station : fixture.heldBack()) {
        replay
            .faults()
            .throttleNext(
                1_000_000,
                Duration.ofSeconds(1),
                "ogd-smn_" + station.toLowerCase(Locale.ROOT) + "_t_");
      }
      MedallionConfig cfg = fixture.config(replay, lake, fixture.parallelism());
      RsFileSystems.initialize(cfg.flinkConfiguration());
      Configuration clusterConf = new Configuration();
      clusterConf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      clusterConf.set(RestOptions.ADDRESS, "127.0.0.1");
      try (MiniCluster cluster =
          new MiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(clusterConf)
                  .setNumTaskManagers(1)
                  .setNumSlotsPerTaskManager(4)
                  .withRandomPorts()
                  .build())) {
        cluster.start();
        JobID job =
            cluster
                .submitJob(SavepointFixture.jobGraph(cfg, "medallion savepoint fixture"))
                .get()
                .getJobID();
        awaitCommittedSilver(lake, fixture);
        String savepoint =
            cluster
                .stopWithSavepoint(
                    job,
                    work.resolve("savepoints").toUri().toString(),
                    false,
                    SavepointFormatType.CANONICAL)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        cluster.requestJobResult(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        System.out.println("savepoint " + savepoint);

        Files.createDirectories(target);
        copyLake(lake, target.resolve(SavepointFixture.LAKE));
        SavepointFixture.copyTree(
            Paths.get(java.net.URI.create(savepoint)), target.resolve(SavepointFixture.SAVEPOINT));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("created", Instant.now().toString());
        provenance.put("flink-version", EnvironmentInformation.getVersion());
        provenance.put("job-commit", System.getProperty("fixture.commit", "unknown"));
        fixture.write(target, provenance);
      }
    } finally {
      RsFileSystems.initialize(new Configuration());
    }
  }

  /** Waits until every station not held back has a committed silver file. */
  private static void awaitCommittedSilver(Path lake, SavepointFixture fixture)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (String station : fixture.stations()) {
      if (fixture.heldBack().contains(station)) {
        continue;
      }
      Path dir = lake.resolve("silver/station_abbr=" + station);
      while (!hasCommittedParquet(dir)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no committed silver file of " + station + " in time");
        }
        Thread.sleep(200);
      }
    }
    Thread.sleep(1_000); // a checkpoint or two more: gold's and the sinks' state settle
  }

  private static boolean hasCommittedParquet(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.anyMatch(
          p -> {
            String n = p.getFileName().toString();
            return n.startsWith("part-") && n.endsWith(".parquet");
          });
    }
  }

  private static void copyLake(Path lake, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> top = Files.list(lake)) {
      for (Path p : (Iterable<Path>) top::iterator) {
        if (!p.getFileName().toString().equals("_checkpoints")) {
          SavepointFixture.copyTree(p, target.resolve(p.getFileName().toString()));
        }
      }
    }
  }
}
