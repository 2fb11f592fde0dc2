package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.remotestore.medallion.gold.GoldFixtures.BER_ELEVATION;
import static org.remotestore.medallion.gold.GoldFixtures.feed;
import static org.remotestore.medallion.gold.GoldFixtures.harness;
import static org.remotestore.medallion.gold.GoldFixtures.millis;
import static org.remotestore.medallion.gold.GoldFixtures.silver;

import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.remotestore.medallion.silver.SilverRecord;

class StationStatsFunctionTest {
  private static final GoldConfig CFG = GoldConfig.defaults(); // refresh every hour

  private static KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, StationStats> open()
      throws Exception {
    var h = harness(new StationStatsFunction(CFG));
    h.open();
    return h;
  }

  @Test
  void refreshesEverySimulatedHourWhileDataArrives() throws Exception {
    try (var h = open()) {
      feed(
          h,
          silver("BER", "2026-03-01T10:10:00Z", "tre200s0", 1.0),
          silver("BER", "2026-03-01T10:10:00Z", "ure200s0", 70.0),
          silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 2.0),
          silver("BER", "2026-03-01T10:30:00Z", "tre200s0", 6.0));
      h.processWatermark(millis("2026-03-01T11:00:00Z") - 1);
      assertThat(h.extractOutputValues()).isEmpty();
      h.processWatermark(millis("2026-03-01T11:00:00Z"));
      List<StationStats> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      StationStats s = out.get(0);
      assertThat(s.stationAbbr()).isEqualTo("BER");
      assertThat(s.stationName()).isEqualTo("Bern / Zollikofen");
      assertThat(s.elevationM()).isEqualTo(BER_ELEVATION);
      assertThat(s.observations()).isEqualTo(3);
      assertThat(s.coverage()).isEqualTo(1.0);
      assertThat(s.meanTempC()).isCloseTo(3.0, within(1e-12));
      assertThat(s.meanTempSeaLevelC()).isCloseTo(3.0 + 0.0065 * 553, within(1e-12));
      assertThat(s.firstObservation()).isEqualTo(Instant.parse("2026-03-01T10:10:00Z"));
      assertThat(s.lastObservation()).isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
      assertThat(s.asOf()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));

      // the next hour: 11:20 is missing, 11:30 has no temperature
      feed(
          h,
          silver("BER", "2026-03-01T11:10:00Z", "tre200s0", 3.0),
          silver("BER", "2026-03-01T11:30:00Z", "rre150z0", 0.0));
      h.processWatermark(millis("2026-03-01T12:00:00Z"));
      out = h.extractOutputValues();
      assertThat(out).hasSize(2);
      s = out.get(1);
      assertThat(s.observations()).isEqualTo(5);
      assertThat(s.coverage()).isCloseTo(5 / 9.0, within(1e-12)); // 10:10 .. 11:30
      assertThat(s.meanTempC()).isCloseTo(3.0, within(1e-12));
      assertThat(s.lastObservation()).isEqualTo(Instant.parse("2026-03-01T11:30:00Z"));
      assertThat(s.asOf()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));

      // nothing new: nothing repeated
      h.processWatermark(millis("2026-03-01T15:00:00Z"));
      assertThat(h.extractOutputValues()).hasSize(2);
    }
  }

  @Test
  void correctionsReplaceTheirValueInTheMean() throws Exception {
    try (var h = open()) {
      feed(
          h,
          silver("BER", "2026-03-01T10:10:00Z", "tre200s0", 1.0),
          silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 2.0));
      h.processWatermark(millis("2026-03-01T11:00:00Z"));
      feed(
          h,
          silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 5.0, 1),
          silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 2.0, 0)); // older revision: ignored
      h.processWatermark(millis("2026-03-01T12:00:00Z"));
      List<StationStats> out = h.extractOutputValues();
      assertThat(out).hasSize(2);
      assertThat(out.get(1).observations()).isEqualTo(2);
      assertThat(out.get(1).meanTempC()).isCloseTo(3.0, within(1e-12));
      assertThat(out.get(1).asOf()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    }
  }

  @Test
  void theRefreshIntervalIsConfigurable() throws Exception {
    GoldConfig every10 =
        GoldConfig.builder().statsRefreshInterval(java.time.Duration.ofMinutes(10)).build();
    try (var h = harness(new StationStatsFunction(every10))) {
      h.open();
      feed(h, silver("BER", "2026-03-01T10:10:00Z", "tre200s0", 1.0));
      h.processWatermark(millis("2026-03-01T10:10:00Z"));
      feed(h, silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 1.0));
      h.processWatermark(millis("2026-03-01T10:20:00Z"));
      assertThat(h.extractOutputValues())
          .extracting(StationStats::asOf)
          .containsExactly(
              Instant.parse("2026-03-01T10:10:00Z"), Instant.parse("2026-03-01T10:20:00Z"));
    }
  }

  @Test
  void oldTimestampsArePrunedAndTheirRowsIgnored() throws Exception {
    try (var h = open()) {
      feed(
          h,
          silver("BER", "2026-03-01T10:10:00Z", "tre200s0", 1.0),
          silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 2.0));
      h.processWatermark(millis("2026-03-01T11:00:00Z"));
      int withRecent = h.numKeyedStateEntries();
      // a week later: a new row triggers a refresh that prunes 2026-03-01
      feed(h, silver("BER", "2026-03-08T10:10:00Z", "tre200s0", 9.0));
      h.processWatermark(millis("2026-03-08T11:00:00Z"));
      // a correction of the pruned day is too late and would otherwise count twice
      feed(h, silver("BER", "2026-03-01T10:10:00Z", "tre200s0", 7.0, 1));
      h.processWatermark(millis("2026-03-08T12:00:00Z"));
      List<StationStats> out = h.extractOutputValues();
      assertThat(out).hasSize(2);
      assertThat(out.get(1).observations()).isEqualTo(3);
      assertThat(out.get(1).meanTempC()).isCloseTo(4.0, within(1e-12));
      assertThat(out.get(1).firstObservation()).isEqualTo(Instant.parse("2026-03-01T10:10:00Z"));
      assertThat(h.numKeyedStateEntries()).isEqualTo(withRecent); // totals + one recent slot
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void totalsAndThePendingRefreshSurviveARestore() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    try (var h = open()) {
      feed(
          h,
          silver("BER", "2026-03-01T10:10:00Z", "tre200s0", 1.0),
          silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 2.0));
      h.processWatermark(millis("2026-03-01T10:30:00Z"));
      assertThat(h.extractOutputValues()).isEmpty();
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness(new StationStatsFunction(CFG))) {
      h.initializeState(snapshot);
      h.open();
      feed(
          h,
          silver("BER", "2026-03-01T10:20:00Z", "tre200s0", 2.0), // replayed: counted once
          silver("BER", "2026-03-01T10:30:00Z", "tre200s0", 6.0));
      h.processWatermark(millis("2026-03-01T11:00:00Z"));
      List<StationStats> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).observations()).isEqualTo(3);
      assertThat(out.get(0).meanTempC()).isCloseTo(3.0, within(1e-12));
      assertThat(out.get(0).asOf()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    }
  }
}
