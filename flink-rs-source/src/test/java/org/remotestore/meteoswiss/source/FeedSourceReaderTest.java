package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;

/** The reader's polling, restore, revision, backfill and fault handling, on a manual clock. */
class FeedSourceReaderTest {
  static final long T0 = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
  static final long MIN10 = 600_000;
  static final long HOUR = 3_600_000;
  static final long DAY = 24 * HOUR;

  final FakeFeed feed = new FakeFeed();
  final ManualTimers timers = new ManualTimers(T0);

  MeteoSwissSource.Builder<ParsedLine> builder(PeriodMode mode, boolean bounded) {
    return MeteoSwissSource.builder()
        .stations("BER")
        .granularity(Granularity.T)
        .period(mode)
        .bounded(bounded)
        .timing(
            new PollTiming(Duration.ofMinutes(10), 0, Duration.ofSeconds(5), Duration.ofMinutes(5)))
        .historicalFirstYear(2010)
        .storeFactory(
            url -> {
              throw new IOException("not used");
            })
        .fetcherFactory(c -> feed)
        .timersFactory(n -> timers);
  }

  FeedSourceReader<ParsedLine> reader(MeteoSwissSource.Builder<ParsedLine> b) {
    MeteoSwissSource<ParsedLine> source = b.build();
    FeedSourceReader<ParsedLine> reader =
        (FeedSourceReader<ParsedLine>) source.createReader(new TestReaderContext());
    reader.start();
    return reader;
  }

  static FeedSplit plan(MeteoSwissSourceConfig c, String station) {
    return new SplitPlanner(c.granularity(), c.period(), c.bounded(), c.historicalFirstYear())
        .plan(DiscoveredStation.of(station), 2026);
  }

  static InputStatus drive(FeedSourceReader<ParsedLine> reader, CollectingOutput<ParsedLine> out)
      throws Exception {
    for (int i = 0; i < 10_000; i++) {
      InputStatus s = reader.pollNext(out);
      if (s != InputStatus.MORE_AVAILABLE) {
        return s;
      }
    }
    throw new AssertionError("reader never settles");
  }

  static List<MeasurementRow> rows(CollectingOutput<ParsedLine> out) {
    List<MeasurementRow> rows = new ArrayList<>();
    for (ParsedLine l : out.records()) {
      if (l instanceof MeasurementRow r) {
        rows.add(r);
      }
    }
    return rows;
  }

  static List<Long> timestamps(List<MeasurementRow> rows) {
    return rows.stream().map(r -> r.referenceTimestamp().toEpochMilli()).toList();
  }

  @Test
  void pollsConditionallyAndEmitsOnlyNewRows() throws Exception {
    feed.put(FakeFeed.now(), T0 - DAY, T0, 5);
    var b = builder(PeriodMode.NOW, false);
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(List.of(plan(b.buildConfig(), "BER")));
    assertThat(drive(reader, out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    assertThat(rows(out)).hasSize(145);
    assertThat(out.emitted.get(0).timestamp()).isEqualTo(T0 - DAY);
    assertThat(out.emitted).allMatch(e -> e.splitId().equals("ber/t"));

    timers.advance(10 * 60_000);
    drive(reader, out);
    assertThat(feed.notModifiedAnswers).isEqualTo(1);
    assertThat(rows(out)).hasSize(145);

    feed.put(FakeFeed.now(), T0 + MIN10, T0 + MIN10, 5);
    timers.advance(9 * 60_000);
    drive(reader, out);
    assertThat(feed.requests).hasSize(2);
    timers.advance(60_000);
    drive(reader, out);
    assertThat(timestamps(rows(out))).endsWith(T0, T0 + MIN10).doesNotHaveDuplicates();
    assertThat(reader.metrics().polls.getCount()).isEqualTo(3);
    assertThat(reader.metrics().notModified.getCount()).isEqualTo(1);
    assertThat(reader.metrics().rowsEmitted.getCount()).isEqualTo(146);
    assertThat(reader.metrics().bytesReceived.getCount()).isEqualTo(145 + 146);
    reader.close();
  }

  @Test
  void restoreFromASnapshotTakenMidFileEmitsExactlyTheRemainingRows() throws Exception {
    feed.put(FakeFeed.now(), T0 - 20 * DAY, T0, 5);
    int total = feed.rows(FakeFeed.now()).size();
    assertThat(total).isGreaterThan(FeedSourceReader.EMIT_BATCH * 2);
    var b = builder(PeriodMode.NOW, false);
    var first = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    first.addSplits(List.of(plan(b.buildConfig(), "BER")));
    assertThat(first.pollNext(out)).isEqualTo(InputStatus.MORE_AVAILABLE);
    List<FeedSplit> checkpoint = first.snapshotState(1);
    assertThat(checkpoint.get(0).etag()).as("validators wait for the whole file").isNull();
    first.close();
    byte[] bytes = FeedSplitSerializer.INSTANCE.serialize(checkpoint.get(0));
    FeedSplit restored =
        FeedSplitSerializer.INSTANCE.deserialize(FeedSplitSerializer.VERSION, bytes);

    List<MeasurementRow> beforeFailure = rows(out);
    feed.put(FakeFeed.now(), T0 + MIN10, T0 + 2 * MIN10, 5);
    // like Flink's source operator: restored splits arrive before the reader is started
    var second = (FeedSourceReader<ParsedLine>) b.build().createReader(new TestReaderContext());
    second.addSplits(List.of(restored));
    second.start();
    var out2 = new CollectingOutput<ParsedLine>();
    drive(second, out2);
    List<Long> all = new ArrayList<>(timestamps(beforeFailure));
    all.addAll(timestamps(rows(out2)));
    assertThat(all).doesNotHaveDuplicates().hasSize(total + 2);
    assertThat(all).isSorted();
    assertThat(rows(out2)).allMatch(r -> r.revision() == 0);
    second.close();
  }

  @Test
  void correctedRowsInsideTheWindowComeBackAsRevisions() throws Exception {
    feed.put(FakeFeed.now(), T0 - DAY, T0, 5);
    var b = builder(PeriodMode.NOW, false).revisionWindow(Duration.ofHours(6));
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(List.of(plan(b.buildConfig(), "BER")));
    drive(reader, out);
    int initial = out.emitted.size();

    feed.set(FakeFeed.now(), T0 - HOUR, 30.5); // inside the window: a revision
    feed.set(FakeFeed.now(), T0 - 12 * HOUR, 31.5); // outside: ignored
    timers.advance(10 * 60_000);
    drive(reader, out);
    List<MeasurementRow> fresh = rows(out).subList(initial, out.emitted.size());
    assertThat(fresh).hasSize(1);
    assertThat(fresh.get(0).referenceTimestamp().toEpochMilli()).isEqualTo(T0 - HOUR);
    assertThat(fresh.get(0).revision()).isEqualTo(1);
    assertThat(fresh.get(0).valueOrNull("tre200s0")).isEqualTo(30.5);

    feed.set(FakeFeed.now(), T0 - HOUR, 29.0); // corrected again
    timers.advance(10 * 60_000);
    drive(reader, out);
    MeasurementRow second = rows(out).get(out.emitted.size() - 1);
    assertThat(second.revision()).isEqualTo(2);

    // unchanged content under a new ETag emits nothing
    feed.set(FakeFeed.now(), T0 - HOUR, 29.0);
    int before = out.emitted.size();
    timers.advance(10 * 60_000);
    drive(reader, out);
    assertThat(out.emitted).hasSize(before);
    assertThat(reader.metrics().revisionsEmitted.getCount()).isEqualTo(2);
    reader.close();
  }

  @Test
  void throttlingHonoursRetryAfterAndFailuresBackOff() throws Exception {
    feed.put(FakeFeed.now(), T0 - HOUR, T0, 5);
    feed.throttleNext(FakeFeed.now(), 120);
    feed.failNext(FakeFeed.now(), new IOException("HTTP GET answered 500 Internal Server Error"));
    var b = builder(PeriodMode.NOW, false);
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(List.of(plan(b.buildConfig(), "BER")));
    drive(reader, out);
    assertThat(feed.requests).hasSize(1);
    assertThat(out.emitted).isEmpty();

    timers.advance(119_000);
    drive(reader, out);
    assertThat(feed.requests).as("Retry-After of 120 s is honoured").hasSize(1);
    timers.advance(1_000);
    drive(reader, out);
    assertThat(feed.requests).hasSize(2);
    assertThat(out.emitted).isEmpty();

    // second failure in a row: between 5 s and 10 s of backoff
    timers.advance(4_999);
    drive(reader, out);
    assertThat(feed.requests).hasSize(2);
    timers.advance(5_001);
    drive(reader, out);
    assertThat(feed.requests).hasSize(3);
    assertThat(rows(out)).hasSize(7);
    assertThat(reader.metrics().fetchFailures.getCount()).isEqualTo(2);
    reader.close();
  }

  @Test
  void boundedBackfillReadsDecadesRecentAndNowWithoutGapOrDuplicate() throws Exception {
    long yearStart = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    String decade2020 = FeedFile.historicalDecade("BER", Granularity.T, 2020).path();
    feed.put(decade2020, yearStart - 3 * DAY, yearStart - MIN10, 5);
    feed.put(FakeFeed.recent(), yearStart, T0 - 12 * HOUR - MIN10, 5);
    feed.put(FakeFeed.now(), T0 - DAY, T0, 5); // overlaps recent by half a day
    var b = builder(PeriodMode.BACKFILL, true);
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(List.of(plan(b.buildConfig(), "BER")));
    reader.notifyNoMoreSplits();
    assertThat(drive(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);

    List<Long> ts = timestamps(rows(out));
    assertThat(ts).doesNotHaveDuplicates().isSorted();
    assertThat(ts.get(0)).isEqualTo(yearStart - 3 * DAY);
    assertThat(ts.get(ts.size() - 1)).isEqualTo(T0);
    assertThat(ts).hasSize((int) ((T0 - (yearStart - 3 * DAY)) / MIN10) + 1);
    assertThat(rows(out)).allMatch(r -> r.revision() == 0);
    assertThat(feed.requests)
        .containsExactly(
            FeedFile.historicalDecade("BER", Granularity.T, 2010).path(),
            decade2020,
            FakeFeed.recent(),
            FakeFeed.now());
    assertThat(reader.metrics().filesMissing.getCount()).isEqualTo(1);
    assertThat(out.releasedSplits).containsExactly("ber/t");
    reader.close();
  }

  @Test
  void afterAnOutageLongerThanTheNowWindowTheReaderCatchesUpFromRecent() throws Exception {
    feed.put(FakeFeed.now(), T0 - DAY, T0, 5);
    var b = builder(PeriodMode.NOW, false);
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(List.of(plan(b.buildConfig(), "BER")));
    drive(reader, out);
    FeedSplit checkpoint = reader.snapshotState(1).get(0);
    reader.close();

    // three days later: now starts after the last emitted row; recent has the days in between
    long later = T0 + 3 * DAY;
    feed.put(FakeFeed.recent(), T0 - 30 * DAY, later - DAY - MIN10, 5);
    feed.dropBefore(FakeFeed.now(), later - DAY);
    feed.put(FakeFeed.now(), later - DAY, later, 5);
    timers.advance(3 * DAY);
    var restarted = reader(b);
    var out2 = new CollectingOutput<ParsedLine>();
    restarted.addSplits(List.of(checkpoint));
    drive(restarted, out2);
    List<Long> all = new ArrayList<>(timestamps(rows(out)));
    all.addAll(timestamps(rows(out2)));
    assertThat(all).doesNotHaveDuplicates().isSorted();
    assertThat(all).hasSize((int) ((later - (T0 - DAY)) / MIN10) + 1);
    assertThat(rows(out2)).allMatch(r -> r.revision() == 0);
    assertThat(feed.requests.subList(feed.requests.size() - 3, feed.requests.size()))
        .containsExactly(FakeFeed.now(), FakeFeed.recent(), FakeFeed.now());
    restarted.close();
  }

  @Test
  void aBodyCutInsideALineIsFetchedAgainWithoutDuplicates() throws Exception {
    feed.put(FakeFeed.now(), T0 - DAY, T0, 5);
    feed.truncateNext(FakeFeed.now());
    var b = builder(PeriodMode.NOW, false);
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(List.of(plan(b.buildConfig(), "BER")));
    drive(reader, out);
    assertThat(rows(out)).hasSize(72);
    assertThat(reader.snapshotState(2).get(0).etag()).isNull();
    timers.advance(10_000);
    drive(reader, out);
    assertThat(timestamps(rows(out))).doesNotHaveDuplicates().hasSize(145);
    assertThat(reader.snapshotState(3).get(0).etag()).isEqualTo(feed.etagOf(FakeFeed.now()));
    reader.close();
  }

  @Test
  void rejectedLinesAreEmittedOnceAndCounted() throws Exception {
    feed.put(FakeFeed.now(), T0 - HOUR, T0, 5);
    feed.addRejected(FakeFeed.now(), "BER;10.03.2026 12:10;oops");
    var b = builder(PeriodMode.NOW, false);
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(List.of(plan(b.buildConfig(), "BER")));
    drive(reader, out);
    feed.put(FakeFeed.now(), T0 + MIN10, T0 + MIN10, 5);
    timers.advance(10 * 60_000);
    drive(reader, out);
    List<RejectedRow> rejected =
        out.records().stream()
            .filter(l -> l instanceof RejectedRow)
            .map(l -> (RejectedRow) l)
            .toList();
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0).rawLine()).isEqualTo("BER;10.03.2026 12:10;oops");
    assertThat(reader.metrics().rowsRejected.getCount()).isEqualTo(1);
    assertThat(rows(out)).hasSize(8);
    reader.close();
  }

  @Test
  void requestsPerHostAreLimited() throws Exception {
    String kloNow = FeedFile.now("KLO", Granularity.T).path();
    feed.put(FakeFeed.now(), T0 - HOUR, T0, 5);
    feed.put(kloNow, T0 - HOUR, T0, 5);
    var b = builder(PeriodMode.NOW, false).stations("BER", "KLO").maxConcurrentRequestsPerHost(1);
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    MeteoSwissSourceConfig c = b.buildConfig();
    reader.addSplits(List.of(plan(c, "BER"), plan(c, "KLO")));
    reader.pollNext(out);
    assertThat(feed.requests).hasSize(1);
    drive(reader, out);
    assertThat(feed.requests).containsExactlyInAnyOrder(FakeFeed.now(), kloNow);
    Map<String, Integer> perSplit = new TreeMap<>();
    out.emitted.forEach(e -> perSplit.merge(e.splitId(), 1, Integer::sum));
    assertThat(perSplit).containsEntry("ber/t", 7).containsEntry("klo/t", 7);
    reader.close();
  }
}
