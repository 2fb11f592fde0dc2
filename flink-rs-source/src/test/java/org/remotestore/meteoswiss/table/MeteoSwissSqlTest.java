package org.remotestore.meteoswiss.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.HttpBackendAvailable;

/**
 * A bounded SQL query over the {@code meteoswiss} connector against the replay, on a MiniCluster.
 */
class MeteoSwissSqlTest {

  @Test
  void boundedQueryReturnsTheReplaysRowsAndPollsOnlyTheFilteredStation() throws Exception {
    HttpBackendAvailable.assumeHttpBackend();
    Instant start = Instant.parse("2026-03-10T12:00:00Z");
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(start)
            .speed(0)
            .stations("BER", "KLO")
            .threads(2)
            .build()
            .start()) {
      TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
      tEnv.getConfig().set("parallelism.default", "1");
      tEnv.executeSql(
          "CREATE TABLE weather ("
              + " station_abbr STRING,"
              + " reference_timestamp TIMESTAMP_LTZ(3),"
              + " tre200s0 DOUBLE,"
              + " ure200s0 DOUBLE,"
              + " source_file STRING METADATA VIRTUAL,"
              + " revision INT METADATA VIRTUAL"
              + ") WITH ("
              + " 'connector' = 'meteoswiss',"
              + " 'base-url' = '"
              + replay.dataRoot()
              + "',"
              + " 'stac-url' = '"
              + replay.stacItems()
              + "',"
              + " 'stations' = 'all',"
              + " 'period' = 'now',"
              + " 'scan.bounded' = 'true')");
      List<Row> rows = new ArrayList<>();
      try (CloseableIterator<Row> it =
          tEnv.executeSql(
                  "SELECT station_abbr, reference_timestamp, tre200s0, source_file, revision"
                      + " FROM weather WHERE station_abbr = 'BER'")
              .collect()) {
        it.forEachRemaining(rows::add);
      }

      List<MeasurementRow> truth =
          replay
              .feed()
              .publishedRows(
                  "BER",
                  Granularity.T,
                  Instant.parse("2026-03-09T12:00:00Z"),
                  start.plusSeconds(1));
      assertThat(rows).hasSize(truth.size());
      Map<Instant, Row> byTime = new HashMap<>();
      for (Row r : rows) {
        assertThat(r.getField(0)).isEqualTo("BER");
        assertThat(r.getField(3)).isEqualTo("ber/ogd-smn_ber_t_now.csv");
        assertThat(r.getField(4)).isEqualTo(0);
        byTime.put((Instant) r.getField(1), r);
      }
      for (MeasurementRow t : truth) {
        Row r = byTime.get(t.referenceTimestamp());
        assertThat(r).as("row at %s", t.referenceTimestamp()).isNotNull();
        assertThat(r.getField(2)).isEqualTo(t.valueOrNull("tre200s0"));
      }
      String berItem = replay.stacItems().getPath() + "/ber";
      assertThat(replay.requests())
          .as("the station filter is pushed down: no listing, no other station; BER's item once")
          .allSatisfy(
              q -> assertThat(q.path().equals(berItem) || q.path().contains("/ber/")).isTrue())
          .filteredOn(q -> q.path().equals(berItem))
          .hasSize(1);
    }
  }

  @Test
  @Timeout(180)
  void upsertModeTurnsACorrectionIntoAnUpdateOfTheSameKey() throws Exception {
    HttpBackendAvailable.assumeHttpBackend();
    Instant start = Instant.parse("2026-03-10T12:00:00Z");
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(start)
            .speed(0)
            .stations("BER")
            .threads(2)
            .build()
            .start()) {
      TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
      tEnv.getConfig().set("parallelism.default", "1");
      tEnv.executeSql(
          "CREATE TABLE weather ("
              + " station_abbr STRING,"
              + " reference_timestamp TIMESTAMP_LTZ(3),"
              + " tre200s0 DOUBLE,"
              + " revision INT METADATA VIRTUAL,"
              + " PRIMARY KEY (station_abbr, reference_timestamp) NOT ENFORCED"
              + ") WITH ("
              + " 'connector' = 'meteoswiss',"
              + " 'base-url' = '"
              + replay.dataRoot()
              + "',"
              + " 'stations' = 'BER',"
              + " 'period' = 'now',"
              + " 'poll-interval' = '200 ms',"
              + " 'changelog-mode' = 'upsert')");
      List<MeasurementRow> truth =
          replay
              .feed()
              .publishedRows(
                  "BER",
                  Granularity.T,
                  Instant.parse("2026-03-09T12:00:00Z"),
                  start.plusSeconds(1));
      try (CloseableIterator<Row> it =
          tEnv.executeSql(
                  "SELECT station_abbr, reference_timestamp, tre200s0, revision FROM weather")
              .collect()) {
        Map<Instant, Row> inserted = new HashMap<>();
        while (inserted.size() < truth.size()) {
          Row r = it.next();
          assertThat(r.getKind()).isEqualTo(RowKind.INSERT);
          assertThat(inserted.put((Instant) r.getField(1), r)).as("inserted once").isNull();
        }
        MeasurementRow corrected =
            replay.feed().correctRecent("BER", Granularity.T, 3, "tre200s0", 0.7);
        replay.clock().advance(java.time.Duration.ofMinutes(10));
        Instant key = corrected.referenceTimestamp();
        List<Instant> fresh =
            replay
                .feed()
                .publishedRows(
                    "BER", Granularity.T, start.plusSeconds(1), replay.clock().now().plusSeconds(1))
                .stream()
                .map(MeasurementRow::referenceTimestamp)
                .toList();

        List<Row> changes = new ArrayList<>();
        boolean updated = false;
        boolean newRow = fresh.isEmpty();
        while (!(updated && newRow)) {
          Row r = it.next();
          changes.add(r);
          Instant ts = (Instant) r.getField(1);
          if (r.getKind() == RowKind.UPDATE_AFTER && ts.equals(key)) {
            updated = true;
          } else if (r.getKind() == RowKind.INSERT && ts.isAfter(start)) {
            newRow = true;
          }
        }
        assertThat(changes)
            .as("the correction updates its key; nothing else changes")
            .filteredOn(r -> r.getKind() != RowKind.INSERT)
            .allSatisfy(r -> assertThat(r.getField(1)).isEqualTo(key));
        Row after =
            changes.stream().filter(r -> r.getKind() == RowKind.UPDATE_AFTER).findFirst().get();
        assertThat(after.getField(2)).isEqualTo(corrected.valueOrNull("tre200s0"));
        assertThat(after.getField(3)).isEqualTo(1);
        assertThat(after.getField(2)).isNotEqualTo(inserted.get(key).getField(2));
        assertThat(changes)
            .filteredOn(r -> r.getKind() == RowKind.INSERT)
            .extracting(r -> r.getField(1))
            .containsExactlyElementsOf(fresh);
      }
    }
  }
}
