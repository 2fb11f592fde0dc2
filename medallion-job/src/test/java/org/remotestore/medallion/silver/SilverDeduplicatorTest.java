package org.remotestore.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SilverDeduplicatorTest {
  private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration RETENTION = Duration.ofHours(1);

  private static KeyedOneInputStreamOperatorTestHarness<String, SilverValue, SilverValue> harness(
      OneInputStreamOperator<SilverValue, SilverValue> operator) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        operator, SilverValue::station, Types.STRING);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, SilverValue, SilverValue> open(
      Duration retention) throws Exception {
    var h = harness(new SilverDeduplicator(retention));
    h.open();
    return h;
  }

  private static SilverValue value(String station, Instant t, String parameter, double v) {
    return new SilverValue(station, t, "t", parameter, v, 0);
  }

  private static void feed(OneInputStreamOperatorTestHarness<SilverValue, ?> h, SilverValue v)
      throws Exception {
    h.processElement(new StreamRecord<>(v, v.referenceTimestamp().toEpochMilli()));
  }

  private static List<String> emitted(
      KeyedOneInputStreamOperatorTestHarness<String, SilverValue, SilverValue> h) {
    return h.extractOutputValues().stream()
        .map(
            v ->
                v.station()
                    + " "
                    + v.referenceTimestamp()
                    + " "
                    + v.parameter()
                    + " "
                    + v.value()
                    + " r"
                    + v.revision())
        .collect(Collectors.toList());
  }

  /** The (station, day) entries of the new layout's state, as "station day-start". */
  private static List<String> days(
      KeyedOneInputStreamOperatorTestHarness<String, SilverValue, SilverValue> h) {
    KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
    try (Stream<Tuple2<String, Long>> keys =
        backend.getKeysAndNamespaces(SilverDeduplicator.STATE)) {
      return keys.map(k -> k.f0 + " " + Instant.ofEpochMilli(k.f1 * DAY.toMillis()))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void dropsRepeatsAndNumbersEveryChange() throws Exception {
    try (var h = open(RETENTION)) {
      feed(h, value("BER", T0, "tre200s0", 12.5));
      feed(h, value("BER", T0, "tre200s0", 12.5)); // repeat
      feed(h, value("BER", T0, "ure200s0", 80)); // other parameter, same timestamp
      feed(h, value("SMA", T0, "tre200s0", 12.5)); // other station
      feed(h, value("BER", T0, "tre200s0", 12.7)); // correction
      feed(h, value("BER", T0, "tre200s0", 12.5)); // back to the first value: a change too
      feed(h, value("BER", T0, "tre200s0", 12.5)); // repeat of the current value
      feed(h, new SilverValue("BER", T0, "h", "tre200s0", 12.5, 0)); // other granularity

      assertThat(emitted(h))
          .containsExactly(
              "BER " + T0 + " tre200s0 12.5 r0",
              "BER " + T0 + " ure200s0 80.0 r0",
              "SMA " + T0 + " tre200s0 12.5 r0",
              "BER " + T0 + " tre200s0 12.7 r1",
              "BER " + T0 + " tre200s0 12.5 r2",
              "BER " + T0 + " tre200s0 12.5 r0");
    }
  }

  @Test
  void keepsOneStateEntryPerStationAndDay() throws Exception {
    try (var h = open(RETENTION)) {
      for (int i = 0; i < 3 * 144; i++) { // three days of 10-minute values
        Instant t = T0.plus(Duration.ofMinutes(10L * i));
        feed(h, value("BER", t, "tre200s0", i));
        feed(h, value("BER", t, "ure200s0", i));
        feed(h, value("SMA", t, "tre200s0", i));
      }
      assertThat(days(h))
          .containsExactly(
              "BER 2026-07-01T00:00:00Z",
              "BER 2026-07-02T00:00:00Z",
              "BER 2026-07-03T00:00:00Z",
              "SMA 2026-07-01T00:00:00Z",
              "SMA 2026-07-02T00:00:00Z",
              "SMA 2026-07-03T00:00:00Z");
      // one timer per station and day, not per timestamp
      assertThat(h.numEventTimeTimers()).isEqualTo(6);
      assertThat(emitted(h)).hasSize(3 * 3 * 144);
    }
  }

  @Test
  void forgetsADayWholeOnceTheWatermarkIsRetentionPastItsEnd() throws Exception {
    try (var h = open(RETENTION)) {
      Instant lastOfDay1 = T0.plus(DAY).minus(Duration.ofMinutes(10));
      feed(h, value("BER", T0, "tre200s0", 1));
      feed(h, value("BER", lastOfDay1, "tre200s0", 2));
      feed(h, value("BER", T0.plus(DAY), "tre200s0", 3));

      // the first timestamp is far more than the retention behind: kept while its day is
      h.processWatermark(T0.plus(DAY).plus(RETENTION).toEpochMilli() - 1);
      feed(h, value("BER", T0, "tre200s0", 1));
      feed(h, value("BER", lastOfDay1, "tre200s0", 2));
      assertThat(emitted(h)).hasSize(3);
      assertThat(days(h)).hasSize(2);

      h.processWatermark(T0.plus(DAY).plus(RETENTION).toEpochMilli());
      assertThat(days(h)).containsExactly("BER 2026-07-02T00:00:00Z");
      feed(h, value("BER", T0, "tre200s0", 1)); // forgotten: a first value again
      feed(h, value("BER", T0.plus(DAY), "tre200s0", 3)); // the next day is still remembered
      assertThat(emitted(h))
          .containsExactly(
              "BER " + T0 + " tre200s0 1.0 r0",
              "BER " + lastOfDay1 + " tre200s0 2.0 r0",
              "BER " + T0.plus(DAY) + " tre200s0 3.0 r0",
              "BER " + T0 + " tre200s0 1.0 r0");
    }
  }

  @Test
  void dedupesAcrossADayBoundary() throws Exception {
    try (var h = open(Duration.ofDays(2))) {
      Instant before = T0.plus(DAY).minus(Duration.ofMinutes(10)); // 23:50
      Instant midnight = T0.plus(DAY); // 00:00 belongs to the next day
      feed(h, value("BER", before, "tre200s0", 1));
      feed(h, value("BER", midnight, "tre200s0", 2));
      // a file overlapping the boundary is read again: every value a repeat
      feed(h, value("BER", before, "tre200s0", 1));
      feed(h, value("BER", midnight, "tre200s0", 2));
      // corrections on both sides, the earlier day after the later one started
      feed(h, value("BER", midnight, "tre200s0", 2.5));
      feed(h, value("BER", before, "tre200s0", 1.5));
      feed(h, value("BER", before, "tre200s0", 1.5));

      assertThat(emitted(h))
          .containsExactly(
              "BER " + before + " tre200s0 1.0 r0",
              "BER " + midnight + " tre200s0 2.0 r0",
              "BER " + midnight + " tre200s0 2.5 r1",
              "BER " + before + " tre200s0 1.5 r1");
      assertThat(days(h)).containsExactly("BER 2026-07-01T00:00:00Z", "BER 2026-07-02T00:00:00Z");
    }
  }

  @Test
  void stateFollowsTheWatermarkNotTheInputRate() throws Exception {
    // a backfill: four weeks of 10-minute values for two stations as fast as they come
    try (var h = open(RETENTION)) {
      for (int i = 0; i < 28 * 144; i++) {
        Instant t = T0.plus(Duration.ofMinutes(10L * i));
        feed(h, value("BER", t, "tre200s0", i));
        feed(h, value("SMA", t, "tre200s0", i));
        h.processWatermark(t.toEpochMilli());
      }
      assertThat(emitted(h)).hasSize(2 * 28 * 144);
      // the last day only: the watermark (day 28, 23:50) is more than the retention past day 27
      assertThat(days(h)).containsExactly("BER 2026-07-28T00:00:00Z", "SMA 2026-07-28T00:00:00Z");
      assertThat(h.numEventTimeTimers()).isEqualTo(2);
    }
  }

  @Test
  void restoredStateKeepsDroppingRepeatsAndNumberingCorrections() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = open(Duration.ofDays(7))) {
      feed(h, value("BER", T0, "tre200s0", 1));
      feed(h, value("BER", T0, "tre200s0", 2));
      feed(h, value("BER", T0.plus(DAY), "tre200s0", 3));
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness(new SilverDeduplicator(Duration.ofDays(7)))) {
      h.initializeState(snapshot);
      h.open();
      feed(h, value("BER", T0, "tre200s0", 2)); // repeat of the current value
      feed(h, value("BER", T0.plus(DAY), "tre200s0", 3)); // repeat
      feed(h, value("BER", T0, "tre200s0", 4)); // correction number 2
      assertThat(emitted(h)).containsExactly("BER " + T0 + " tre200s0 4.0 r2");
      assertThat(h.numEventTimeTimers()).isEqualTo(2);
    }
  }

  @Test
  void restoresLayout1StateIntoDays() throws Exception {
    Duration retention = Duration.ofDays(7);
    Instant late = T0.plus(DAY).plus(Duration.ofHours(13));
    OperatorSubtaskState layout1;
    try (var h =
        harness(new KeyedProcessOperator<>(new Layout1Deduplicator(retention.toMillis())))) {
      h.open();
      feed(h, value("BER", T0, "tre200s0", 1));
      feed(h, value("BER", T0, "tre200s0", 2)); // revision 1
      feed(h, value("BER", T0, "ure200s0", 50));
      feed(h, value("BER", late, "tre200s0", 3));
      feed(h, value("SMA", late, "tre200s0", 4));
      assertThat(h.numEventTimeTimers()).as("a timer per timestamp").isEqualTo(3);
      layout1 = h.snapshot(1, 1);
    }

    OperatorSubtaskState migrated;
    try (var h = harness(new SilverDeduplicator(retention))) {
      h.initializeState(layout1);
      h.open();
      assertThat(days(h))
          .containsExactly(
              "BER 2026-07-01T00:00:00Z", "BER 2026-07-02T00:00:00Z", "SMA 2026-07-02T00:00:00Z");
      KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
      try (Stream<String> left =
          backend.getKeys(SilverDeduplicator.LEGACY_STATE, VoidNamespace.INSTANCE)) {
        assertThat(left).as("layout 1 entries left after the move").isEmpty();
      }
      feed(h, value("BER", T0, "tre200s0", 2)); // the remembered current value: a repeat
      feed(h, value("BER", T0, "ure200s0", 50)); // repeat
      feed(h, value("BER", late, "tre200s0", 3)); // repeat
      feed(h, value("SMA", late, "tre200s0", 4)); // repeat
      feed(h, value("BER", T0, "tre200s0", 2.5)); // a correction continues layout 1's count
      assertThat(emitted(h)).containsExactly("BER " + T0 + " tre200s0 2.5 r2");
      migrated = h.snapshot(2, 2);
    }

    try (var h = harness(new SilverDeduplicator(retention))) {
      h.initializeState(migrated); // restores again: nothing left to move, days kept
      h.open();
      feed(h, value("BER", T0, "tre200s0", 2.5));
      assertThat(emitted(h)).isEmpty();
      // layout 1's timer of T0 (T0 + 7 d, a day's end + retention) forgets the day before T0,
      // its timers inside a day are ignored; the days go at their end + retention
      h.processWatermark(T0.plus(DAY).plus(retention).toEpochMilli());
      assertThat(days(h)).containsExactly("BER 2026-07-02T00:00:00Z", "SMA 2026-07-02T00:00:00Z");
      h.processWatermark(T0.plus(DAY).plus(DAY).plus(retention).toEpochMilli());
      assertThat(days(h)).isEmpty();
      feed(h, value("BER", late, "tre200s0", 3)); // forgotten: a first value again
      assertThat(emitted(h)).containsExactly("BER " + late + " tre200s0 3.0 r0");
    }
  }

  @Test
  void rejectsANonPositiveRetention() {
    assertThatThrownBy(() -> new SilverDeduplicator(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
  }
}
