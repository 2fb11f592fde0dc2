package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.remotestore.medallion.gold.GoldFixtures.feed;
import static org.remotestore.medallion.gold.GoldFixtures.harness;
import static org.remotestore.medallion.gold.GoldFixtures.millis;
import static org.remotestore.medallion.gold.GoldFixtures.silver;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.remotestore.medallion.silver.SilverRecord;

class DailySummaryFunctionTest {
  private static final GoldConfig CFG = GoldConfig.defaults(); // lateness 1 h, corrections 6 d
  private static final LocalDate MARCH_1 = LocalDate.parse("2026-03-01");
  // end of 2026-03-01 plus one hour of allowed lateness
  private static final long CLOSE = millis("2026-03-02T01:00:00Z");

  private static KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, DailySummary> open()
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, DailySummary> h =
        harness(new DailySummaryFunction(CFG));
    h.open();
    return h;
  }

  private static void feedMarch1(
      KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, DailySummary> h)
      throws Exception {
    feed(
        h,
        silver("BER", "2026-03-01T00:00:00Z", "tre200s0", 1.5),
        silver("BER", "2026-03-01T00:00:00Z", "rre150z0", 0.2),
        silver("BER", "2026-03-01T00:00:00Z", "sre000z0", 0.0),
        silver("BER", "2026-03-01T00:00:00Z", "fu3010z1", 20.5),
        silver("BER", "2026-03-01T12:00:00Z", "tre200s0", 8.5),
        silver("BER", "2026-03-01T12:00:00Z", "sre000z0", 10.0),
        silver("BER", "2026-03-01T12:00:00Z", "fu3010z1", 31.0),
        silver("BER", "2026-03-01T12:00:00Z", "ure200s0", 60.0),
        // only humidity: counts as a sample, aggregates nothing
        silver("BER", "2026-03-01T23:50:00Z", "ure200s0", 80.0),
        // the next day
        silver("BER", "2026-03-02T00:00:00Z", "tre200s0", 99.0));
  }

  @Test
  void emitsTheDayOnceTheWatermarkPassesItsEndPlusTheAllowedLateness() throws Exception {
    try (var h = open()) {
      feedMarch1(h);
      h.processWatermark(CLOSE - 1);
      assertThat(h.extractOutputValues()).isEmpty();
      h.processWatermark(CLOSE);
      List<DailySummary> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      DailySummary d = out.get(0);
      assertThat(d.stationAbbr()).isEqualTo("BER");
      assertThat(d.date()).isEqualTo(MARCH_1);
      assertThat(d.version()).isZero();
      assertThat(d.tre200s0Mean()).isCloseTo(5.0, within(1e-12));
      assertThat(d.tre200s0Min()).isEqualTo(1.5);
      assertThat(d.tre200s0Max()).isEqualTo(8.5);
      assertThat(d.rre150z0Sum()).isCloseTo(0.2, within(1e-12));
      assertThat(d.sre000z0Sum()).isCloseTo(10.0, within(1e-12));
      assertThat(d.fu3010z1Max()).isEqualTo(31.0);
      assertThat(d.samples()).isEqualTo(3);
      assertThat(d.coverage()).isCloseTo(3 / 144.0, within(1e-12));
      assertThat(d.emittedAt()).isEqualTo(Instant.ofEpochMilli(CLOSE));
    }
  }

  @Test
  void parametersWithoutValuesGiveNullAggregates() throws Exception {
    try (var h = open()) {
      feed(h, silver("BER", "2026-03-01T10:00:00Z", "ure200s0", 70.0));
      h.processWatermark(CLOSE);
      DailySummary d = h.extractOutputValues().get(0);
      assertThat(d.samples()).isEqualTo(1);
      assertThat(d.tre200s0Mean()).isNull();
      assertThat(d.tre200s0Min()).isNull();
      assertThat(d.tre200s0Max()).isNull();
      assertThat(d.rre150z0Sum()).isNull();
      assertThat(d.sre000z0Sum()).isNull();
      assertThat(d.fu3010z1Max()).isNull();
    }
  }

  @Test
  void rowsWithinTheAllowedLatenessJoinTheFirstEmission() throws Exception {
    try (var h = open()) {
      feedMarch1(h);
      h.processWatermark(millis("2026-03-02T00:30:00Z")); // day over, lateness not
      feed(h, silver("BER", "2026-03-01T18:00:00Z", "tre200s0", 5.0));
      h.processWatermark(CLOSE);
      List<DailySummary> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).version()).isZero();
      assertThat(out.get(0).samples()).isEqualTo(4);
      assertThat(out.get(0).tre200s0Mean()).isCloseTo(5.0, within(1e-12));
    }
  }

  @Test
  void aCorrectionAfterTheCloseEmitsTheDayAgainWithTheNextVersion() throws Exception {
    try (var h = open()) {
      feedMarch1(h);
      h.processWatermark(CLOSE);
      // a corrected row: two parameters change at revision 1
      feed(
          h,
          silver("BER", "2026-03-01T12:00:00Z", "tre200s0", 10.5, 1),
          silver("BER", "2026-03-01T12:00:00Z", "fu3010z1", 45.0, 1));
      assertThat(h.extractOutputValues()).hasSize(1); // waits for the watermark
      long wm = millis("2026-03-02T02:00:00Z");
      h.processWatermark(wm);
      List<DailySummary> out = h.extractOutputValues();
      assertThat(out).hasSize(2);
      DailySummary v1 = out.get(1);
      assertThat(v1.version()).isEqualTo(1);
      assertThat(v1.tre200s0Mean()).isCloseTo(6.0, within(1e-12));
      assertThat(v1.tre200s0Max()).isEqualTo(10.5);
      assertThat(v1.fu3010z1Max()).isEqualTo(45.0);
      assertThat(v1.samples()).isEqualTo(3);
      assertThat(v1.emittedAt()).isEqualTo(Instant.ofEpochMilli(wm));

      // an older revision arriving afterwards does not win, an identical repeat changes nothing,
      // and neither does a parameter the summary does not aggregate at a known timestamp
      feed(
          h,
          silver("BER", "2026-03-01T12:00:00Z", "tre200s0", 8.5, 0),
          silver("BER", "2026-03-01T12:00:00Z", "fu3010z1", 45.0, 1),
          silver("BER", "2026-03-01T12:00:00Z", "ure200s0", 65.0, 1));
      h.processWatermark(millis("2026-03-02T03:00:00Z"));
      assertThat(h.extractOutputValues()).hasSize(2);

      // a late row at a new timestamp is a change too
      feed(h, silver("BER", "2026-03-01T06:00:00Z", "rre150z0", 1.0));
      h.processWatermark(millis("2026-03-02T04:00:00Z"));
      out = h.extractOutputValues();
      assertThat(out).hasSize(3);
      assertThat(out.get(2).version()).isEqualTo(2);
      assertThat(out.get(2).samples()).isEqualTo(4);
      assertThat(out.get(2).rre150z0Sum()).isCloseTo(1.2, within(1e-12));
      assertThat(out.get(2).tre200s0Mean()).isCloseTo(6.0, within(1e-12));
    }
  }

  @Test
  void stateIsDroppedAfterTheCorrectionPeriodAndLaterRowsAreIgnored() throws Exception {
    try (var h = open()) {
      feedMarch1(h);
      h.processWatermark(CLOSE);
      assertThat(h.numKeyedStateEntries()).isPositive();
      // the day 2026-03-02 (one row) has its own horizon a day later
      long horizonMarch1 = millis("2026-03-08T00:00:00Z");
      h.processWatermark(horizonMarch1 - 1);
      feed(h, silver("BER", "2026-03-01T12:00:00Z", "tre200s0", 0.5, 2)); // still accepted
      h.processWatermark(horizonMarch1);
      assertThat(h.extractOutputValues())
          .extracting(DailySummary::date, DailySummary::version)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(MARCH_1, 0),
              org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-02"), 0),
              org.assertj.core.groups.Tuple.tuple(MARCH_1, 1));
      feed(h, silver("BER", "2026-03-01T12:00:00Z", "tre200s0", 30.0, 3)); // too late
      h.processWatermark(millis("2026-03-09T00:00:00Z"));
      assertThat(h.extractOutputValues()).hasSize(3);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aLateFirstRowOfAnUnseenDayIsEmittedAtTheNextWatermark() throws Exception {
    try (var h = open()) {
      h.processWatermark(millis("2026-03-04T00:00:00Z"));
      feed(h, silver("BER", "2026-03-01T12:00:00Z", "tre200s0", 3.0));
      long wm = millis("2026-03-04T00:10:00Z");
      h.processWatermark(wm);
      List<DailySummary> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).version()).isZero();
      assertThat(out.get(0).emittedAt()).isEqualTo(Instant.ofEpochMilli(wm));
    }
  }

  @Test
  void ignoresOtherGranularitiesAndKeepsStationsApart() throws Exception {
    try (var h = open()) {
      feed(
          h,
          silver("BER", Instant.parse("2026-03-01T12:00:00Z"), "tre200s0", 40.0, 0, "h"),
          silver("BER", "2026-03-01T12:00:00Z", "tre200s0", 4.0),
          silver("KLO", "2026-03-01T12:00:00Z", "tre200s0", 6.0),
          silver("KLO", "2026-03-01T12:10:00Z", "tre200s0", 8.0));
      h.processWatermark(CLOSE);
      assertThat(h.extractOutputValues())
          .extracting(DailySummary::stationAbbr, DailySummary::tre200s0Mean, DailySummary::samples)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("BER", 4.0, 1),
              org.assertj.core.groups.Tuple.tuple("KLO", 7.0, 2));
    }
  }

  @Test
  void versionsSurviveARestoreFromASnapshot() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = open()) {
      feedMarch1(h);
      h.processWatermark(CLOSE);
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness(new DailySummaryFunction(CFG))) {
      h.initializeState(snapshot);
      h.open();
      feed(h, silver("BER", "2026-03-01T00:00:00Z", "tre200s0", 3.5, 1));
      h.processWatermark(millis("2026-03-02T02:00:00Z"));
      List<DailySummary> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).version()).isEqualTo(1);
      assertThat(out.get(0).tre200s0Mean()).isCloseTo(6.0, within(1e-12));
      assertThat(out.get(0).samples()).isEqualTo(3);
    }
  }
}
