package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * The STAC {@code file:checksum} verified on download, against the replay server: the splits are
 * planned from the replay's paged STAC items, so they carry the listed checksums; the replay's
 * {@code corruptNext} serves a body whose checksum differs.
 */
class StacChecksumVerificationTest extends TwoStationReplayFixture {

  MeteoSwissSource.Builder<ParsedLine> source(PeriodMode mode, boolean bounded) {
    return MeteoSwissSource.builder()
        .baseUrl(replay.dataRoot().toString())
        .stacItemsUrl(replay.stacItems() + "?limit=1")
        .discovery(StationDiscovery.STAC)
        .period(mode)
        .bounded(bounded)
        .historicalFirstYear(2020)
        .timing(
            new PollTiming(Duration.ofMinutes(10), 0, Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .timersFactory(n -> timers);
  }

  /** A reader with the splits planned from the replay's STAC listing. */
  FeedSourceReader<ParsedLine> reader(MeteoSwissSource.Builder<ParsedLine> b) throws IOException {
    MeteoSwissSourceConfig c = b.buildConfig();
    SplitPlanner planner =
        new SplitPlanner(c.granularity(), c.period(), c.bounded(), c.historicalFirstYear());
    List<FeedSplit> splits = new ArrayList<>();
    try (StationLister lister = StationListerFactory.standard().create(c)) {
      for (DiscoveredStation s : lister.list()) {
        splits.add(planner.plan(s, 2026));
      }
    }
    var reader = (FeedSourceReader<ParsedLine>) b.build().createReader(new TestReaderContext());
    reader.start();
    reader.addSplits(splits);
    reader.notifyNoMoreSplits();
    readers.add(reader);
    return reader;
  }

  static List<RejectedRow> quarantined(CollectingOutput<ParsedLine> out) {
    return out.records().stream()
        .filter(l -> l instanceof RejectedRow r && r.reason() == RejectReason.CHECKSUM_MISMATCH)
        .map(l -> (RejectedRow) l)
        .toList();
  }

  List<MeasurementRow> truth(String station, Instant from) {
    return replay
        .feed()
        .publishedRows(station, Granularity.T, from, replay.clock().now().plusSeconds(1));
  }

  @Test
  void everyFileListedInStacIsVerifiedAndGoodChecksumsPass() throws Exception {
    var reader = reader(source(PeriodMode.BACKFILL, true));
    var out = new CollectingOutput<ParsedLine>();
    assertThat(drive(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);
    assertThat(rows(out, "BER")).isEqualTo(truth("BER", HISTORY));
    assertThat(rows(out, "KLO")).isEqualTo(truth("KLO", HISTORY));
    assertThat(reader.metrics().checksumMismatches.getCount()).isZero();
    assertThat(reader.metrics().filesRead.getCount())
        .as("decade, recent, now per station")
        .isEqualTo(6);
    assertThat(reader.metrics().checksumsVerified.getCount()).isEqualTo(6);
    assertThat(quarantined(out)).isEmpty();
  }

  @Test
  void aMismatchQuarantinesTheFileAndIsRetriedWhileTheOtherStationGoesOn() throws Exception {
    String berRecent = FeedFile.recent("BER", Granularity.T).path();
    replay.faults().corruptNext(1, berRecent);
    var reader = reader(source(PeriodMode.BACKFILL, true));
    var out = new CollectingOutput<ParsedLine>();
    assertThat(drive(reader, out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);

    assertThat(rows(out, "KLO")).as("the other station").isEqualTo(truth("KLO", HISTORY));
    assertThat(rows(out, "BER"))
        .as("nothing of the corrupted file, nothing after it")
        .isNotEmpty()
        .allMatch(r -> r.referenceTimestamp().isBefore(Instant.parse("2026-01-01T00:00:01Z")));
    assertThat(reader.metrics().checksumMismatches.getCount()).isEqualTo(1);
    List<RejectedRow> q = quarantined(out);
    assertThat(q).hasSize(1);
    String expected = replay.feed().content(berRecent).multihash();
    assertThat(q.get(0).sourceFile()).isEqualTo(berRecent);
    assertThat(q.get(0).detail())
        .contains("station BER")
        .contains(replay.dataRoot().resolve(berRecent).toString())
        .contains(expected)
        .contains("downloaded 1220")
        .contains("retried");

    timers.advance(60_000); // the backoff: the feed may have been replacing the file
    assertThat(drive(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);
    assertThat(rows(out, "BER"))
        .as("every row once after the retry")
        .isEqualTo(truth("BER", HISTORY));
    assertThat(rows(out, "KLO")).isEqualTo(truth("KLO", HISTORY));
    assertThat(reader.metrics().checksumsVerified.getCount()).isEqualTo(6);
  }

  @Test
  void aFileReadOnceIsGivenUpAfterRepeatedMismatchesAndTheSplitGoesOn() throws Exception {
    String decade = "klo/ogd-smn_klo_t_historical_2020-2029.csv";
    replay.faults().corruptNext(FeedSourceReader.MAX_CHECKSUM_MISMATCHES, decade);
    var reader = reader(source(PeriodMode.BACKFILL, true));
    var out = new CollectingOutput<ParsedLine>();
    InputStatus status = drive(reader, out);
    for (int i = 0; i < 10 && status != InputStatus.END_OF_INPUT; i++) {
      timers.advance(60_000);
      status = drive(reader, out);
    }
    assertThat(status).isEqualTo(InputStatus.END_OF_INPUT);
    assertThat(quarantined(out)).hasSize(FeedSourceReader.MAX_CHECKSUM_MISMATCHES);
    assertThat(quarantined(out).get(2).detail()).contains("given up after 3 attempts");
    assertThat(rows(out, "KLO"))
        .as("the decade's rows are never emitted; recent and now are")
        .isEqualTo(truth("KLO", Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(rows(out, "BER")).isEqualTo(truth("BER", HISTORY));
  }

  @Test
  void aPollFileThatChangedSinceTheListingIsNotHeldToTheStaleChecksum() throws Exception {
    var reader = reader(source(PeriodMode.NOW, false));
    replay.clock().advance(Duration.ofMinutes(30)); // now files grow after the listing
    var out = new CollectingOutput<ParsedLine>();
    drive(reader, out);
    Instant window = Instant.parse("2026-03-09T12:00:00Z");
    assertThat(rows(out, "BER")).isEqualTo(truth("BER", window));
    timers.advance(10 * 60_000);
    drive(reader, out); // 304: nothing to verify
    replay.clock().advance(Duration.ofMinutes(10));
    timers.advance(10 * 60_000);
    drive(reader, out);
    assertThat(rows(out, "BER")).isEqualTo(truth("BER", window));
    assertThat(reader.metrics().notModified.getCount()).isEqualTo(2);
    assertThat(reader.metrics().checksumMismatches.getCount()).isZero();
    assertThat(quarantined(out)).isEmpty();
  }

  @Test
  void aFailingStacPageNamesItsUrlAndTheNextListingSucceeds() throws Exception {
    MeteoSwissSourceConfig c = source(PeriodMode.NOW, false).buildConfig();
    try (StationLister lister = StationListerFactory.standard().create(c)) {
      replay.faults().failNext(1, "/items");
      assertThatThrownBy(lister::list)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(replay.stacItems().toString());
      replay.faults().corruptNext(1, "/items");
      assertThatThrownBy(lister::list)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not valid JSON")
          .hasMessageContaining(replay.stacItems().toString());
      assertThat(lister.list()).extracting(DiscoveredStation::code).containsExactly("BER", "KLO");
    }
  }

  @Test
  void multihashesOfOtherFunctionsOrMalformedOnesAreNotChecked() {
    String sha = "ab".repeat(32);
    Instant t = Instant.parse("2026-03-10T12:00:00Z");
    assertThat(ChecksumVerifier.verify(new FileChecksum("1220" + sha, t), sha, t))
        .isEqualTo(ChecksumVerifier.Verdict.MATCH);
    assertThat(ChecksumVerifier.verify(new FileChecksum("1220" + "cd".repeat(32), t), sha, t))
        .isEqualTo(ChecksumVerifier.Verdict.MISMATCH);
    assertThat(ChecksumVerifier.verify(new FileChecksum("1340" + "cd".repeat(64), t), sha, t))
        .as("sha2-512")
        .isEqualTo(ChecksumVerifier.Verdict.NOT_CHECKED);
    assertThat(ChecksumVerifier.verify(new FileChecksum("12zz", t), sha, t))
        .isEqualTo(ChecksumVerifier.Verdict.NOT_CHECKED);
    assertThat(
            ChecksumVerifier.verify(
                new FileChecksum("1220" + "cd".repeat(32), t), sha, t.plusSeconds(60)))
        .as("the file changed after the listing")
        .isEqualTo(ChecksumVerifier.Verdict.NOT_CHECKED);
    assertThat(ChecksumVerifier.verify(null, sha, t))
        .isEqualTo(ChecksumVerifier.Verdict.NOT_CHECKED);
  }
}
