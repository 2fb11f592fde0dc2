package org.remotestore.meteoswiss.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * A replay server of BER and KLO, or the {@link #stations} a test class serves (history from {@link
 * #HISTORY}, clock at {@link #START}), for tests that drive source readers against it; the readers
 * a test registers in {@link #readers} are closed after it, with the server.
 */
abstract class TwoStationReplayFixture {
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
  static final Instant HISTORY = Instant.parse("2025-12-28T00:00:00Z");

  MeteoSwissReplayServer replay;
  final ManualTimers timers = new ManualTimers(START.toEpochMilli());
  final List<FeedSourceReader<ParsedLine>> readers = new ArrayList<>();

  @BeforeEach
  void startReplay() throws Exception {
    HttpBackendAvailable.assumeHttpBackend();
    replay =
        MeteoSwissReplayServer.builder()
            .start(START)
            .speed(0)
            .historyStart(HISTORY)
            .stations(stations())
            .threads(2)
            .build()
            .start();
  }

  /** The replay's stations: BER and KLO; a test class may serve more. */
  String[] stations() {
    return new String[] {"BER", "KLO"};
  }

  @AfterEach
  void stop() throws Exception {
    for (var r : readers) {
      r.close();
    }
    if (replay != null) {
      replay.close();
    }
  }

  /** Polls {@code r} until it has nothing more available now; its last status. */
  static InputStatus drive(FeedSourceReader<ParsedLine> r, CollectingOutput<ParsedLine> out)
      throws Exception {
    for (int i = 0; i < 100_000; i++) {
      InputStatus s = r.pollNext(out);
      if (s != InputStatus.MORE_AVAILABLE) {
        return s;
      }
    }
    throw new AssertionError("reader never settles");
  }

  /** The measurement rows of {@code station} in {@code out}, without provenance. */
  static List<MeasurementRow> rows(CollectingOutput<ParsedLine> out, String station) {
    return out.records().stream()
        .filter(l -> l instanceof MeasurementRow r && r.station().equals(station))
        .map(l -> ((MeasurementRow) l).withoutProvenance())
        .toList();
  }
}
