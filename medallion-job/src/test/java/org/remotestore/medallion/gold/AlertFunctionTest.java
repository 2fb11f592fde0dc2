package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.remotestore.medallion.gold.GoldFixtures.feed;
import static org.remotestore.medallion.gold.GoldFixtures.harness;
import static org.remotestore.medallion.gold.GoldFixtures.millis;
import static org.remotestore.medallion.gold.GoldFixtures.silver;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.remotestore.medallion.silver.SilverRecord;

class AlertFunctionTest {

  private static KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, Alert> open(
      GoldConfig cfg) throws Exception {
    var h = harness(new AlertFunction(cfg));
    h.open();
    return h;
  }

  @Test
  void defaultThresholdsAreInclusive() throws Exception {
    try (var h = open(GoldConfig.defaults())) {
      feed(
          h,
          silver("BER", "2026-07-01T12:00:00Z", "tre200s0", 29.9),
          silver("BER", "2026-07-01T12:10:00Z", "tre200s0", 30.0),
          silver("BER", "2026-07-01T12:00:00Z", "fu3010z1", 74.9),
          silver("BER", "2026-07-01T12:10:00Z", "fu3010z1", 75.0),
          silver("BER", "2026-07-01T12:00:00Z", "rre150z0", 4.9),
          silver("BER", "2026-07-01T12:10:00Z", "rre150z0", 5.0),
          silver("BER", "2026-07-02T03:00:00Z", "tre200s0", 0.1),
          silver("BER", "2026-07-02T03:10:00Z", "tre200s0", 0.0),
          silver("BER", "2026-07-02T03:10:00Z", "ure200s0", 100.0), // not watched
          silver("BER", Instant.parse("2026-07-03T12:00:00Z"), "tre200s0", 35.0, 0, "h"));
      assertThat(h.extractOutputValues())
          .extracting(
              Alert::kind, Alert::date, Alert::referenceTimestamp, Alert::value, Alert::threshold)
          .containsExactly(
              tuple(
                  "heat",
                  LocalDate.parse("2026-07-01"),
                  Instant.parse("2026-07-01T12:10:00Z"),
                  30.0,
                  30.0),
              tuple(
                  "storm_gust",
                  LocalDate.parse("2026-07-01"),
                  Instant.parse("2026-07-01T12:10:00Z"),
                  75.0,
                  75.0),
              tuple(
                  "heavy_rain",
                  LocalDate.parse("2026-07-01"),
                  Instant.parse("2026-07-01T12:10:00Z"),
                  5.0,
                  5.0),
              tuple(
                  "frost",
                  LocalDate.parse("2026-07-02"),
                  Instant.parse("2026-07-02T03:10:00Z"),
                  0.0,
                  0.0));
      assertThat(h.extractOutputValues())
          .extracting(Alert::stationAbbr, Alert::parameter)
          .containsExactly(
              tuple("BER", "tre200s0"),
              tuple("BER", "fu3010z1"),
              tuple("BER", "rre150z0"),
              tuple("BER", "tre200s0"));
    }
  }

  @Test
  void thresholdsComeFromTheConfig() throws Exception {
    GoldConfig cfg =
        GoldConfig.builder()
            .heatThresholdC(25)
            .frostThresholdC(-5)
            .stormGustThresholdKmh(100)
            .heavyRainThresholdMm(1)
            .build();
    try (var h = open(cfg)) {
      feed(
          h,
          silver("BER", "2026-07-01T12:00:00Z", "tre200s0", 26.0),
          silver("BER", "2026-07-01T12:00:00Z", "fu3010z1", 80.0),
          silver("BER", "2026-07-01T12:00:00Z", "rre150z0", 1.0),
          silver("BER", "2026-07-02T03:00:00Z", "tre200s0", -1.0),
          silver("BER", "2026-07-02T03:10:00Z", "tre200s0", -5.0));
      assertThat(h.extractOutputValues())
          .extracting(Alert::kind, Alert::value, Alert::threshold)
          .containsExactly(
              tuple("heat", 26.0, 25.0), tuple("heavy_rain", 1.0, 1.0), tuple("frost", -5.0, -5.0));
    }
  }

  @Test
  void atMostOneAlertPerStationKindAndDay() throws Exception {
    try (var h = open(GoldConfig.defaults())) {
      feed(
          h,
          silver("BER", "2026-07-01T12:00:00Z", "tre200s0", 31.0),
          silver("BER", "2026-07-01T12:10:00Z", "tre200s0", 32.0),
          silver("BER", "2026-07-01T12:10:00Z", "tre200s0", 33.0, 1),
          silver("KLO", "2026-07-01T12:10:00Z", "tre200s0", 31.0),
          silver("BER", "2026-07-01T23:50:00Z", "rre150z0", 6.0),
          silver("BER", "2026-07-02T00:00:00Z", "tre200s0", 30.5));
      assertThat(h.extractOutputValues())
          .extracting(Alert::stationAbbr, Alert::kind, Alert::date, Alert::value)
          .containsExactly(
              tuple("BER", "heat", LocalDate.parse("2026-07-01"), 31.0),
              tuple("KLO", "heat", LocalDate.parse("2026-07-01"), 31.0),
              tuple("BER", "heavy_rain", LocalDate.parse("2026-07-01"), 6.0),
              tuple("BER", "heat", LocalDate.parse("2026-07-02"), 30.5));
    }
  }

  @Test
  void rememberedDaysAreDroppedAfterTheCorrectionPeriod() throws Exception {
    try (var h = open(GoldConfig.defaults())) {
      long wm = millis("2026-07-01T13:00:00Z");
      h.processWatermark(wm);
      feed(h, silver("BER", "2026-07-01T12:00:00Z", "tre200s0", 31.0)); // late, still in time
      assertThat(h.extractOutputValues().get(0).emittedAt()).isEqualTo(Instant.ofEpochMilli(wm));
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      h.processWatermark(millis("2026-07-08T00:00:00Z")); // end of day + 6 days
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      // a row of that day now is too late: no second alert
      feed(h, silver("BER", "2026-07-01T12:30:00Z", "tre200s0", 34.0));
      List<Alert> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).emittedAt()).isEqualTo(Instant.ofEpochMilli(wm));
    }
  }

  @Test
  void raisedAlertsSurviveARestore() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    try (var h = open(GoldConfig.defaults())) {
      feed(h, silver("BER", "2026-07-01T12:00:00Z", "tre200s0", 31.0));
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness(new AlertFunction(GoldConfig.defaults()))) {
      h.initializeState(snapshot);
      h.open();
      feed(
          h,
          silver("BER", "2026-07-01T12:00:00Z", "tre200s0", 31.0), // replayed after the restore
          silver("BER", "2026-07-01T12:10:00Z", "fu3010z1", 90.0));
      assertThat(h.extractOutputValues()).extracting(Alert::kind).containsExactly("storm_gust");
      assertThat(h.numEventTimeTimers()).isEqualTo(1); // one cleanup timer for the day
    }
  }
}
