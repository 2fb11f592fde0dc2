package org.remotestore.medallion.savepoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.PeriodMode;

/**
 * One kept savepoint of the medallion job: the replay it read (stations, simulated clock, seed,
 * history start), the job settings, and the two folders the fixture holds, {@code lake/} (the lake
 * as it was when the savepoint was taken, checkpoints left out) and {@code savepoint/} (Flink's
 * savepoint folder, relocatable: its {@code _metadata} refers to its files by relative paths, and
 * the job's state refers to the lake by {@code rs://lake/...}, whatever folder the {@code local}
 * backend's root is).
 *
 * <p>The description is {@code fixture.properties} next to the two folders. {@link
 * SavepointFixtureGenerator} writes fixtures, {@link SavepointCompatibilityIT} restores every one
 * of them below {@code src/test/resources/savepoints/}.
 *
 * @param name the fixture's folder name
 * @param stations the replay's (and the job's) stations
 * @param start the replay's simulated clock (speed 0: it stays there)
 * @param seed the replay's weather seed
 * @param historyStart the replay's first published instant
 * @param parallelism the job's parallelism when the savepoint was taken
 * @param heldBack the stations whose files the replay held back until the savepoint
 */
record SavepointFixture(
    String name,
    List<String> stations,
    Instant start,
    long seed,
    Instant historyStart,
    int parallelism,
    List<String> heldBack) {

  /** The fixture's description file. */
  static final String PROPERTIES = "fixture.properties";

  /** The folder of the lake (the {@code local} backend's root) in a fixture. */
  static final String LAKE = "lake";

  /** The savepoint folder in a fixture. */
  static final String SAVEPOINT = "savepoint";

  /** The job's lake store, as the job's state names it. */
  static final String LAKE_STORE = "lake";

  /** The settings of a new fixture (today's): two stations, one held back. */
  static SavepointFixture next(String name) {
    return new SavepointFixture(
        name,
        List.of("BER", "LUG"),
        Instant.parse("2026-06-15T09:05:00Z"),
        42,
        Instant.parse("2026-06-01T00:00:00Z"),
        1,
        List.of("LUG"));
  }

  /** A replay server serving the fixture's feed (not started). */
  MeteoSwissReplayServer.Builder replay() {
    return MeteoSwissReplayServer.builder()
        .stations(stations.toArray(String[]::new))
        .start(start)
        .speed(0)
        .seed(seed)
        .historyStart(historyStart)
        .incompleteNewestRow(false);
  }

  /**
   * The job's configuration: a bounded run of the {@code now} files, the lake {@code rs://lake/} on
   * the {@code local} backend rooted at {@code lakeRoot}, checkpoints in it.
   */
  MedallionConfig config(MeteoSwissReplayServer replay, Path lakeRoot, int jobParallelism) {
    return MedallionConfig.builder()
        .stations(stations)
        .feedBaseUrl(replay.dataRoot().toString())
        .period(PeriodMode.NOW)
        .bounded(true)
        .checkpointInterval(Duration.ofMillis(500))
        .parallelism(jobParallelism)
        .rsKeys(rsKeys(lakeRoot))
        .build();
  }

  /** The {@code rs.} keys of the lake store on the local backend rooted at {@code lakeRoot}. */
  static Map<String, String> rsKeys(Path lakeRoot) {
    Map<String, String> keys = new TreeMap<>();
    keys.put("rs.backends.disk.type", "local");
    keys.put("rs.backends.disk.root", lakeRoot.toAbsolutePath().toString());
    keys.put("rs.stores." + LAKE_STORE + ".backend", "disk");
    return keys;
  }

  /** The job graph of today's medallion job for {@code cfg} (hashmap state backend). */
  static JobGraph jobGraph(MedallionConfig cfg, String jobName) {
    Configuration conf = new Configuration(cfg.flinkConfiguration());
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
    MedallionPipeline.build(env, cfg);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(jobName);
    return graph.getJobGraph();
  }

  /** Writes {@code fixture.properties} into {@code dir}, with free-form provenance notes. */
  void write(Path dir, Map<String, String> provenance) throws IOException {
    Properties p = new Properties();
    p.setProperty("stations", String.join(",", stations));
    p.setProperty("start", start.toString());
    p.setProperty("seed", Long.toString(seed));
    p.setProperty("history-start", historyStart.toString());
    p.setProperty("parallelism", Integer.toString(parallelism));
    p.setProperty("held-back", String.join(",", heldBack));
    provenance.forEach(p::setProperty);
    try (OutputStream out = Files.newOutputStream(dir.resolve(PROPERTIES))) {
      p.store(out, "savepoint fixture of the medallion job; see SavepointFixtureGenerator");
    }
  }

  /** Reads the fixture in {@code dir}. */
  static SavepointFixture read(Path dir) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve(PROPERTIES))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SavepointFixture(
        dir.getFileName().toString(),
        list(p.getProperty("stations")),
        Instant.parse(p.getProperty("start")),
        Long.parseLong(p.getProperty("seed")),
        Instant.parse(p.getProperty("history-start")),
        Integer.parseInt(p.getProperty("parallelism")),
        list(p.getProperty("held-back", "")));
  }

  /** Every fixture below {@code root} (a folder per fixture), by name. */
  static List<Path> all(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(PROPERTIES))).sorted().toList();
    }
  }

  /** Copies a folder tree (hidden files included). */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static List<String> list(String csv) {
    return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
  }
}
