package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.ParsedLine;

/**
 * The reader's part in a bounded-memory backfill: its splits are emitted in event-time order (not
 * one station's file after the other), and a split paused by watermark alignment neither emits nor
 * fetches until it is resumed.
 */
class FeedSourceReaderAlignmentTest {
  static final long T0 = FeedSourceReaderTest.T0;
  static final long DAY = FeedSourceReaderTest.DAY;

  final FakeFeed feed = new FakeFeed();
  final ManualTimers timers = new ManualTimers(T0);

  MeteoSwissSource.Builder<ParsedLine> builder() {
    return MeteoSwissSource.builder()
        .stations("BER", "KLO")
        .granularity(Granularity.T)
        .period(PeriodMode.NOW)
        .bounded(true)
        .timing(
            new PollTiming(Duration.ofMinutes(10), 0, Duration.ofSeconds(5), Duration.ofMinutes(5)))
        .storeFactory(
            url -> {
              throw new IOException("not used");
            })
        .fetcherFactory(c -> feed)
        .timersFactory(n -> timers);
  }

  private FeedSourceReader<ParsedLine> reader(MeteoSwissSource.Builder<ParsedLine> b) {
    FeedSourceReader<ParsedLine> reader =
        (FeedSourceReader<ParsedLine>) b.build().createReader(new TestReaderContext());
    reader.start();
    return reader;
  }

  @Test
  void twoStationsAreEmittedInEventTimeOrder() throws Exception {
    String klo = FeedFile.now("KLO", Granularity.T).path();
    feed.put(FakeFeed.now(), T0 - 3 * DAY, T0, 5);
    feed.put(klo, T0 - 3 * DAY, T0, 7);
    var b = builder();
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.addSplits(
        List.of(
            FeedSourceReaderTest.plan(b.buildConfig(), "BER"),
            FeedSourceReaderTest.plan(b.buildConfig(), "KLO")));
    reader.notifyNoMoreSplits();
    assertThat(FeedSourceReaderTest.drive(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);

    int perStation = 3 * 144 + 1;
    assertThat(out.emitted).hasSize(2 * perStation);
    assertThat(perStation).isGreaterThan(FeedSourceReader.EMIT_BATCH / 3);
    long previous = Long.MIN_VALUE;
    for (CollectingOutput.Emitted<ParsedLine> e : out.emitted) {
      assertThat(e.timestamp())
          .as("event time never goes back across splits")
          .isGreaterThanOrEqualTo(previous);
      previous = e.timestamp();
    }
    assertThat(out.emitted.stream().filter(e -> e.splitId().equals("klo/t"))).hasSize(perStation);
    reader.close();
  }

  @Test
  void aPausedSplitWaitsUntilResumed() throws Exception {
    String klo = FeedFile.now("KLO", Granularity.T).path();
    feed.put(FakeFeed.now(), T0 - DAY, T0, 5);
    feed.put(klo, T0 - DAY, T0, 7);
    var b = builder();
    var reader = reader(b);
    var out = new CollectingOutput<ParsedLine>();
    reader.pauseOrResumeSplits(List.of("klo/t"), List.of());
    reader.addSplits(
        List.of(
            FeedSourceReaderTest.plan(b.buildConfig(), "BER"),
            FeedSourceReaderTest.plan(b.buildConfig(), "KLO")));
    reader.notifyNoMoreSplits();
    assertThat(FeedSourceReaderTest.drive(reader, out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    assertThat(out.emitted).hasSize(145).allMatch(e -> e.splitId().equals("ber/t"));
    assertThat(feed.requests).doesNotContain(klo);
    assertThat(reader.isAvailable()).isNotDone(); // no busy wake-ups while paused

    reader.pauseOrResumeSplits(List.of(), List.of("klo/t"));
    assertThat(reader.isAvailable()).isDone();
    assertThat(FeedSourceReaderTest.drive(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);
    assertThat(out.emitted.stream().filter(e -> e.splitId().equals("klo/t"))).hasSize(145);
    reader.close();
  }
}
