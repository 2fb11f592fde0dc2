package org.remotestore.medallion.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.remotestore.ext.progress.ConsoleProgress;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.MeteoSwissSource;

/**
 * The progress a person sees: the line's format, the share and ETA arithmetic on a fake clock,
 * silence without a terminal, and the source's backlog gauges as Flink reports them while a real
 * job runs.
 */
class ProgressReportTest {
  private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant JAN_11 = Instant.parse("2026-01-11T00:00:00Z");

  private long now;

  @Test
  void theLineShowsShareFilesRowsBytesEventTimeRateAndEta() {
    ProgressReport report = new ProgressReport(JAN_1, JAN_11, () -> now);
    long jan2 = Instant.parse("2026-01-02T00:00:00Z").toEpochMilli();
    long jan3 = Instant.parse("2026-01-03T00:00:00Z").toEpochMilli();

    assertThat(report.update(new Backlog(1, 3, 2, 1_000, 2048, jan2)))
        .isEqualTo("10.0%  1/4 files  1,000 rows  2.0 KiB  at 2026-01-02 00:00");
    now += 10_000_000_000L; // 10 s later: 10% more done, 4 000 rows more
    assertThat(report.update(new Backlog(2, 2, 2, 5_000, 3 * 1024 * 1024, jan3)))
        .isEqualTo(
            "20.0%  2/4 files  5,000 rows  3.0 MiB  at 2026-01-03 00:00  400 rows/s  ETA 1m 20s");
  }

  @Test
  void aContinuousRunHasNoShareAndNoEta() {
    ProgressReport report = new ProgressReport(null, null, () -> now);
    Backlog live =
        new Backlog(0, 0, 6, 120, 900, Instant.parse("2026-07-15T03:20:00Z").toEpochMilli());
    assertThat(report.share(live)).isEmpty();
    report.update(live);
    now += 2_000_000_000L;
    assertThat(report.update(new Backlog(0, 0, 6, 180, 1500, live.eventTimeMs())))
        .isEqualTo("180 rows  1.5 KiB  at 2026-07-15 03:20  30 rows/s");
  }

  @Test
  void shareComesFromEventTimeWithARangeElseFromFiles() {
    ProgressReport ranged = new ProgressReport(JAN_1, JAN_11, () -> now);
    long jan6 = Instant.parse("2026-01-06T00:00:00Z").toEpochMilli();
    assertThat(ranged.share(new Backlog(0, 9, 1, 5, 5, jan6))).hasValue(0.5);
    assertThat(ranged.share(new Backlog(0, 9, 1, 5, 5, JAN_11.toEpochMilli() + 1))).hasValue(1.0);
    assertThat(ranged.share(new Backlog(4, 0, 0, 5, 5, -1))).hasValue(1.0); // every split done
    ProgressReport files = new ProgressReport(null, null, () -> now);
    assertThat(files.share(new Backlog(3, 1, 1, 5, 5, jan6))).hasValue(0.75);
    assertThat(files.share(new Backlog(0, 0, 0, 0, 0, -1))).isEmpty();
  }

  @Test
  void etaScalesTheTimeTakenToWhatIsLeft() {
    assertThat(ProgressReport.eta(0.0, 0.5, 60)).hasValue(Duration.ofSeconds(60));
    assertThat(ProgressReport.eta(0.2, 0.3, 10)).hasValue(Duration.ofSeconds(70));
    assertThat(ProgressReport.eta(0.2, 0.2, 10)).isEmpty(); // nothing moved yet
    assertThat(ProgressReport.eta(0.5, 1.0, 10)).hasValue(Duration.ZERO);
    assertThat(ProgressReport.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(ProgressReport.duration(Duration.ofSeconds(200))).isEqualTo("3m 20s");
    assertThat(ProgressReport.duration(Duration.ofMinutes(125))).isEqualTo("2h 05m");
  }

  @Test
  void onATerminalTheLineIsRewrittenInPlace() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicInteger calls = new AtomicInteger();
    ProgressPrinter printer =
        new ProgressPrinter(
            new ConsoleProgress(out, "backfill", () -> now, 0),
            new ProgressReport(null, null, () -> now),
            () -> Optional.of(new Backlog(calls.incrementAndGet(), 1, 1, 10, 10, -1)),
            false);
    printer.tick();
    now += 1_000_000_000L;
    printer.tick();
    printer.close();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "\rbackfill  50.0%  1/2 files  10 rows  10 B"
                + "\rbackfill  66.7%  2/3 files  10 rows  10 B  0 rows/s  ETA 2s\n");
  }

  @Test
  void withoutATerminalNothingIsPrintedAndNothingIsRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicInteger reads = new AtomicInteger();
    // the test JVM's output is not a terminal (System.console() is null), as in CI logs
    assertThat(System.console()).isNull();
    try (ProgressPrinter printer =
        ProgressPrinter.start(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            "backfill",
            new ProgressReport(null, null, () -> now),
            () -> {
              reads.incrementAndGet();
              return Optional.of(new Backlog(1, 1, 1, 1, 1, -1));
            },
            Duration.ofMillis(10))) {
      printer.tick();
      assertThat(printer.isShown()).isFalse();
    }
    assertThat(bytes.size()).isZero();
    assertThat(reads).hasValue(0);
  }

  @Test
  void theSourceBacklogGaugesMoveWhileAJobRuns() throws Exception {
    Instant start = Instant.parse("2026-06-15T09:05:00Z");
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(start)
            .speed(0)
            .stations("BER", "LUG")
            .build()
            .start()) {
      // both stations' files answer 429 until released: the source waits with two files pending
      replay.faults().throttleNext(1_000_000, Duration.ofSeconds(1), "ogd-smn_ber_t_");
      replay.faults().throttleNext(1_000_000, Duration.ofSeconds(1), "ogd-smn_lug_t_");
      Configuration conf = new Configuration();
      conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      conf.set(RestOptions.ADDRESS, "127.0.0.1");
      // the REST API's metrics refresh every 10 s by default; the test follows three states
      conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(300));
      MiniCluster cluster =
          new MiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(conf)
                  .setNumTaskManagers(1)
                  .setNumSlotsPerTaskManager(1)
                  .withRandomPorts()
                  .build());
      cluster.start();
      try {
        runTheGaugesJob(replay, cluster);
      } finally {
        cluster.close();
      }
    }
  }

  private static void runTheGaugesJob(MeteoSwissReplayServer replay, MiniCluster cluster)
      throws Exception {
    StreamExecutionEnvironment env =
        new TestStreamEnvironment(cluster, new Configuration(), 1, List.of(), List.of());
    MeteoSwissSource<ParsedLine> source =
        MeteoSwissSource.builder()
            .baseUrl(replay.dataRoot().toString())
            .stations(List.of("BER", "LUG"))
            .bounded(true)
            .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "meteoswiss")
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("progress gauges");
    try {
      URI rest = cluster.getRestAddress().get();
      RestBacklog backlog = new RestBacklog(rest, job.getJobID());
      List<Backlog> seen = new ArrayList<>();

      Backlog waiting = await(backlog, seen, b -> b.filesPending() == 2 && b.splitsPending() == 2);
      assertThat(waiting.filesRead()).isZero();
      assertThat(waiting.rows()).isZero();

      replay.faults().clear();
      replay.faults().throttleNext(1_000_000, Duration.ofSeconds(1), "ogd-smn_lug_t_");
      Backlog half = await(backlog, seen, b -> b.filesRead() == 1 && b.splitsPending() == 1);
      assertThat(half.filesPending()).isEqualTo(1);
      assertThat(half.rows()).isPositive();
      assertThat(half.bytes()).isPositive();
      assertThat(half.eventTimeMs()).isEqualTo(-1); // the unfinished station emitted nothing
      assertThat(new ProgressReport(null, null, System::nanoTime).share(half)).hasValue(0.5);
      replay.faults().clear();
      job.getJobExecutionResult().get();
    } finally {
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get();
      }
    }
  }

  /** Samples the backlog until {@code done} holds (Flink's REST API refreshes every few s). */
  private static Backlog await(RestBacklog backlog, List<Backlog> seen, Predicate<Backlog> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Backlog> b = backlog.read();
      if (b.isPresent()) {
        seen.add(b.get());
        if (done.test(b.get())) {
          return b.get();
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("backlog never matched; samples: " + seen);
  }
}
