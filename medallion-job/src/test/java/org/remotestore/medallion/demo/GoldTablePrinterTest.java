package org.remotestore.medallion.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gold printer over Parquet files written with Flink's Parquet format (as the job does). */
class GoldTablePrinterTest {

  static final RowType DAILY_SUMMARY =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station_abbr", DataTypes.STRING()),
                  DataTypes.FIELD("date", DataTypes.DATE()),
                  DataTypes.FIELD("version", DataTypes.INT()),
                  DataTypes.FIELD("tre200s0_mean", DataTypes.DOUBLE()),
                  DataTypes.FIELD("tre200s0_min", DataTypes.DOUBLE()),
                  DataTypes.FIELD("tre200s0_max", DataTypes.DOUBLE()),
                  DataTypes.FIELD("rre150z0_sum", DataTypes.DOUBLE()),
                  DataTypes.FIELD("sre000z0_sum", DataTypes.DOUBLE()),
                  DataTypes.FIELD("fu3010z1_max", DataTypes.DOUBLE()),
                  DataTypes.FIELD("samples", DataTypes.INT()),
                  DataTypes.FIELD("coverage", DataTypes.DOUBLE()),
                  DataTypes.FIELD("emitted_at", DataTypes.TIMESTAMP(3)))
              .getLogicalType();

  static final RowType ALERTS =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station_abbr", DataTypes.STRING()),
                  DataTypes.FIELD("kind", DataTypes.STRING()),
                  DataTypes.FIELD("date", DataTypes.DATE()),
                  DataTypes.FIELD("reference_timestamp", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("parameter", DataTypes.STRING()),
                  DataTypes.FIELD("value", DataTypes.DOUBLE()),
                  DataTypes.FIELD("threshold", DataTypes.DOUBLE()),
                  DataTypes.FIELD("emitted_at", DataTypes.TIMESTAMP(3)))
              .getLogicalType();

  @TempDir java.nio.file.Path dir;

  @Test
  void rendersTheLatestVersionOfTheNewestStationDaysFromCommittedFilesOnly() throws Exception {
    Path lake = new Path(dir.toUri());
    Path daily = new Path(lake, GoldTablePrinter.DAILY_SUMMARY);
    write(
        new Path(daily, "part-0-0.parquet"),
        DAILY_SUMMARY,
        day("BER", "2026-07-14", 0, 21.44, 14.0, 29.96, 0.0, 512, 31.2, 144, 1.0),
        day("LUG", "2026-07-14", 0, 24.05, 18.2, 31.5, 3.2, 498, 40.0, 143, 143 / 144.0),
        day("BER", "2026-07-13", 0, 18.0, 12.0, 23.0, 1.0, 100, 20.0, 72, 0.5));
    write(
        new Path(daily, "part-1-0.parquet"),
        DAILY_SUMMARY,
        day("BER", "2026-07-13", 1, 18.5, 12.0, 24.0, 1.0, 100, 20.0, 72, 0.5));
    // in progress (hidden) and a marker: never shown
    write(
        new Path(daily, ".part-2-0.parquet.inprogress.0d3f"),
        DAILY_SUMMARY,
        day("ZZZ", "2026-07-15", 0, 99, 99, 99, 99, 99, 99, 1, 0.01));
    Files.createFile(dir.resolve("gold/daily_summary/_SUCCESS"));

    GoldTablePrinter printer = new GoldTablePrinter(lake, 10, 0);
    String text = printer.render();

    assertThat(text)
        .isEqualTo(
            String.join(
                "\n",
                "gold.daily_summary: newest 3 of 3 station-days (4 rows committed)",
                "station | date       | ver | mean °C | min °C | max °C | rain mm | sun min |"
                    + " gust km/h | samples | coverage",
                "--------+------------+-----+---------+--------+--------+---------+---------+"
                    + "-----------+---------+---------",
                "BER     | 2026-07-14 |   0 |    21.4 |   14.0 |   30.0 |     0.0 |     512 |"
                    + "      31.2 |     144 |   100.0%",
                "LUG     | 2026-07-14 |   0 |    24.1 |   18.2 |   31.5 |     3.2 |     498 |"
                    + "      40.0 |     143 |    99.3%",
                "BER     | 2026-07-13 |   1 |    18.5 |   12.0 |   24.0 |     1.0 |     100 |"
                    + "      20.0 |      72 |    50.0%",
                ""));
    assertThat(new GoldTablePrinter(lake, 1, 0).render())
        .contains("newest 1 of 3 station-days")
        .contains("BER     | 2026-07-14")
        .doesNotContain("LUG");
  }

  @Test
  void printsOnlyWhenCommittedFilesChangeAndShowsAlerts() throws Exception {
    Path lake = new Path(dir.toUri());
    GoldTablePrinter printer = new GoldTablePrinter(lake, 5, 5);
    assertThat(printer.pollChanges()).isEmpty(); // no gold yet

    Path daily = new Path(lake, GoldTablePrinter.DAILY_SUMMARY);
    write(
        new Path(daily, "part-0-0.parquet"),
        DAILY_SUMMARY,
        day("SAE", "2026-07-14", 0, 5.0, -1.5, 9.0, 7.5, 300, 88.0, 144, 1.0));
    assertThat(printer.pollChanges()).isPresent();
    assertThat(printer.pollChanges()).isEmpty(); // nothing new

    write(
        new Path(lake, GoldTablePrinter.ALERTS + "/part-0-0.parquet"),
        ALERTS,
        alert("SAE", "storm_gust", "2026-07-14T15:10:00Z", "fu3010z1", 88.0, 75.0),
        alert("LUG", "heat", "2026-07-14T13:40:00Z", "tre200s0", 31.5, 30.0));
    String text = printer.pollChanges().orElseThrow();
    assertThat(text)
        .contains("SAE     | 2026-07-14 |   0 |     5.0 |   -1.5 |    9.0 |     7.5 |     300 |")
        .contains(
            String.join(
                "\n",
                "gold.alerts: newest 2 of 2",
                "station | kind       | at (UTC)         | parameter | value | threshold",
                "--------+------------+------------------+-----------+-------+----------",
                "SAE     | storm_gust | 2026-07-14 15:10 | fu3010z1  |  88.0 |      75.0",
                "LUG     | heat       | 2026-07-14 13:40 | tre200s0  |  31.5 |      30.0",
                ""));
  }

  @Test
  void readsValuesBackWithTheirTypes() throws Exception {
    Path file = new Path(new Path(dir.toUri()), "one.parquet");
    write(file, DAILY_SUMMARY, day("BER", "2026-07-14", 2, 1.5, 1.0, 2.0, 0, 0, 3, 10, 0.25));
    List<Map<String, Object>> rows = CommittedParquet.readFile(file);
    assertThat(rows).hasSize(1);
    Map<String, Object> row = rows.get(0);
    assertThat(row.get("station_abbr")).isEqualTo("BER");
    assertThat(row.get("date")).isEqualTo(LocalDate.parse("2026-07-14"));
    assertThat(row.get("version")).isEqualTo(2);
    assertThat(row.get("coverage")).isEqualTo(0.25);
    assertThat(row.get("emitted_at")).isEqualTo(Instant.parse("2026-07-15T00:30:00.123Z"));
  }

  @Test
  void tableAlignsNumbersRightAndTextLeft() {
    TextTable table =
        new TextTable(List.of(new TextTable.Column("name", false), new TextTable.Column("n", true)))
            .add(List.of("a", "100"))
            .add(java.util.Arrays.asList("long name", null));
    assertThat(table.render())
        .isEqualTo("name      |   n\n----------+----\na         | 100\nlong name |   -\n");
  }

  static RowData day(
      String station,
      String date,
      int version,
      double mean,
      double min,
      double max,
      double rain,
      double sun,
      double gust,
      int samples,
      double coverage) {
    return GenericRowData.of(
        StringData.fromString(station),
        (int) LocalDate.parse(date).toEpochDay(),
        version,
        mean,
        min,
        max,
        rain,
        sun,
        gust,
        samples,
        coverage,
        TimestampData.fromInstant(Instant.parse("2026-07-15T00:30:00.123Z")));
  }

  static RowData alert(
      String station, String kind, String at, String parameter, double value, double threshold) {
    Instant t = Instant.parse(at);
    return GenericRowData.of(
        StringData.fromString(station),
        StringData.fromString(kind),
        (int) LocalDate.ofInstant(t, java.time.ZoneOffset.UTC).toEpochDay(),
        TimestampData.fromInstant(t),
        StringData.fromString(parameter),
        value,
        threshold,
        TimestampData.fromInstant(t.plusSeconds(60)));
  }

  static void write(Path file, RowType type, RowData... rows) throws IOException {
    FileSystem fs = file.getFileSystem();
    fs.mkdirs(file.getParent());
    try (FSDataOutputStream out = fs.create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
      BulkWriter<RowData> writer =
          ParquetRowDataBuilder.createWriterFactory(
                  type, new org.apache.hadoop.conf.Configuration(false), true)
              .create(out);
      for (RowData row : rows) {
        writer.addElement(row);
      }
      writer.finish();
    }
  }
}
