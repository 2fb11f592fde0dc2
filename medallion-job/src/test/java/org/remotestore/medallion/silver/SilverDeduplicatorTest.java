package org.remotestore.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SilverDeduplicatorTest {
  private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofHours(1);

  private static KeyedOneInputStreamOperatorTestHarness<String, SilverValue, SilverValue> open(
      Duration retention) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, SilverValue, SilverValue> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SilverDeduplicator(retention)),
            SilverValue::station,
            Types.STRING);
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

  private static List<SilverValue> emitted(
      KeyedOneInputStreamOperatorTestHarness<String, SilverValue, SilverValue> h) {
    return h.extractOutputValues();
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

      assertThat(emitted(h))
          .extracting(
              v -> v.station() + " " + v.parameter() + " " + v.value() + " r" + v.revision())
          .containsExactly(
              "BER tre200s0 12.5 r0",
              "BER ure200s0 80.0 r0",
              "SMA tre200s0 12.5 r0",
              "BER tre200s0 12.7 r1",
              "BER tre200s0 12.5 r2");
    }
  }

  @Test
  void forgetsATimestampOnceTheWatermarkIsRetentionPastIt() throws Exception {
    try (var h = open(RETENTION)) {
      feed(h, value("BER", T0, "tre200s0", 12.5));
      h.processWatermark(T0.plus(RETENTION).toEpochMilli() - 1);
      feed(h, value("BER", T0, "tre200s0", 12.5)); // still remembered: dropped
      assertThat(emitted(h)).hasSize(1);

      h.processWatermark(T0.plus(RETENTION).toEpochMilli());
      feed(h, value("BER", T0, "tre200s0", 12.5)); // forgotten: emitted again as a first value
      assertThat(emitted(h))
          .extracting(SilverValue::revision)
          .as("a repeat after the retention is a first value again")
          .containsExactly(0, 0);
    }
  }

  @Test
  void stateFollowsTheWatermarkNotTheInputRate() throws Exception {
    // a backfill: a week of 10-minute values for two stations as fast as they come
    try (var h = open(RETENTION)) {
      for (int i = 0; i < 7 * 144; i++) {
        Instant t = T0.plus(Duration.ofMinutes(10L * i));
        feed(h, value("BER", t, "tre200s0", i));
        feed(h, value("SMA", t, "tre200s0", i));
        h.processWatermark(t.toEpochMilli());
      }
      assertThat(emitted(h)).hasSize(2 * 7 * 144);
      // one timer per remembered timestamp and station: the last hour only (7 timestamps each)
      assertThat(h.numEventTimeTimers()).isEqualTo(2 * 6);
    }
  }

  @Test
  void remembersOneSharedKeyPerParameterNotOnePerValue() throws Exception {
    try (var h = open(RETENTION)) {
      feed(h, value("BER", T0, "tre200s0", 1));
      feed(h, value("BER", T0.plus(Duration.ofMinutes(10)), "tre200s0", 2));
      h.getOperator().setCurrentKey("BER");
      MapState<Long, Map<String, Tuple2<Double, Integer>>> state =
          h.getOperator()
              .getKeyedStateBackend()
              .getPartitionedState(
                  VoidNamespace.INSTANCE,
                  VoidNamespaceSerializer.INSTANCE,
                  new MapStateDescriptor<>(
                      "values-by-timestamp",
                      Types.LONG,
                      Types.MAP(Types.STRING, Types.TUPLE(Types.DOUBLE, Types.INT))));
      String first = state.get(T0.toEpochMilli()).keySet().iterator().next();
      String second =
          state.get(T0.plus(Duration.ofMinutes(10)).toEpochMilli()).keySet().iterator().next();
      assertThat(first).isEqualTo("t|tre200s0");
      // the same instance: the state of a long backfill does not hold a string per value
      assertThat(second).isSameAs(first);
    }
  }

  @Test
  void rejectsANonPositiveRetention() {
    assertThatThrownBy(() -> new SilverDeduplicator(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
  }
}
