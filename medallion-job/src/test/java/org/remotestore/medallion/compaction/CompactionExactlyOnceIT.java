package org.remotestore.medallion.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.demo.CommittedParquet;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.medallion.gold.GoldTables;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.sink.FileCompaction;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestStores;

/**
 * Exactly-once compaction of silver and gold through {@code rs://} (local disk and S3Proxy): a job
 * with silver's partitioned sink and gold's three tables, compaction on, fails once while
 * compaction is pending (raw files waiting in the compaction coordinator's state) or right after a
 * compaction was committed, restarts from its last checkpoint and finishes. Silver must hold every
 * input value exactly once, gold must equal a run without failure and without compaction, readers
 * must see only compacted files (no raw part, no in-progress or temporary file), and with one
 * compaction window per run there is exactly one file per partition and table.
 */
class CompactionExactlyOnceIT {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] STATIONS = {"BER", "LUG"};
  private static final String[] PARAMETERS = {"tre200s0", "rre150z0"};
  private static final int DAYS = 2;
  private static final int VALUES = STATIONS.length * DAYS * 144 * PARAMETERS.length;

  @TempDir static java.nio.file.Path dir;

  @BeforeAll
  static void configureRs() throws IOException {
    Configuration conf =
        S3TestStores.s3("compacts3", S3ProxyServer.shared(), Map.of("part-size", "5mb"));
    conf.setString("rs.backends.compactdisk.type", "local");
    conf.setString(
        "rs.backends.compactdisk.root", Files.createDirectories(dir.resolve("lake")).toString());
    conf.setString("rs.stores.compactlocal.backend", "compactdisk");
    RsFileSystems.initialize(conf);
  }

  @AfterAll
  static void reset() {
    RsFileSystems.initialize(new Configuration());
  }

  /** Mode of the injected failure. */
  enum Failure {
    NONE,
    /** After a third of the input: raw files of every partition wait for the compaction. */
    WHILE_PENDING,
    /** As soon as a compacted silver file is committed, while later files wait for theirs. */
    AFTER_A_COMPACTION
  }

  /** The run without failure and without compaction of each store, made once. */
  private static final Map<String, Path> REFERENCES = new TreeMap<>();

  private Path reference(String store) throws Exception {
    Path reference = REFERENCES.get(store);
    if (reference == null) {
      reference = new Path("rs://" + store + "/reference");
      run(reference, FileCompaction.disabled(), Failure.NONE);
      REFERENCES.put(store, reference);
    }
    return reference;
  }

  @ParameterizedTest
  @ValueSource(strings = {"compactlocal", "compacts3"})
  void aFailureWhileCompactionIsPendingLosesAndDoublesNothing(String store) throws Exception {
    Path reference = reference(store);
    Path lake = new Path("rs://" + store + "/pending");
    // one window: nothing is merged before the end of input, so the failure hits pending files
    run(lake, FileCompaction.of(1L << 40, 1_000_000), Failure.WHILE_PENDING);

    assertExactlyOnce(lake, reference);
    for (String partition : partitions()) {
      assertThat(visibleFiles(new Path(lake, "silver/" + partition)))
          .as("one compacted file and the marker in %s", partition)
          .hasSize(2)
          .anyMatch(n -> n.equals("_SUCCESS"));
    }
    for (String table : GOLD_TABLES) {
      assertThat(visibleFiles(new Path(lake, "gold/" + table))).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"compactlocal"})
  void aFailureAfterACompactionLosesAndDoublesNothing(String store) throws Exception {
    Path reference = reference(store);
    Path lake = new Path("rs://" + store + "/after");
    run(lake, FileCompaction.of(1L << 40, 2), Failure.AFTER_A_COMPACTION);
    assertExactlyOnce(lake, reference);
  }

  private static final List<String> GOLD_TABLES =
      List.of("daily_summary", "station_stats", "alerts");

  private void assertExactlyOnce(Path lake, Path reference) throws IOException {
    assertThat(silverValues(lake)).isEqualTo(expectedSilverValues());
    for (String table : List.of("daily_summary", "alerts")) {
      assertThat(rows(new Path(lake, "gold/" + table)))
          .as("gold %s equals the run without failure and compaction", table)
          .isEqualTo(rows(new Path(reference, "gold/" + table)))
          .isNotEmpty();
    }
    // station_stats rows count what arrived before the watermark reached each refresh, which
    // depends on timing; each (station, as_of) is written once, and the last refresh (at the end
    // of input, with every row) is the same as without failure
    Map<String, Map<String, Object>> latest = new TreeMap<>();
    Map<String, Integer> refreshes = new TreeMap<>();
    for (Map<String, Object> row : rowList(new Path(lake, "gold/station_stats"))) {
      refreshes.merge(row.get("station_abbr") + "@" + row.get("as_of"), 1, Integer::sum);
      latest.merge(String.valueOf(row.get("station_abbr")), row, CompactionExactlyOnceIT::later);
    }
    assertThat(refreshes).isNotEmpty().allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
    Map<String, Map<String, Object>> expectedLatest = new TreeMap<>();
    for (Map<String, Object> row : rowList(new Path(reference, "gold/station_stats"))) {
      expectedLatest.merge(
          String.valueOf(row.get("station_abbr")), row, CompactionExactlyOnceIT::later);
    }
    latest.values().forEach(r -> r.remove("as_of")); // when the last refresh ran is timing
    expectedLatest.values().forEach(r -> r.remove("as_of"));
    assertThat(latest).isEqualTo(expectedLatest).hasSize(STATIONS.length);
    for (String name : visibleFilesBelow(lake)) {
      assertThat(name).matches("compacted-part-.*\\.parquet|_SUCCESS");
    }
    for (String partition : partitions()) {
      assertThat(visibleFiles(new Path(lake, "silver/" + partition))).contains("_SUCCESS");
    }
  }

  // ------------------------------------------------------------------ the job

  private void run(Path lake, FileCompaction compaction, Failure failure) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
        java.time.Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);
    DataGeneratorSource<SilverRecord> source =
        new DataGeneratorSource<>(
            CompactionExactlyOnceIT::value,
            VALUES,
            rate(failure, lake),
            TypeInformation.of(SilverRecord.class));
    DataStream<SilverRecord> silver =
        env.fromSource(
                source,
                WatermarkStrategy.<SilverRecord>forGenerator(ctx -> new EveryRecord())
                    .withTimestampAssigner((r, ts) -> r.referenceTimestamp().toEpochMilli()),
                "values")
            .setParallelism(1)
            .map(new FailOnce(failure, dir.resolve("failed-" + lake.getName()).toString(), lake))
            .setParallelism(1)
            .returns(TypeInformation.of(SilverRecord.class));
    silver
        .sinkTo(SilverRecord.sink(new Path(lake, "silver"), compaction))
        .uid("silver-sink")
        .name("silver");
    GoldTables.attach(silver, new Path(lake, "gold"), GoldConfig.defaults(), compaction);
    env.execute("compaction " + failure);
    if (failure != Failure.NONE) {
      assertThat(Files.exists(dir.resolve("failed-" + lake.getName())))
          .as("the failure was injected")
          .isTrue();
    }
  }

  /** Value {@code i}: station, day, 10-minute slot and parameter, all distinct. */
  static SilverRecord value(long i) {
    int parameter = (int) (i % PARAMETERS.length);
    long rest = i / PARAMETERS.length;
    int station = (int) (rest % STATIONS.length);
    long slot = rest / STATIONS.length; // time advances with i: one slot of all stations at a time
    Instant at = START.plusSeconds(600 * slot);
    double v = parameter == 0 ? (slot % 144) / 4.0 - 5 + station : (slot % 7 == 0 ? 6.0 : 0.1);
    return new SilverRecord(
        STATIONS[station],
        "Station " + STATIONS[station],
        "BE",
        500.0 + station,
        46.0,
        7.0,
        at,
        PARAMETERS[parameter],
        PARAMETERS[parameter],
        parameter == 0 ? "°C" : "mm",
        v,
        "t",
        0,
        at);
  }

  /**
   * 400 values a second; for {@link Failure#AFTER_A_COMPACTION}, from two thirds of the input on,
   * the values are held back (without blocking the task, so checkpoints go on) until a compacted
   * silver file is committed, so that the failure surely comes after a compaction.
   */
  static RateLimiterStrategy<NumberSequenceSource.NumberSequenceSplit> rate(
      Failure failure, Path lake) {
    RateLimiterStrategy<NumberSequenceSource.NumberSequenceSplit> perSecond =
        RateLimiterStrategy.perSecond(400);
    if (failure != Failure.AFTER_A_COMPACTION) {
      return perSecond;
    }
    String silver = new Path(lake, "silver").toString();
    return parallelism -> new HoldUntilCompacted(perSecond.createRateLimiter(parallelism), silver);
  }

  /** See {@link #rate}. */
  static final class HoldUntilCompacted
      implements RateLimiter<NumberSequenceSource.NumberSequenceSplit> {
    private final RateLimiter<NumberSequenceSource.NumberSequenceSplit> rate;
    private final String silver;
    private long acquired;
    private volatile boolean compacted;

    HoldUntilCompacted(RateLimiter<NumberSequenceSource.NumberSequenceSplit> rate, String silver) {
      this.rate = rate;
      this.silver = silver;
    }

    @Override
    public CompletionStage<Void> acquire(int permits) {
      acquired += permits;
      if (compacted || acquired < VALUES * 2 / 3) {
        return rate.acquire(permits);
      }
      return CompletableFuture.runAsync(
          () -> {
            try {
              while (compactedFiles(new Path(silver)).isEmpty()) {
                Thread.sleep(50);
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            compacted = true;
          });
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      rate.notifyCheckpointComplete(checkpointId);
    }
  }

  /** Fails once, at the point {@link Failure} names; a file remembers that it did. */
  static final class FailOnce implements MapFunction<SilverRecord, SilverRecord>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Failure failure;
    private final String flag;
    private final String lake;
    private long seen;

    FailOnce(Failure failure, String flag, Path lake) {
      this.failure = failure;
      this.flag = flag;
      this.lake = lake.toString();
    }

    @Override
    public SilverRecord map(SilverRecord value) throws Exception {
      seen++;
      if (failure == Failure.NONE || Files.exists(java.nio.file.Path.of(flag))) {
        return value;
      }
      boolean now =
          switch (failure) {
            case WHILE_PENDING -> seen == VALUES / 3;
            case AFTER_A_COMPACTION ->
                seen >= VALUES * 2 / 3
                    && seen % 20 == 0
                    && !compactedFiles(new Path(lake, "silver")).isEmpty();
            default -> false;
          };
      if (now) {
        Files.createFile(java.nio.file.Path.of(flag));
        throw new IllegalStateException("injected failure (" + failure + ") after " + seen);
      }
      return value;
    }
  }

  // ------------------------------------------------------------------ reading back

  private static List<String> partitions() {
    java.util.Set<String> partitions = new java.util.TreeSet<>();
    for (long i = 0; i < VALUES; i++) {
      partitions.add(value(i).partition());
    }
    assertThat(partitions).hasSize(STATIONS.length * DAYS);
    return new ArrayList<>(partitions);
  }

  private static Map<String, Integer> expectedSilverValues() {
    Map<String, Integer> values = new TreeMap<>();
    for (long i = 0; i < VALUES; i++) {
      SilverRecord r = value(i);
      values.merge(
          r.stationAbbr() + "|" + r.referenceTimestamp() + "|" + r.parameter() + "|" + r.value(),
          1,
          Integer::sum);
    }
    return values;
  }

  private static Map<String, Integer> silverValues(Path lake) throws IOException {
    Map<String, Integer> values = new TreeMap<>();
    for (String partition : partitions()) {
      String station = partition.substring("station_abbr=".length(), partition.indexOf('/'));
      for (Path file : CommittedParquet.committedFiles(new Path(lake, "silver/" + partition))) {
        for (Map<String, Object> row : CommittedParquet.readFile(file)) {
          values.merge(
              station
                  + "|"
                  + row.get("reference_timestamp")
                  + "|"
                  + row.get("parameter")
                  + "|"
                  + row.get("value"),
              1,
              Integer::sum);
        }
      }
    }
    return values;
  }

  private static Map<String, Object> later(Map<String, Object> a, Map<String, Object> b) {
    return ((Instant) a.get("as_of")).isAfter((Instant) b.get("as_of"))
        ? new TreeMap<>(a)
        : new TreeMap<>(b);
  }

  private static List<Map<String, Object>> rowList(Path table) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path file : CommittedParquet.committedFiles(table)) {
      rows.addAll(CommittedParquet.readFile(file));
    }
    return rows;
  }

  /** The rows of a table as a multiset of their printed form. */
  private static Map<String, Integer> rows(Path table) throws IOException {
    Map<String, Integer> rows = new TreeMap<>();
    for (Path file : CommittedParquet.committedFiles(table)) {
      for (Map<String, Object> row : CommittedParquet.readFile(file)) {
        rows.merge(new TreeMap<>(row).toString(), 1, Integer::sum);
      }
    }
    return rows;
  }

  static List<String> compactedFiles(Path folder) throws IOException {
    List<String> names = new ArrayList<>();
    for (String name : visibleFilesBelow(folder)) {
      if (name.startsWith("compacted-")) {
        names.add(name);
      }
    }
    return names;
  }

  private static List<String> visibleFiles(Path folder) throws IOException {
    List<String> names = new ArrayList<>();
    FileSystem fs = folder.getFileSystem();
    if (!fs.exists(folder)) {
      return names;
    }
    for (FileStatus s : fs.listStatus(folder)) {
      String name = s.getPath().getName();
      if (!s.isDir() && !name.startsWith(".")) {
        names.add(name);
      }
    }
    return names;
  }

  /** Names of the visible files anywhere below {@code folder} (hidden files left out). */
  static List<String> visibleFilesBelow(Path folder) throws IOException {
    List<String> names = new ArrayList<>();
    FileSystem fs = folder.getFileSystem();
    if (!fs.exists(folder)) {
      return names;
    }
    for (FileStatus s : fs.listStatus(folder)) {
      String name = s.getPath().getName();
      if (s.isDir()) {
        names.addAll(visibleFilesBelow(s.getPath()));
      } else if (!name.startsWith(".")) {
        names.add(name);
      }
    }
    return names;
  }

  /** A watermark after every value, so that gold's output depends on the values only. */
  static final class EveryRecord implements WatermarkGenerator<SilverRecord>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onEvent(SilverRecord r, long ts, WatermarkOutput out) {
      out.emitWatermark(new Watermark(ts - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {}
  }
}
