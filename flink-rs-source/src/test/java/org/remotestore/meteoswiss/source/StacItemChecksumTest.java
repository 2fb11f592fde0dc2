package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * An explicit station list against the replay server, through the real enumerator and reader: each
 * station's STAC item is read once when its split is planned, so its files are verified against
 * their {@code file:checksum} as with the paged listing; a code without an item is quarantined; a
 * failing item is asked for again at the next discovery.
 */
class StacItemChecksumTest extends TwoStationReplayFixture {
  final Clock clock = Clock.fixed(START, ZoneOffset.UTC);

  MeteoSwissSource.Builder<ParsedLine> source(String... stations) {
    return MeteoSwissSource.builder()
        .baseUrl(replay.dataRoot().toString())
        .stacItemsUrl(replay.stacItems() + "?limit=1")
        .stations(stations)
        .period(PeriodMode.BACKFILL)
        .bounded(true)
        .historicalFirstYear(2020)
        .timing(
            new PollTiming(Duration.ofMinutes(10), 0, Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .timersFactory(n -> timers);
  }

  FeedSplitEnumerator enumerator(
      MeteoSwissSource.Builder<ParsedLine> b, FeedSplitEnumeratorTest.Context ctx) {
    var e =
        new FeedSplitEnumerator(
            ctx,
            b.buildConfig(),
            StationListerFactory.standard(),
            clock,
            EnumeratorState.initial());
    e.start();
    return e;
  }

  FeedSourceReader<ParsedLine> reader(MeteoSwissSource.Builder<ParsedLine> b, List<FeedSplit> s) {
    var reader = (FeedSourceReader<ParsedLine>) b.build().createReader(new TestReaderContext());
    reader.start();
    reader.addSplits(s);
    reader.notifyNoMoreSplits();
    readers.add(reader);
    return reader;
  }

  static List<RejectedRow> rejected(CollectingOutput<ParsedLine> out, RejectReason reason) {
    return out.records().stream()
        .filter(l -> l instanceof RejectedRow r && r.reason() == reason)
        .map(l -> (RejectedRow) l)
        .toList();
  }

  List<MeasurementRow> truth(String station) {
    return replay
        .feed()
        .publishedRows(station, Granularity.T, HISTORY, replay.clock().now().plusSeconds(1));
  }

  long requestsTo(String pathSuffix) {
    return replay.requests().stream().filter(q -> q.path().endsWith(pathSuffix)).count();
  }

  String itemPath(String station) {
    return replay.stacItems().getPath() + "/" + station;
  }

  @Test
  void explicitStationsAreVerifiedAgainstTheirItemsAndAnUnknownCodeIsQuarantined()
      throws Exception {
    String berRecent = FeedFile.recent("BER", Granularity.T).path();
    var b = source("BER", "KLO", "XYZ");
    var ctx = new FeedSplitEnumeratorTest.Context(1);
    ctx.register(0);
    enumerator(b, ctx);
    ctx.runDiscovery();
    List<FeedSplit> splits = ctx.assigned.get(0);
    assertThat(splits).extracting(FeedSplit::splitId).containsExactly("ber/t", "klo/t", "xyz/t");
    assertThat(ctx.noMoreSplits).as("every station planned").containsExactly(0);
    assertThat(splits.get(0).checksums())
        .as("the checksums of BER's files, from its item")
        .containsKeys(berRecent, "ber/ogd-smn_ber_t_historical_2020-2029.csv")
        .containsEntry(
            berRecent,
            new FileChecksum(
                replay.feed().content(berRecent).multihash(),
                replay.feed().content(berRecent).lastModified()));
    assertThat(splits.get(2).unknown()).contains("XYZ").contains(itemPath("xyz"));
    assertThat(splits.get(2).pendingFiles()).isEmpty();

    replay.faults().corruptNext(1, berRecent);
    var reader = reader(b, splits);
    var out = new CollectingOutput<ParsedLine>();
    assertThat(drive(reader, out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    assertThat(rows(out, "KLO")).as("the other station goes on").isEqualTo(truth("KLO"));
    List<RejectedRow> mismatches = rejected(out, RejectReason.CHECKSUM_MISMATCH);
    assertThat(mismatches).hasSize(1);
    assertThat(mismatches.get(0).sourceFile()).isEqualTo(berRecent);
    assertThat(mismatches.get(0).detail())
        .contains("station BER")
        .contains(replay.feed().content(berRecent).multihash());
    assertThat(rows(out, "BER"))
        .as("nothing of the corrupted recent file")
        .allMatch(r -> r.referenceTimestamp().isBefore(Instant.parse("2026-01-01T00:00:01Z")));
    List<RejectedRow> unknown = rejected(out, RejectReason.UNKNOWN_STATION);
    assertThat(unknown).hasSize(1);
    assertThat(unknown.get(0).detail())
        .isEqualTo(
            "station XYZ does not exist: no STAC item at " + replay.stacItems() + "/xyz (404)");
    assertThat(unknown.get(0).sourceFile()).isEqualTo(replay.stacItems() + "/xyz");

    timers.advance(60_000); // the retry after the backoff gets a good copy
    assertThat(drive(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);
    assertThat(rows(out, "BER")).as("every row once").isEqualTo(truth("BER"));
    assertThat(rows(out, "KLO")).isEqualTo(truth("KLO"));
    assertThat(reader.metrics().checksumsVerified.getCount())
        .as("decade, recent and now of BER and KLO")
        .isEqualTo(6);
    assertThat(reader.metrics().checksumMismatches.getCount()).isEqualTo(1);
    assertThat(rejected(out, RejectReason.UNKNOWN_STATION)).as("reported once").hasSize(1);

    assertThat(requestsTo(itemPath("ber"))).as("one item fetch per station").isEqualTo(1);
    assertThat(requestsTo(itemPath("klo"))).isEqualTo(1);
    assertThat(requestsTo(itemPath("xyz"))).isEqualTo(1);
    assertThat(requestsTo(replay.stacItems().getPath())).as("no listing").isZero();
    assertThat(replay.requests())
        .as("nothing fetched for the unknown station")
        .noneMatch(q -> q.path().contains("/xyz/"));
    assertThat(requestsTo(berRecent)).as("the corrupted file and its retry").isEqualTo(2);
  }

  @Test
  void aFailingItemNamesItsUrlAndIsAskedForAgainAtTheNextDiscovery() throws Exception {
    var b = source("BER", "KLO");
    MeteoSwissSourceConfig c = b.buildConfig();
    try (var lister = (StacItemStationLister) StationListerFactory.standard().create(c)) {
      replay.faults().failNext(1, itemPath("ber"));
      replay.faults().corruptNext(1, itemPath("klo"));
      assertThat(lister.list()).isEmpty();
      assertThat(lister.lastFailures().get("BER"))
          .contains(replay.stacItems() + "/ber")
          .contains("500");
      assertThat(lister.lastFailures().get("KLO"))
          .contains(replay.stacItems() + "/klo")
          .contains("not valid JSON");
    }

    var ctx = new FeedSplitEnumeratorTest.Context(1);
    ctx.register(0);
    enumerator(b, ctx);
    assertThat(ctx.period)
        .as("retried at the poll interval, not the discovery interval")
        .isEqualTo(Duration.ofMinutes(10).toMillis());
    replay.faults().failNext(1, itemPath("ber"));
    ctx.runDiscovery();
    assertThat(ctx.assigned.get(0)).extracting(FeedSplit::splitId).containsExactly("klo/t");
    assertThat(ctx.noMoreSplits).as("BER is still to come").isEmpty();
    ctx.runDiscovery();
    assertThat(ctx.assigned.get(0))
        .extracting(FeedSplit::splitId)
        .containsExactly("klo/t", "ber/t");
    assertThat(ctx.assigned.get(0).get(1).checksums()).isNotEmpty();
    assertThat(ctx.noMoreSplits).containsExactly(0);
    ctx.runDiscovery();
    assertThat(ctx.totalAssigned()).isEqualTo(2);
    assertThat(requestsTo(itemPath("ber")))
        .as("lister: 1, enumerator: the failure and the retry")
        .isEqualTo(3);
    assertThat(requestsTo(itemPath("klo")))
        .as("lister: 1; enumerator: once, not again once planned")
        .isEqualTo(2);
  }

  @Test
  void explicitUnverifiedStationsFetchNoItem() throws Exception {
    var b = source("BER").discovery(StationDiscovery.EXPLICIT_UNVERIFIED);
    var ctx = new FeedSplitEnumeratorTest.Context(1);
    ctx.register(0);
    enumerator(b, ctx);
    ctx.runDiscovery();
    assertThat(ctx.assigned.get(0)).hasSize(1);
    assertThat(ctx.assigned.get(0).get(0).checksums()).isEmpty();
    assertThat(replay.requests()).isEmpty();
  }
}
