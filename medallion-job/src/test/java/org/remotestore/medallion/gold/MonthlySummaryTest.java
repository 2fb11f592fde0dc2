package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * {@code monthly_summary} equals an independent computation over the replay's published rows, from
 * daily ({@code d}) rows and from 10-minute rows through {@code daily_summary}; months close after
 * their end plus the allowed lateness and are re-emitted with a higher version when a day changes.
 */
class MonthlySummaryTest {
  private static final GoldConfig CFG = GoldConfig.defaults(); // lateness 1 h, corrections 6 d
  private static final List<String> STATIONS = List.of("BER", "SAE");

  private static MeteoSwissReplayServer replay(String historyStart, String now) {
    // not started: the ground truth needs no HTTP
    return MeteoSwissReplayServer.builder()
        .start(Instant.parse(now))
        .historyStart(Instant.parse(historyStart))
        .stations(STATIONS.toArray(String[]::new))
        .build();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, DayValues, MonthlySummary> monthly(
      String source) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, DayValues, MonthlySummary> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MonthlySummaryFunction(CFG, source)),
            DayValues::stationAbbr,
            Types.STRING);
    h.open();
    return h;
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, DayValues, MonthlySummary> h, DayValues v)
      throws Exception {
    h.processElement(
        new StreamRecord<>(v, v.date().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()));
  }

  private static List<SilverRecord> silver(MeasurementRow row, String granularity) {
    List<SilverRecord> out = new ArrayList<>();
    row.values()
        .forEach(
            (code, value) ->
                out.add(
                    GoldFixtures.silver(
                        row.station(), row.referenceTimestamp(), code, value, 0, granularity)));
    return out;
  }

  /** The expected month, computed here from day aggregates (mean, min, max, sums, max gust). */
  private record Expected(
      Double mean, Double min, Double max, Double rain, Double sun, Double gust, int days) {}

  private static Expected expected(List<double[]> days) {
    // each day: mean, min, max, rain, sun, gust (NaN = no value)
    double meanSum = 0;
    int means = 0;
    Double min = null;
    Double max = null;
    Double rain = null;
    Double sun = null;
    Double gust = null;
    for (double[] d : days) {
      if (!Double.isNaN(d[0])) {
        meanSum += d[0];
        means++;
      }
      if (!Double.isNaN(d[1])) {
        min = min == null ? d[1] : Math.min(min, d[1]);
      }
      if (!Double.isNaN(d[2])) {
        max = max == null ? d[2] : Math.max(max, d[2]);
      }
      if (!Double.isNaN(d[3])) {
        rain = (rain == null ? 0 : rain) + d[3];
      }
      if (!Double.isNaN(d[4])) {
        sun = (sun == null ? 0 : sun) + d[4];
      }
      if (!Double.isNaN(d[5])) {
        gust = gust == null ? d[5] : Math.max(gust, d[5]);
      }
    }
    return new Expected(
        means == 0 ? null : meanSum / means, min, max, rain, sun, gust, days.size());
  }

  private static void assertMonth(MonthlySummary m, Expected e) {
    String what = m.stationAbbr() + " " + m.month();
    assertClose(what + " mean", m.tre200Mean(), e.mean());
    assertClose(what + " min", m.tre200Min(), e.min());
    assertClose(what + " max", m.tre200Max(), e.max());
    assertClose(what + " rain", m.rre150Sum(), e.rain());
    assertClose(what + " sun", m.sre000Sum(), e.sun());
    assertClose(what + " gust", m.fu3010Max(), e.gust());
    assertThat(m.days()).as(what + " days").isEqualTo(e.days());
  }

  private static void assertClose(String what, Double actual, Double expected) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else {
      assertThat(actual).as(what).isNotNull();
      assertThat(actual).as(what).isCloseTo(expected, within(1e-9));
    }
  }

  private static double v(MeasurementRow r, String code) {
    return r.value(code).orElse(Double.NaN);
  }

  private static LocalDate monthOf(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).withDayOfMonth(1);
  }

  @Test
  void fromDailyRowsEqualsAnIndependentComputation() throws Exception {
    MeteoSwissReplayServer replay = replay("2025-11-01T00:00:00Z", "2026-01-10T12:00:00Z");
    Instant from = Instant.parse("2025-11-01T00:00:00Z");
    Instant to = Instant.parse("2026-01-10T00:00:00Z");
    Map<String, List<double[]>> expectedDays = new TreeMap<>();
    try (var h = monthly("d")) {
      for (String station : STATIONS) {
        for (MeasurementRow r : replay.feed().publishedRows(station, Granularity.D, from, to)) {
          for (SilverRecord s : silver(r, "d")) {
            if (DayValues.isDailyInput(s)) {
              feed(h, DayValues.ofDaily(s));
            }
          }
          expectedDays
              .computeIfAbsent(
                  station + "|" + monthOf(r.referenceTimestamp()), k -> new ArrayList<>())
              .add(
                  new double[] {
                    v(r, "tre200d0"),
                    v(r, "tre200dn"),
                    v(r, "tre200dx"),
                    v(r, "rre150d0"),
                    v(r, "sre000d0"),
                    v(r, "fu3010d1")
                  });
        }
      }
      // December closes at 1 January 01:00 (end plus one hour of lateness), January is open
      h.processWatermark(Instant.parse("2026-01-01T00:59:59Z").toEpochMilli());
      assertThat(h.extractOutputValues())
          .extracting(m -> m.stationAbbr() + "|" + m.month())
          .containsExactlyInAnyOrder("BER|2025-11-01", "SAE|2025-11-01");
      h.processWatermark(Long.MAX_VALUE);
      List<MonthlySummary> out = h.extractOutputValues();
      assertThat(out).hasSize(6).allSatisfy(m -> assertThat(m.version()).isZero());
      assertThat(out).allSatisfy(m -> assertThat(m.sourceGranularity()).isEqualTo("d"));
      for (MonthlySummary m : out) {
        assertMonth(m, expected(expectedDays.get(m.stationAbbr() + "|" + m.month())));
      }
      assertThat(out)
          .filteredOn(m -> m.month().equals(LocalDate.parse("2025-12-01")))
          .allSatisfy(m -> assertThat(m.days()).isBetween(30, 31));
    }
  }

  @Test
  void fromTenMinuteRowsThroughDailySummaryEqualsAnIndependentComputation() throws Exception {
    MeteoSwissReplayServer replay = replay("2026-01-25T00:00:00Z", "2026-02-04T12:00:00Z");
    Instant from = Instant.parse("2026-01-25T00:00:00Z");
    Instant to = Instant.parse("2026-02-04T00:00:00Z");
    // independent: per station and UTC day of the timestamp, the day's aggregates, then the month
    Map<String, Map<LocalDate, List<MeasurementRow>>> byDay = new TreeMap<>();
    List<DailySummary> dailies;
    try (var daily = GoldFixtures.harness(new DailySummaryFunction(CFG))) {
      daily.open();
      for (String station : STATIONS) {
        for (MeasurementRow r : replay.feed().publishedRows(station, Granularity.T, from, to)) {
          GoldFixtures.feed(daily, silver(r, "t").toArray(SilverRecord[]::new));
          byDay
              .computeIfAbsent(station, s -> new TreeMap<>())
              .computeIfAbsent(
                  LocalDate.ofInstant(r.referenceTimestamp(), ZoneOffset.UTC),
                  d -> new ArrayList<>())
              .add(r);
        }
      }
      daily.processWatermark(Long.MAX_VALUE);
      dailies = daily.extractOutputValues();
    }
    Map<String, List<double[]>> expectedDays = new TreeMap<>();
    byDay.forEach(
        (station, days) ->
            days.forEach(
                (day, rows) -> {
                  List<Double> temps = new ArrayList<>();
                  double[] agg = {Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN};
                  for (MeasurementRow r : rows) {
                    r.value("tre200s0").ifPresent(temps::add);
                    agg[3] += r.value("rre150z0").orElse(0);
                    agg[4] += r.value("sre000z0").orElse(0);
                    double g = v(r, "fu3010z1");
                    if (!Double.isNaN(g)) {
                      agg[5] = Double.isNaN(agg[5]) ? g : Math.max(agg[5], g);
                    }
                  }
                  if (!temps.isEmpty()) {
                    agg[0] =
                        temps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    agg[1] = temps.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                    agg[2] = temps.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                  }
                  expectedDays
                      .computeIfAbsent(
                          station + "|" + day.withDayOfMonth(1), k -> new ArrayList<>())
                      .add(agg);
                }));
    try (var h = monthly("t")) {
      for (DailySummary d : dailies) {
        feed(h, DayValues.of(d));
      }
      h.processWatermark(Long.MAX_VALUE);
      List<MonthlySummary> out = h.extractOutputValues();
      assertThat(out)
          .extracting(m -> m.stationAbbr() + "|" + m.month())
          .containsExactlyInAnyOrder(
              "BER|2026-01-01", "BER|2026-02-01", "SAE|2026-01-01", "SAE|2026-02-01");
      for (MonthlySummary m : out) {
        assertThat(m.sourceGranularity()).isEqualTo("t");
        assertMonth(m, expected(expectedDays.get(m.stationAbbr() + "|" + m.month())));
      }
    }
  }

  @Test
  void aChangedDayReEmitsItsMonthUntilTheCorrectionPeriodEnds() throws Exception {
    LocalDate day = LocalDate.parse("2026-03-31");
    try (var h = monthly("d")) {
      feed(h, new DayValues("BER", day, false, 5.0, null, null, null, null, null));
      feed(h, new DayValues("BER", day.minusDays(1), false, 7.0, 1.0, 9.0, 2.0, 60.0, 40.0));
      h.processWatermark(Instant.parse("2026-04-01T01:00:00Z").toEpochMilli());
      List<MonthlySummary> first = h.extractOutputValues();
      assertThat(first).hasSize(1);
      assertThat(first.get(0).tre200Mean()).isCloseTo(6.0, within(1e-12));
      assertThat(first.get(0).days()).isEqualTo(2);
      // a corrected daily mean, then the same value again (no change, no new version)
      feed(h, new DayValues("BER", day, false, 9.0, null, null, null, null, null));
      feed(h, new DayValues("BER", day, false, 9.0, null, null, null, null, null));
      h.processWatermark(Instant.parse("2026-04-02T00:00:00Z").toEpochMilli());
      List<MonthlySummary> all = h.extractOutputValues();
      assertThat(all).hasSize(2);
      MonthlySummary second = all.get(1);
      assertThat(second.version()).isEqualTo(1);
      assertThat(second.tre200Mean()).isCloseTo(8.0, within(1e-12));
      assertThat(second.rre150Sum()).isEqualTo(2.0);
      assertThat(second.emittedAt()).isEqualTo(Instant.parse("2026-04-02T00:00:00Z"));
      // past end + correction period + lateness: state dropped, the day is ignored
      h.processWatermark(Instant.parse("2026-04-07T01:00:00Z").toEpochMilli());
      feed(h, new DayValues("BER", day, false, -20.0, null, null, null, null, null));
      h.processWatermark(Long.MAX_VALUE);
      assertThat(h.extractOutputValues()).hasSize(2);
    }
  }
}
