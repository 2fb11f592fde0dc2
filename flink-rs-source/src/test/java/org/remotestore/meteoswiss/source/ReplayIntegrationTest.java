package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.meteoswiss.replay.MalformedKind;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The source's reader against the replay server over the real {@code http} backend: every
 * comparison is with the replay's ground truth. Polling is driven by a manual clock; the replay's
 * simulated time is advanced by hand.
 */
class ReplayIntegrationTest extends TwoStationReplayFixture {
  static final long MIN10 = 600_000;

  @Override
  String[] stations() {
    return new String[] {"BER", "KLO", "SMA"};
  }

  MeteoSwissSource.Builder<ParsedLine> source(PeriodMode mode, boolean bounded) {
    return MeteoSwissSource.builder()
        .baseUrl(replay.dataRoot().toString())
        .stacItemsUrl(replay.stacItems() + "?limit=2")
        .stations("BER")
        .period(mode)
        .bounded(bounded)
        .historicalFirstYear(2020)
        .timing(
            new PollTiming(Duration.ofMinutes(10), 0, Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .timersFactory(n -> timers);
  }

  FeedSourceReader<ParsedLine> reader(MeteoSwissSource.Builder<ParsedLine> b, FeedSplit split) {
    var reader = (FeedSourceReader<ParsedLine>) b.build().createReader(new TestReaderContext());
    reader.start();
    reader.addSplits(List.of(split));
    readers.add(reader);
    return reader;
  }

  static FeedSplit plan(MeteoSwissSource.Builder<ParsedLine> b, String station) {
    MeteoSwissSourceConfig c = b.buildConfig();
    return new SplitPlanner(c.granularity(), c.period(), c.bounded(), c.historicalFirstYear())
        .plan(DiscoveredStation.of(station), 2026);
  }

  static List<MeasurementRow> rows(List<CollectingOutput<ParsedLine>> outs) {
    List<MeasurementRow> rows = new ArrayList<>();
    for (var out : outs) {
      for (ParsedLine l : out.records()) {
        if (l instanceof MeasurementRow r) {
          rows.add(r);
        }
      }
    }
    return rows;
  }

  List<MeasurementRow> truth(Instant from) {
    return replay
        .feed()
        .publishedRows("BER", Granularity.T, from, replay.clock().now().plusSeconds(1));
  }

  /** Every key emitted exactly once as revision 0, and the newest version equals the truth. */
  static void assertMatchesTruth(List<MeasurementRow> emitted, List<MeasurementRow> truth) {
    List<Instant> firsts =
        emitted.stream()
            .filter(r -> r.revision() == 0)
            .map(MeasurementRow::referenceTimestamp)
            .toList();
    assertThat(firsts).doesNotHaveDuplicates();
    Map<Instant, MeasurementRow> newest = new HashMap<>();
    for (MeasurementRow r : emitted) {
      newest.put(r.referenceTimestamp(), r.withoutProvenance());
    }
    assertThat(newest).hasSize(truth.size());
    for (MeasurementRow t : truth) {
      assertThat(newest.get(t.referenceTimestamp()))
          .as("row %s", t.referenceTimestamp())
          .isEqualTo(t);
    }
  }

  @Test
  void continuousPollingGets304WithNoBodyWhenNothingChanged() throws Exception {
    var b = source(PeriodMode.NOW, false);
    var out = new CollectingOutput<ParsedLine>();
    var reader = reader(b, plan(b, "BER"));
    drive(reader, out);
    Instant nowWindow = Instant.parse("2026-03-09T12:00:00Z");
    assertMatchesTruth(rows(List.of(out)), truth(nowWindow));
    long bytes = reader.metrics().bytesReceived.getCount();
    assertThat(bytes).isPositive();
    assertThat(replay.requests()).hasSize(1);
    assertThat(replay.requests().get(0).requestHeaders().get("accept-encoding")).contains("gzip");
    assertThat(replay.requests().get(0).bodyBytes())
        .as("the file travels gzip-compressed and is counted decoded")
        .isPositive()
        .isLessThan(bytes / 2);

    replay.clearRequests();
    timers.advance(10 * 60_000);
    drive(reader, out);
    assertThat(replay.requests()).hasSize(1);
    assertThat(replay.requests().get(0).status()).isEqualTo(304);
    assertThat(replay.requests().get(0).bodyBytes()).isZero();
    assertThat(replay.requests().get(0).requestHeaders()).containsKey("if-none-match");
    assertThat(reader.metrics().notModified.getCount()).isEqualTo(1);
    assertThat(reader.metrics().bytesReceived.getCount()).isEqualTo(bytes);

    replay.clock().advance(Duration.ofMinutes(10));
    timers.advance(10 * 60_000);
    drive(reader, out);
    assertMatchesTruth(rows(List.of(out)), truth(nowWindow));
    assertThat(rows(List.of(out)).get(rows(List.of(out)).size() - 1).referenceTimestamp())
        .isEqualTo(START.plus(Duration.ofMinutes(10)));
  }

  @Test
  void restartFromACheckpointHasNoDuplicateAndNoGap() throws Exception {
    var b = source(PeriodMode.BACKFILL, false);
    var first = reader(b, plan(b, "BER"));
    var out1 = new CollectingOutput<ParsedLine>();
    for (int i = 0; i < 30 && rows(List.of(out1)).size() < 5000; i++) {
      first.pollNext(out1);
    }
    byte[] checkpoint = FeedSplitSerializer.INSTANCE.serialize(first.snapshotState(7).get(0));
    int emittedBefore = rows(List.of(out1)).size();
    assertThat(emittedBefore).isBetween(1000, 9000);
    first.close();
    readers.remove(first);

    replay.clock().advance(Duration.ofMinutes(30));
    var second =
        reader(
            b, FeedSplitSerializer.INSTANCE.deserialize(FeedSplitSerializer.VERSION, checkpoint));
    var out2 = new CollectingOutput<ParsedLine>();
    drive(second, out2);
    assertMatchesTruth(rows(List.of(out1, out2)), truth(HISTORY));
    assertThat(rows(List.of(out1, out2))).allMatch(r -> r.revision() == 0);
  }

  @Test
  void boundedBackfillIsSeamlessAcrossHistoricalRecentAndNow() throws Exception {
    var b = source(PeriodMode.BACKFILL, true);
    var reader = reader(b, plan(b, "BER"));
    reader.notifyNoMoreSplits();
    var out = new CollectingOutput<ParsedLine>();
    assertThat(drive(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);
    assertMatchesTruth(rows(List.of(out)), truth(HISTORY));
    assertThat(rows(List.of(out)).stream().map(MeasurementRow::sourceFile).distinct())
        .containsExactly(
            FeedFile.historicalDecade("BER", Granularity.T, 2020).path(),
            FeedFile.recent("BER", Granularity.T).path(),
            FeedFile.now("BER", Granularity.T).path());
  }

  @Test
  void catchesUpFromRecentAfterAnOutageLongerThanTheNowWindow() throws Exception {
    var b = source(PeriodMode.NOW, false);
    var first = reader(b, plan(b, "BER"));
    var out1 = new CollectingOutput<ParsedLine>();
    drive(first, out1);
    FeedSplit checkpoint = first.snapshotState(1).get(0);
    first.close();
    readers.remove(first);

    replay.clock().advance(Duration.ofDays(3));
    timers.advance(Duration.ofDays(3).toMillis());
    var second = reader(b, checkpoint);
    var out2 = new CollectingOutput<ParsedLine>();
    drive(second, out2);
    assertMatchesTruth(rows(List.of(out1, out2)), truth(Instant.parse("2026-03-09T12:00:00Z")));
    assertThat(rows(List.of(out2)).stream().map(MeasurementRow::sourceFile).distinct())
        .containsExactly(
            FeedFile.recent("BER", Granularity.T).path(),
            FeedFile.now("BER", Granularity.T).path());
  }

  @Test
  void correctionsComeBackAsRevisionsAndMatchTheTruth() throws Exception {
    var b = source(PeriodMode.NOW, false);
    var reader = reader(b, plan(b, "BER"));
    var out = new CollectingOutput<ParsedLine>();
    drive(reader, out);
    MeasurementRow corrected =
        replay.feed().correctRecent("BER", Granularity.T, 3, "tre200s0", 0.7);
    replay.clock().advance(Duration.ofMinutes(10));
    timers.advance(10 * 60_000);
    drive(reader, out);
    List<MeasurementRow> revisions =
        rows(List.of(out)).stream().filter(MeasurementRow::isRevision).toList();
    assertThat(revisions).hasSize(1);
    assertThat(revisions.get(0).withoutProvenance()).isEqualTo(corrected);
    assertThat(reader.metrics().revisionsEmitted.getCount()).isEqualTo(1);
    assertMatchesTruth(rows(List.of(out)), truth(Instant.parse("2026-03-09T12:00:00Z")));
  }

  @Test
  void anIncompleteNewestRowComesBackCompletedAsARevision() throws Exception {
    replay.close();
    replay =
        MeteoSwissReplayServer.builder()
            .start(START)
            .speed(0)
            .historyStart(HISTORY)
            .stations("BER")
            .incompleteNewestRow(true)
            .threads(2)
            .build()
            .start();
    var b = source(PeriodMode.NOW, false);
    var reader = reader(b, plan(b, "BER"));
    var out = new CollectingOutput<ParsedLine>();
    drive(reader, out);
    MeasurementRow first = rows(List.of(out)).get(rows(List.of(out)).size() - 1);
    replay.clock().advance(Duration.ofMinutes(10));
    timers.advance(10 * 60_000);
    drive(reader, out);

    // the source numbers every version it sees; the replay's revision counts corrections only
    List<MeasurementRow> versions =
        replay.feed().versions("BER", Granularity.T, first.referenceTimestamp());
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).values()).doesNotContainKey("sre000z0");
    assertThat(versions.get(1).values()).containsKey("sre000z0");
    List<MeasurementRow> emitted =
        rows(List.of(out)).stream()
            .filter(r -> r.referenceTimestamp().equals(first.referenceTimestamp()))
            .map(MeasurementRow::withoutProvenance)
            .toList();
    assertThat(emitted)
        .containsExactly(versions.get(0).withRevision(0), versions.get(1).withRevision(1));
    assertThat(reader.metrics().revisionsEmitted.getCount()).isEqualTo(1);
    MeasurementRow newest = rows(List.of(out)).get(rows(List.of(out)).size() - 1);
    assertThat(newest.referenceTimestamp()).isAfter(first.referenceTimestamp());
    assertThat(newest.withoutProvenance())
        .as("the new newest row is incomplete again")
        .isEqualTo(
            replay.feed().versions("BER", Granularity.T, newest.referenceTimestamp()).get(0));
  }

  @Test
  void survivesEveryInjectedFault() throws Exception {
    var b = source(PeriodMode.NOW, false);
    var reader = reader(b, plan(b, "BER"));
    var out = new CollectingOutput<ParsedLine>();
    String now = "ogd-smn_ber_t_now";

    replay.faults().failNext(1, now);
    drive(reader, out);
    assertThat(rows(List.of(out))).isEmpty();
    replay.faults().throttleNext(1, Duration.ofSeconds(30), now);
    timers.advance(2_000);
    drive(reader, out);
    assertThat(rows(List.of(out))).isEmpty();
    int requests = replay.requests().size();
    timers.advance(29_000);
    drive(reader, out);
    assertThat(replay.requests()).as("Retry-After: 30 is honoured").hasSize(requests);
    replay.faults().slowNext(1, Duration.ofMillis(300), now);
    timers.advance(2_000);
    drive(reader, out);
    assertThat(rows(List.of(out))).isNotEmpty();
    assertThat(reader.metrics().fetchFailures.getCount()).isEqualTo(2);

    // a cut body, a malformed line and a new column, all in the next versions
    replay.clock().advance(Duration.ofMinutes(10));
    replay.faults().truncateNext(1, now);
    timers.advance(10 * 60_000);
    drive(reader, out);
    timers.advance(60_000);
    drive(reader, out);
    String bad = replay.feed().injectMalformedRow("BER", Granularity.T, MalformedKind.NON_NUMERIC);
    replay.feed().addColumn("BER", Granularity.T, "pp0qnhs0");
    replay.clock().advance(Duration.ofMinutes(10));
    timers.advance(10 * 60_000);
    drive(reader, out);
    replay.clock().advance(Duration.ofMinutes(10));
    timers.advance(10 * 60_000);
    drive(reader, out);

    List<RejectedRow> rejected =
        out.records().stream()
            .filter(l -> l instanceof RejectedRow)
            .map(l -> (RejectedRow) l)
            .toList();
    assertThat(rejected).extracting(RejectedRow::rawLine).containsExactly(bad);
    assertThat(reader.metrics().rowsRejected.getCount()).isEqualTo(1);
    List<MeasurementRow> rows = rows(List.of(out));
    assertThat(rows).noneMatch(MeasurementRow::isRevision);
    assertThat(rows.get(rows.size() - 1).values()).containsKey("pp0qnhs0");
    assertMatchesTruth(rows, truth(Instant.parse("2026-03-09T12:00:00Z")));
  }

  @Test
  void metricsAreRegisteredUnderTheirNamesAndCountWhatHappened() throws Exception {
    var b = source(PeriodMode.BACKFILL, false).historicalFirstYear(2010);
    RecordingMetricGroup group = new RecordingMetricGroup();
    var reader =
        (FeedSourceReader<ParsedLine>) b.build().createReader(new TestReaderContext(group));
    reader.start();
    reader.addSplits(List.of(plan(b, "BER")));
    readers.add(reader);
    var out = new CollectingOutput<ParsedLine>();
    drive(reader, out); // 2010s decade missing, 2020s decade, recent, now

    String bad = replay.feed().injectMalformedRow("BER", Granularity.T, MalformedKind.FIELD_COUNT);
    replay.feed().correctRecent("BER", Granularity.T, 2, "ure200s0", 1.0);
    replay.clock().advance(Duration.ofMinutes(10));
    timers.advance(10 * 60_000);
    drive(reader, out); // one new row, one revision, one rejected line
    timers.advance(10 * 60_000);
    drive(reader, out); // 304
    replay.faults().failNext(1, "ogd-smn_ber_t_now");
    timers.advance(10 * 60_000);
    drive(reader, out); // 500

    assertThat(group.metrics.keySet())
        .containsExactlyInAnyOrder(
            "polls",
            "notModified",
            "bytesReceived",
            "rowsEmitted",
            "revisionsEmitted",
            "rowsRejected",
            "rowsOutOfRange",
            "fetchFailures",
            "filesMissing",
            "checksumsVerified",
            "checksumMismatches",
            "fetchLatencyMs",
            "lastFetchLatencyMs",
            "filesRead",
            "backlogFiles",
            "backlogSplits",
            "eventTimeMs");
    List<MeteoSwissReplayServer.RequestRecord> requests = replay.requests();
    assertThat(group.count("polls")).isEqualTo(requests.size()).isEqualTo(7);
    assertThat(group.count("filesMissing")).isEqualTo(1);
    assertThat(group.count("notModified"))
        .isEqualTo(requests.stream().filter(q -> q.status() == 304).count())
        .isEqualTo(1);
    assertThat(group.count("fetchFailures")).isEqualTo(1);
    assertThat(group.count("rowsEmitted")).isEqualTo(rows(List.of(out)).size());
    assertThat(group.count("revisionsEmitted")).isEqualTo(1);
    assertThat(group.count("rowsOutOfRange")).as("no time range: nothing dropped").isZero();
    assertThat(group.count("checksumsVerified") + group.count("checksumMismatches"))
        .as("an explicit station list has no STAC checksums")
        .isZero();
    assertThat(group.count("rowsRejected")).isEqualTo(1);
    assertThat(out.records())
        .filteredOn(l -> l instanceof RejectedRow)
        .extracting(l -> ((RejectedRow) l).rawLine())
        .containsExactly(bad);
    assertThat(group.count("bytesReceived")).isPositive();
    var latency = (org.apache.flink.metrics.Histogram) group.metrics.get("fetchLatencyMs");
    assertThat(latency.getCount()).isEqualTo(7);
    assertThat(latency.getStatistics().getMin()).isNotNegative();
    var last = (org.apache.flink.metrics.Gauge<?>) group.metrics.get("lastFetchLatencyMs");
    assertThat((Long) last.getValue()).isNotNegative();
  }

  @Test
  void discoversStationsFromPagedStacAndFromTheWindows1252Metadata() throws Exception {
    var stac = source(PeriodMode.NOW, false).discovery(StationDiscovery.STAC).buildConfig();
    try (StationLister lister = StationListerFactory.standard().create(stac)) {
      List<DiscoveredStation> stations = lister.list();
      assertThat(stations).extracting(DiscoveredStation::code).containsExactly("BER", "KLO", "SMA");
      assertThat(stations).extracting(DiscoveredStation::name).contains("Zürich / Kloten");
      assertThat(stations.get(0).assetChecksums())
          .containsKey("ogd-smn_ber_t_now.csv")
          .allSatisfy((file, sum) -> assertThat(sum).startsWith("1220"));
    }
    assertThat(replay.requests().stream().filter(r -> r.path().contains("/items")).count())
        .as("three stations, two per page")
        .isEqualTo(2);
    var meta = source(PeriodMode.NOW, false).discovery(StationDiscovery.METADATA).buildConfig();
    try (StationLister lister = StationListerFactory.standard().create(meta)) {
      assertThat(lister.list()).extracting(DiscoveredStation::name).contains("Zürich / Kloten");
    }
  }
}
