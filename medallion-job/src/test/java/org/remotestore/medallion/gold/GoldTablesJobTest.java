package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.remotestore.medallion.gold.GoldFixtures.silver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.medallion.silver.SilverRecord;

/**
 * {@link GoldTables#attach} in a checkpointed MiniCluster job: the three tables are written as
 * Parquet files that an independent reader (DuckDB) reads with the schema of the brief and the
 * expected rows. Generic (Kryo) types are disabled, so every gold type has a real serializer.
 */
class GoldTablesJobTest {

  @Test
  void writesTheThreeTablesAsParquet(@TempDir Path dir) throws Exception {
    List<SilverRecord> input = new ArrayList<>();
    Instant day1 = Instant.parse("2026-07-01T00:00:00Z");
    for (int i = 0; i < 144; i++) {
      Instant ts = day1.plus(Duration.ofMinutes(10L * i));
      input.add(silver("BER", ts, "tre200s0", 15.0 + (i % 24), 0, "t"));
      input.add(silver("BER", ts, "rre150z0", i == 70 ? 6.0 : 0.1, 0, "t"));
      input.add(silver("BER", ts, "sre000z0", i >= 36 && i < 108 ? 10.0 : 0.0, 0, "t"));
      input.add(silver("BER", ts, "fu3010z1", i == 100 ? 80.0 : 20.0, 0, "t"));
    }
    // the next day: three timestamps
    for (int i = 0; i < 3; i++) {
      input.add(
          silver(
              "BER", day1.plus(Duration.ofMinutes(1440 + 10L * i)), "tre200s0", 31.0 + i, 0, "t"));
    }

    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(200);
    DataStream<SilverRecord> silver =
        env.fromData(TypeInformation.of(SilverRecord.class), input.toArray(SilverRecord[]::new))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<SilverRecord>forGenerator(ctx -> new PerRecordWatermarks())
                    .withTimestampAssigner((r, t) -> r.referenceTimestamp().toEpochMilli()));
    org.apache.flink.core.fs.Path gold = new org.apache.flink.core.fs.Path(dir.toUri());
    GoldTables.attach(silver, gold, GoldConfig.defaults());
    env.execute("gold tables");

    // the expected day, computed plainly from the input
    double tempSum = 0;
    double rain = 0;
    for (int i = 0; i < 144; i++) {
      tempSum += 15.0 + (i % 24);
      rain += i == 70 ? 6.0 : 0.1;
    }

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      assertThat(columns(st, dir.resolve("daily_summary")))
          .containsExactly(
              Map.entry("station_abbr", "VARCHAR"),
              Map.entry("date", "DATE"),
              Map.entry("version", "INTEGER"),
              Map.entry("tre200s0_mean", "DOUBLE"),
              Map.entry("tre200s0_min", "DOUBLE"),
              Map.entry("tre200s0_max", "DOUBLE"),
              Map.entry("rre150z0_sum", "DOUBLE"),
              Map.entry("sre000z0_sum", "DOUBLE"),
              Map.entry("fu3010z1_max", "DOUBLE"),
              Map.entry("samples", "INTEGER"),
              Map.entry("coverage", "DOUBLE"),
              Map.entry("emitted_at", "TIMESTAMP"));
      try (ResultSet rs =
          st.executeQuery(
              "SELECT station_abbr, CAST(date AS VARCHAR), version, tre200s0_mean, tre200s0_min,"
                  + " tre200s0_max, rre150z0_sum, sre000z0_sum, fu3010z1_max, samples, coverage,"
                  + " CAST(emitted_at AS VARCHAR), rre150z0_sum IS NULL FROM read_parquet('"
                  + glob(dir, "daily_summary")
                  + "') ORDER BY date")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("BER");
        assertThat(rs.getString(2)).isEqualTo("2026-07-01");
        assertThat(rs.getInt(3)).isZero();
        assertThat(rs.getDouble(4)).isCloseTo(tempSum / 144, within(1e-9));
        assertThat(rs.getDouble(5)).isEqualTo(15.0);
        assertThat(rs.getDouble(6)).isEqualTo(38.0);
        assertThat(rs.getDouble(7)).isCloseTo(rain, within(1e-9));
        assertThat(rs.getDouble(8)).isCloseTo(720.0, within(1e-9));
        assertThat(rs.getDouble(9)).isEqualTo(80.0);
        assertThat(rs.getInt(10)).isEqualTo(144);
        assertThat(rs.getDouble(11)).isEqualTo(1.0);
        assertThat(rs.getString(12)).isEqualTo("2026-07-02 01:00:00"); // day end + 1 h lateness
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("2026-07-02");
        assertThat(rs.getInt(10)).isEqualTo(3);
        assertThat(rs.getBoolean(13)).isTrue(); // no rain values: NULL, not 0
        assertThat(rs.next()).isFalse();
      }

      assertThat(columns(st, dir.resolve("station_stats")))
          .containsExactly(
              Map.entry("station_abbr", "VARCHAR"),
              Map.entry("station_name", "VARCHAR"),
              Map.entry("elevation_m", "DOUBLE"),
              Map.entry("observations", "BIGINT"),
              Map.entry("coverage", "DOUBLE"),
              Map.entry("mean_temp_c", "DOUBLE"),
              Map.entry("mean_temp_sea_level_c", "DOUBLE"),
              Map.entry("first_observation", "TIMESTAMP"),
              Map.entry("last_observation", "TIMESTAMP"),
              Map.entry("as_of", "TIMESTAMP"));
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), max(observations), arg_max(mean_temp_c, as_of),"
                  + " arg_max(mean_temp_sea_level_c, as_of), CAST(min(first_observation) AS"
                  + " VARCHAR), CAST(max(last_observation) AS VARCHAR), CAST(max(as_of) AS"
                  + " VARCHAR), arg_max(station_name, as_of) FROM read_parquet('"
                  + glob(dir, "station_stats")
                  + "')")) {
        assertThat(rs.next()).isTrue();
        // one refresh per simulated hour with data: 24 on day 1, then 00:00 and 01:00 of day 2
        assertThat(rs.getLong(1)).isEqualTo(26);
        assertThat(rs.getLong(2)).isEqualTo(147);
        double mean = (tempSum + 31 + 32 + 33) / 147;
        assertThat(rs.getDouble(3)).isCloseTo(mean, within(1e-9));
        assertThat(rs.getDouble(4)).isCloseTo(mean + 0.0065 * 553, within(1e-9));
        assertThat(rs.getString(5)).isEqualTo("2026-07-01 00:00:00");
        assertThat(rs.getString(6)).isEqualTo("2026-07-02 00:20:00");
        assertThat(rs.getString(7)).isEqualTo("2026-07-02 01:00:00");
        assertThat(rs.getString(8)).isEqualTo("Bern / Zollikofen");
      }

      assertThat(columns(st, dir.resolve("alerts")))
          .containsExactly(
              Map.entry("station_abbr", "VARCHAR"),
              Map.entry("kind", "VARCHAR"),
              Map.entry("date", "DATE"),
              Map.entry("reference_timestamp", "TIMESTAMP"),
              Map.entry("parameter", "VARCHAR"),
              Map.entry("value", "DOUBLE"),
              Map.entry("threshold", "DOUBLE"),
              Map.entry("emitted_at", "TIMESTAMP"));
      List<String> alerts = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT station_abbr || ' ' || kind || ' ' || CAST(date AS VARCHAR) || ' ' ||"
                  + " CAST(reference_timestamp AS VARCHAR) || ' ' || parameter || ' ' || value ||"
                  + " ' ' || threshold FROM read_parquet('"
                  + glob(dir, "alerts")
                  + "') ORDER BY reference_timestamp, kind")) {
        while (rs.next()) {
          alerts.add(rs.getString(1));
        }
      }
      assertThat(alerts)
          .containsExactly(
              "BER heat 2026-07-01 2026-07-01 02:30:00 tre200s0 30.0 30.0",
              "BER heavy_rain 2026-07-01 2026-07-01 11:40:00 rre150z0 6.0 5.0",
              "BER storm_gust 2026-07-01 2026-07-01 16:40:00 fu3010z1 80.0 75.0",
              "BER heat 2026-07-02 2026-07-02 00:00:00 tre200s0 31.0 30.0");
    }
  }

  /** A watermark right after every record, so the refreshes do not depend on timing. */
  private static final class PerRecordWatermarks implements WatermarkGenerator<SilverRecord> {
    @Override
    public void onEvent(SilverRecord r, long timestamp, WatermarkOutput output) {
      output.emitWatermark(new Watermark(timestamp - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  private static String glob(Path dir, String table) {
    return dir.resolve(table).toString() + "/*.parquet";
  }

  private static Map<String, String> columns(Statement st, Path table) throws Exception {
    Map<String, String> cols = new LinkedHashMap<>();
    try (ResultSet rs =
        st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + table + "/*.parquet')")) {
      while (rs.next()) {
        cols.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    return cols;
  }
}
