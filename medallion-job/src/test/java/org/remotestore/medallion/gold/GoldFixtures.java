package org.remotestore.medallion.gold;

import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.remotestore.medallion.silver.SilverRecord;

/** Silver rows and operator harnesses for the gold tests. */
final class GoldFixtures {
  static final double BER_ELEVATION = 553.0;

  static SilverRecord silver(String station, String ts, String parameter, double value) {
    return silver(station, ts, parameter, value, 0);
  }

  static SilverRecord silver(
      String station, String ts, String parameter, double value, int revision) {
    return silver(station, Instant.parse(ts), parameter, value, revision, "t");
  }

  static SilverRecord silver(
      String station,
      Instant ts,
      String parameter,
      double value,
      int revision,
      String granularity) {
    return new SilverRecord(
        station,
        station.equals("BER") ? "Bern / Zollikofen" : station + " name",
        "BE",
        station.equals("BER") ? BER_ELEVATION : 400.0,
        46.99,
        7.46,
        ts,
        parameter,
        parameter + " name",
        "unit",
        value,
        granularity,
        revision,
        Instant.parse("2030-01-01T00:00:00Z"));
  }

  /** A harness around the function, not yet opened (restore state first, if any). */
  static <O> KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, O> harness(
      KeyedProcessFunction<String, SilverRecord, O> fn) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(fn), SilverRecord::stationAbbr, Types.STRING);
  }

  static <O> void feed(
      KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, O> h, SilverRecord... rows)
      throws Exception {
    for (SilverRecord r : rows) {
      h.processElement(new StreamRecord<>(r, r.referenceTimestamp().toEpochMilli()));
    }
  }

  static long millis(String ts) {
    return Instant.parse(ts).toEpochMilli();
  }

  private GoldFixtures() {}
}
