package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.replay.ReplayStation;

/**
 * Gold numbers against the replay server's ground truth: the feed's rows (with corrections) go
 * through the operators in event-time order, and the latest version of every daily summary (and the
 * final station statistics) must equal what this test computes plainly from {@code
 * feed().publishedRows(...)}.
 */
class GoldGroundTruthTest {
  private static final Instant HISTORY = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-03-04T06:05:00Z");
  private static final List<String> STATIONS = List.of("BER", "DAV");
  private static final long OUT_OF_ORDERNESS_MS = 600_000;

  @Test
  void latestDailySummariesAndStationStatsEqualThePublishedRows() throws Exception {
    MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(NOW)
            .historyStart(HISTORY)
            .stations(STATIONS.toArray(String[]::new))
            .build(); // the feed alone: no HTTP needed
    Instant end = NOW.plusSeconds(1);
    Map<String, List<MeasurementRow>> before = new HashMap<>();
    for (String s : STATIONS) {
      before.put(s, replay.feed().publishedRows(s, Granularity.T, HISTORY, end));
    }
    // corrections: an old day, yesterday evening, and a gust on DAV
    replay
        .feed()
        .correct("BER", Granularity.T, Instant.parse("2026-03-02T10:00:00Z"), "tre200s0", 25.0);
    replay.feed().correctRecent("BER", Granularity.T, 50, "rre150z0", 2.0);
    replay.feed().correctRecent("DAV", Granularity.T, 60, "fu3010z1", 50.0);
    Map<String, List<MeasurementRow>> after = new HashMap<>();
    for (String s : STATIONS) {
      after.put(s, replay.feed().publishedRows(s, Granularity.T, HISTORY, end));
    }

    GoldConfig cfg = GoldConfig.defaults();
    try (var daily = GoldFixtures.harness(new DailySummaryFunction(cfg));
        var stats = GoldFixtures.harness(new StationStatsFunction(cfg))) {
      daily.open();
      stats.open();
      // first publications, interleaved by time like the source does, watermark 10 min behind
      List<MeasurementRow> timeline = new ArrayList<>();
      before.values().forEach(timeline::addAll);
      timeline.sort((a, b) -> a.referenceTimestamp().compareTo(b.referenceTimestamp()));
      for (MeasurementRow row : timeline) {
        push(daily, stats, replay, row);
        long wm = row.referenceTimestamp().toEpochMilli() - OUT_OF_ORDERNESS_MS - 1;
        daily.processWatermark(wm);
        stats.processWatermark(wm);
      }
      // the corrected rows arrive as revisions, then time goes on until everything is closed
      int revisions = 0;
      for (String s : STATIONS) {
        for (MeasurementRow row : after.get(s)) {
          if (row.revision() > 0) {
            push(daily, stats, replay, row);
            revisions++;
          }
        }
      }
      assertThat(revisions).isEqualTo(3);
      daily.processWatermark(NOW.toEpochMilli());
      stats.processWatermark(NOW.toEpochMilli());
      daily.processWatermark(Long.MAX_VALUE);
      stats.processWatermark(Long.MAX_VALUE);

      Map<String, DailySummary> latest = new TreeMap<>();
      for (DailySummary d : daily.extractOutputValues()) {
        latest.merge(
            d.stationAbbr() + "/" + d.date(), d, (a, b) -> a.version() >= b.version() ? a : b);
      }
      Map<String, Expected> expected = new TreeMap<>();
      for (String s : STATIONS) {
        for (MeasurementRow row : after.get(s)) {
          LocalDate date = LocalDate.ofInstant(row.referenceTimestamp(), ZoneOffset.UTC);
          expected.computeIfAbsent(s + "/" + date, k -> new Expected()).add(row);
        }
      }
      assertThat(latest.keySet()).isEqualTo(expected.keySet()).hasSize(8); // 4 days x 2
      for (Map.Entry<String, Expected> e : expected.entrySet()) {
        DailySummary got = latest.get(e.getKey());
        Expected want = e.getValue();
        String day = e.getKey();
        assertThat(got.samples()).as(day).isEqualTo(want.samples);
        assertThat(got.coverage()).as(day).isCloseTo(want.samples / 144.0, within(1e-12));
        assertThat(got.tre200s0Mean()).as(day).isCloseTo(want.tempSum / want.temps, within(1e-9));
        assertThat(got.tre200s0Min()).as(day).isEqualTo(want.tempMin);
        assertThat(got.tre200s0Max()).as(day).isEqualTo(want.tempMax);
        assertThat(got.rre150z0Sum()).as(day).isCloseTo(want.rain, within(1e-9));
        assertThat(got.sre000z0Sum()).as(day).isCloseTo(want.sun, within(1e-9));
        assertThat(got.fu3010z1Max()).as(day).isEqualTo(want.gustMax);
      }
      // full days have (almost) every slot; the corrected days were emitted twice
      assertThat(latest.get("BER/2026-03-02").samples()).isGreaterThan(140);
      assertThat(latest.get("BER/2026-03-02").version()).isEqualTo(1);
      assertThat(latest.get("BER/2026-03-01").version()).isZero();
      assertThat(latest.get("BER/2026-03-02").tre200s0Max()).isEqualTo(25.0);
      assertThat(latest.get("BER/2026-03-04").samples()).isLessThan(40);

      Map<String, StationStats> lastStats = new HashMap<>();
      for (StationStats st : stats.extractOutputValues()) {
        lastStats.put(st.stationAbbr(), st);
      }
      for (String s : STATIONS) {
        List<MeasurementRow> rows = after.get(s);
        double sum = 0;
        int n = 0;
        for (MeasurementRow row : rows) {
          if (row.valueOrNull("tre200s0") != null) {
            sum += row.valueOrNull("tre200s0");
            n++;
          }
        }
        long withValues = rows.stream().filter(r -> !r.values().isEmpty()).count();
        Instant first = rows.get(0).referenceTimestamp();
        Instant last = rows.get(rows.size() - 1).referenceTimestamp();
        long slots = (last.toEpochMilli() - first.toEpochMilli()) / 600_000 + 1;
        double elevation = elevation(replay, s);
        StationStats st = lastStats.get(s);
        assertThat(st.observations()).as(s).isEqualTo(withValues);
        assertThat(st.coverage()).as(s).isCloseTo(withValues / (double) slots, within(1e-12));
        assertThat(st.meanTempC()).as(s).isCloseTo(sum / n, within(1e-9));
        assertThat(st.meanTempSeaLevelC())
            .as(s)
            .isCloseTo(sum / n + 0.0065 * elevation, within(1e-9));
        assertThat(st.firstObservation()).as(s).isEqualTo(first);
        assertThat(st.lastObservation()).as(s).isEqualTo(last);
      }
    }
  }

  /** One feed row as silver records (one per present value), into both operators. */
  private static void push(
      KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, DailySummary> daily,
      KeyedOneInputStreamOperatorTestHarness<String, SilverRecord, StationStats> stats,
      MeteoSwissReplayServer replay,
      MeasurementRow row)
      throws Exception {
    for (Map.Entry<String, Double> v : row.values().entrySet()) {
      SilverRecord r =
          new SilverRecord(
              row.station(),
              row.station() + " station",
              null,
              elevation(replay, row.station()),
              null,
              null,
              row.referenceTimestamp(),
              v.getKey(),
              null,
              null,
              v.getValue(),
              "t",
              row.revision(),
              null);
      long ts = row.referenceTimestamp().toEpochMilli();
      daily.processElement(new StreamRecord<>(r, ts));
      stats.processElement(new StreamRecord<>(r, ts));
    }
  }

  private static double elevation(MeteoSwissReplayServer replay, String station) {
    ReplayStation s = replay.feed().stations().get(station);
    return s.elevationM();
  }

  /** The plain computation of one station-day from the published rows. */
  private static final class Expected {
    int samples;
    int temps;
    double tempSum;
    Double tempMin;
    Double tempMax;
    double rain;
    double sun;
    Double gustMax;

    void add(MeasurementRow row) {
      if (row.values().isEmpty()) {
        return;
      }
      samples++;
      Double t = row.valueOrNull("tre200s0");
      if (t != null) {
        temps++;
        tempSum += t;
        tempMin = tempMin == null || t < tempMin ? t : tempMin;
        tempMax = tempMax == null || t > tempMax ? t : tempMax;
      }
      Double r = row.valueOrNull("rre150z0");
      rain += r == null ? 0 : r;
      Double s = row.valueOrNull("sre000z0");
      sun += s == null ? 0 : s;
      Double g = row.valueOrNull("fu3010z1");
      if (g != null && (gustMax == null || g > gustMax)) {
        gustMax = g;
      }
    }
  }
}
