package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.replay.MalformedKind;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The source in a continuous job on a MiniCluster against the replay, with checkpoints, a failure
 * injected in the middle of a poll (after a correction was emitted), a restart from the last
 * checkpoint and an exactly-once {@link FileSink}. The committed output must be exactly the
 * replay's ground truth: every published version of every row once, no duplicate and no gap,
 * including the corrections emitted across the restart. A malformed line reaches the side output of
 * {@link RejectedLines} with its reason. At the end one station falls silent and the job's
 * watermark still advances past it (per-split idleness).
 */
class ContinuousJobRestoreTest {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ContinuousJobRestoreTest.class);
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
  static final Instant NOW_WINDOW = Instant.parse("2026-03-09T12:00:00Z");
  static final List<String> STATIONS = List.of("BER", "KLO");
  static final Duration WAIT = Duration.ofSeconds(60);

  /** Per run: whether the failure was injected. */
  static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

  /** Per run: station, timestamp and revision of every row that reached the failing map. */
  static final Map<String, Queue<String>> SEEN = new ConcurrentHashMap<>();

  /** Per run: the highest watermark seen downstream of the source. */
  static final Map<String, AtomicLong> WATERMARK = new ConcurrentHashMap<>();

  @TempDir Path out;

  @Test
  @Timeout(300)
  void restoreFromACheckpointEmitsEveryVersionExactlyOnce() throws Exception {
    HttpBackendAvailable.assumeHttpBackend();
    String run = UUID.randomUUID().toString();
    FAILED.put(run, new AtomicBoolean());
    SEEN.put(run, new ConcurrentLinkedQueue<>());
    WATERMARK.put(run, new AtomicLong(Long.MIN_VALUE));
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(START)
            .speed(0)
            .historyStart(NOW_WINDOW.minus(Duration.ofDays(2)))
            .stations(STATIONS.toArray(String[]::new))
            .threads(2)
            .build()
            .start()) {
      MeteoSwissSource<ParsedLine> source =
          MeteoSwissSource.builder()
              .baseUrl(replay.dataRoot().toString())
              .stations(STATIONS)
              .granularity(Granularity.T)
              .period(PeriodMode.NOW)
              .timing(
                  new PollTiming(
                      Duration.ofMillis(200), 0, Duration.ofMillis(100), Duration.ofMillis(500)))
              .build();

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf());
      SingleOutputStreamOperator<MeasurementRow> rows =
          RejectedLines.split(
              env.fromSource(
                      source,
                      MeteoSwissSource.<ParsedLine>watermarks(
                          Duration.ofMinutes(10), Duration.ofMillis(500)),
                      "meteoswiss")
                  .uid("meteoswiss"));
      rows.getSideOutput(RejectedLines.TAG)
          .map(r -> r.reason() + ";" + r.rawLine())
          .uid("reject-to-line")
          .sinkTo(
              FileSink.forRowFormat(
                      new org.apache.flink.core.fs.Path(out.resolve("rejects").toUri()),
                      new SimpleStringEncoder<String>(StandardCharsets.UTF_8.name()))
                  .withRollingPolicy(OnCheckpointRollingPolicy.build())
                  .build())
          .uid("reject-sink");
      rows.uid("split-rejected")
          .process(new WatermarkProbe(run))
          .uid("watermark-probe")
          .map(new FailOnceAfterStart(run))
          .uid("fail-once")
          .map(ContinuousJobRestoreTest::line)
          .uid("to-line")
          .sinkTo(
              FileSink.forRowFormat(
                      new org.apache.flink.core.fs.Path(out.resolve("rows").toUri()),
                      new SimpleStringEncoder<String>(StandardCharsets.UTF_8.name()))
                  .withRollingPolicy(OnCheckpointRollingPolicy.build())
                  .build())
          .uid("file-sink");
      JobClient job = env.executeAsync("meteoswiss-restore");
      try {
        // 1. the now files are read and committed
        awaitCommitted(replay, STATIONS, null);

        // 2. a correction and a new interval: the correction is emitted, then the job fails on
        // the first new row before the next checkpoint; the restart re-reads both
        // (BER's polls fail meanwhile, so that both changes arrive in one version of the file)
        replay.faults().failNext(1_000_000, "ogd-smn_ber_t_now");
        MeasurementRow corrected =
            replay.feed().correctRecent("BER", Granularity.T, 3, "tre200s0", 0.7);
        String bad =
            replay.feed().injectMalformedRow("KLO", Granularity.T, MalformedKind.NON_NUMERIC);
        replay.clock().advance(Duration.ofMinutes(10));
        replay.faults().clear();
        awaitCommitted(replay, STATIONS, null);
        assertThat(FAILED.get(run)).as("the failure was injected").isTrue();
        String revision1 = "BER;" + corrected.referenceTimestamp() + ";1";
        assertThat(SEEN.get(run).stream().filter(revision1::equals))
            .as("the correction was emitted before the failure and again after the restore")
            .hasSize(2);
        awaitLines(out.resolve("rejects"), "NON_NUMERIC;" + bad);

        // 3. the same row corrected again after the restart: revision 2, numbered from the
        // restored state
        replay
            .feed()
            .correct(
                "BER",
                Granularity.T,
                corrected.referenceTimestamp(),
                "tre200s0",
                corrected.value("tre200s0").orElseThrow() + 0.4);
        replay.clock().advance(Duration.ofMinutes(10));
        List<String> lines = awaitCommitted(replay, STATIONS, null);
        assertThat(lines)
            .filteredOn(l -> l.startsWith("BER;" + corrected.referenceTimestamp() + ";"))
            .extracting(l -> l.split(";")[2])
            .as("the first version, the correction before the restart, the one after it")
            .containsExactlyInAnyOrder("0", "1", "2");

        // 4. KLO falls silent (every request fails) while BER goes on: once KLO is idle the
        // watermark passes KLO's last row
        Instant kloLast = replay.clock().now();
        replay.faults().failNext(1_000_000, "/klo/");
        long kloLastMillis = newestPublished(replay, "KLO").toEpochMilli();
        for (int i = 0; i < 8 && WATERMARK.get(run).get() <= kloLastMillis; i++) {
          replay.clock().advance(Duration.ofMinutes(10));
          awaitCommitted(replay, List.of("BER"), Map.of("KLO", kloLast));
        }
        assertThat(WATERMARK.get(run).get())
            .as("the silent station went idle instead of holding the watermark back")
            .isGreaterThan(kloLastMillis);
        replay.faults().clear();
      } catch (Throwable t) {
        // if the job ended, say why
        try {
          job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
        } catch (Exception jobFailure) {
          t.addSuppressed(jobFailure);
        }
        throw t;
      } finally {
        try {
          job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception alreadyEnded) {
          // the job had already ended (its failure is reported above)
        }
      }
    } finally {
      FAILED.remove(run);
      SEEN.remove(run);
      WATERMARK.remove(run);
    }
  }

  private static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    return conf;
  }

  /**
   * Waits until the committed output holds every version the replay published of every row of
   * {@code stations} (and of the {@code frozen} stations up to their instant), then checks that it
   * holds nothing else: each version exactly once.
   */
  private List<String> awaitCommitted(
      MeteoSwissReplayServer replay, List<String> stations, Map<String, Instant> frozen)
      throws Exception {
    Map<String, Integer> expected = new HashMap<>();
    Map<String, Instant> until = new HashMap<>();
    for (String s : STATIONS) {
      until.put(s, replay.clock().now());
    }
    if (frozen != null) {
      until.putAll(frozen);
    }
    for (String station : STATIONS) {
      if (!stations.contains(station) && (frozen == null || !frozen.containsKey(station))) {
        continue;
      }
      for (MeasurementRow row :
          replay
              .feed()
              .publishedRows(
                  station, Granularity.T, NOW_WINDOW, until.get(station).plusSeconds(1))) {
        for (MeasurementRow version :
            replay.feed().versions(station, Granularity.T, row.referenceTimestamp())) {
          expected.merge(line(version), 1, Integer::sum);
        }
      }
    }
    LOG.info("waiting for {} versions to be committed", expected.size());
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<String> committed = committedLines();
    while (!containsAll(counts(committed), expected) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      committed = committedLines();
    }
    Map<String, Integer> actual = counts(committed);
    LOG.info("{} lines committed", committed.size());
    Set<String> keys = new java.util.HashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    for (String k : keys) {
      int diff = actual.getOrDefault(k, 0) - expected.getOrDefault(k, 0);
      for (int i = 0; i < -diff; i++) {
        missing.add(k);
      }
      for (int i = 0; i < diff; i++) {
        extra.add(k);
      }
    }
    assertThat(missing).as("versions never committed (gaps)").isEmpty();
    assertThat(extra).as("versions committed twice or never published").isEmpty();
    return committed;
  }

  private static boolean containsAll(Map<String, Integer> actual, Map<String, Integer> expected) {
    for (var e : expected.entrySet()) {
      if (actual.getOrDefault(e.getKey(), 0) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Integer> counts(List<String> lines) {
    Map<String, Integer> counts = new HashMap<>();
    for (String l : lines) {
      counts.merge(l, 1, Integer::sum);
    }
    return counts;
  }

  /** Waits until a committed file below {@code dir} holds {@code line} (at least once). */
  private static void awaitLines(Path dir, String line) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!committedLines(dir).contains(line) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(committedLines(dir)).contains(line);
  }

  private List<String> committedLines() throws IOException {
    return committedLines(out.resolve("rows"));
  }

  /** The lines of every committed part file (in-progress and pending files start with a dot). */
  private static List<String> committedLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        try {
          lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException gone) {
          // renamed while listing; read on the next round
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
    }
    return lines;
  }

  private static Instant newestPublished(MeteoSwissReplayServer replay, String station) {
    List<MeasurementRow> rows =
        replay
            .feed()
            .publishedRows(station, Granularity.T, NOW_WINDOW, replay.clock().now().plusSeconds(1));
    return rows.get(rows.size() - 1).referenceTimestamp();
  }

  /** A row as one comparable line: station, timestamp, revision and the values sorted by code. */
  static String line(MeasurementRow row) {
    StringJoiner values = new StringJoiner(",");
    new TreeMap<>(row.values()).forEach((code, v) -> values.add(code + "=" + v));
    return row.station() + ";" + row.referenceTimestamp() + ";" + row.revision() + ";" + values;
  }

  /** Throws once, on the first BER row after {@link #START}: in the middle of a poll's rows. */
  static final class FailOnceAfterStart implements MapFunction<MeasurementRow, MeasurementRow> {
    private final String run;

    FailOnceAfterStart(String run) {
      this.run = run;
    }

    @Override
    public MeasurementRow map(MeasurementRow row) {
      SEEN.get(run).add(row.station() + ";" + row.referenceTimestamp() + ";" + row.revision());
      if (row.station().equals("BER")
          && row.referenceTimestamp().isAfter(START)
          && FAILED.get(run).compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure at " + row.referenceTimestamp());
      }
      return row;
    }
  }

  /** Records the highest watermark seen when a row arrives. */
  static final class WatermarkProbe extends ProcessFunction<MeasurementRow, MeasurementRow> {
    private final String run;

    WatermarkProbe(String run) {
      this.run = run;
    }

    @Override
    public void processElement(
        MeasurementRow row, Context ctx, Collector<MeasurementRow> collector) {
      WATERMARK.get(run).accumulateAndGet(ctx.timerService().currentWatermark(), Math::max);
      collector.collect(row);
    }
  }
}
