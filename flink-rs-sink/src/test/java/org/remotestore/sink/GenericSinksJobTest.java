package org.remotestore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic sinks with a record type of the test's own (no data-source types): CSV with one
 * header per part file, CSV by processing day, partitioned Parquet and a Parquet table, in one
 * bounded checkpointed job on {@code file://}, read back from disk.
 */
class GenericSinksJobTest {
  private static final String LAYOUT_A = "device;at;temp";
  private static final String LAYOUT_B = "device;at;temp;humidity";
  private static final RowType FILE_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("device", DataTypes.STRING()),
                  DataTypes.FIELD("line", DataTypes.STRING()))
              .getLogicalType();

  @TempDir Path out;

  /** A reading of a device, written in one of two CSV layouts. */
  public record Reading(String device, Instant at, String layout, String line)
      implements Serializable {
    RowData toRow() {
      return GenericRowData.of(StringData.fromString(device), StringData.fromString(line));
    }
  }

  @Test
  void writesEveryRecordOnceInItsFolderWithItsHeader() throws Exception {
    List<Reading> readings = new ArrayList<>();
    Instant day1 = Instant.parse("2026-03-01T00:00:00Z");
    for (int i = 0; i < 20; i++) {
      Instant at = day1.plusSeconds(3_600L * 2 * i); // 40 hours: two days
      String device = i % 2 == 0 ? "a/1" : "b";
      boolean wide = i >= 10; // a column added half way
      String line = device + ";" + at + ";" + i + (wide ? ";50" : "");
      readings.add(new Reading(device, at, wide ? LAYOUT_B : LAYOUT_A, line));
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.enableCheckpointing(100);
    DataStream<Reading> stream =
        env.fromData(TypeInformation.of(Reading.class), readings.toArray(Reading[]::new))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Reading>forMonotonousTimestamps()
                    .withTimestampAssigner((r, ts) -> r.at().toEpochMilli()));
    String base = out.toUri().toString();
    stream.sinkTo(
        CsvSinks.headerPerPart(
            new org.apache.flink.core.fs.Path(base + "csv"),
            r -> DayPartitions.folder("device", r.device(), r.at()),
            Reading::layout,
            Reading::line,
            StandardCharsets.UTF_8));
    stream.sinkTo(
        CsvSinks.byProcessingDay(
            new org.apache.flink.core.fs.Path(base + "quarantine"),
            "device;note",
            r -> CsvSinks.join(';', r.device(), "odd; \"quoted\""),
            StandardCharsets.UTF_8));
    stream
        .sinkTo(
            ParquetSinks.partitioned(
                new org.apache.flink.core.fs.Path(base + "parquet"),
                FILE_TYPE,
                Reading::toRow,
                r -> DayPartitions.folder("device", r.device(), r.at()),
                DayPartitions::endOf))
        .uid("parquet");
    stream.sinkTo(
        ParquetSinks.table(
            new org.apache.flink.core.fs.Path(base), "table", FILE_TYPE, Reading::toRow));
    env.execute("generic sinks");

    // CSV: every line once, in the folder of its device and UTC day, under its own header.
    List<String> lines = new ArrayList<>();
    for (Path part : visibleFiles(out.resolve("csv"))) {
      List<String> content = Files.readAllLines(part, StandardCharsets.UTF_8);
      String header = content.get(0);
      assertThat(header).isIn(LAYOUT_A, LAYOUT_B);
      for (String line : content.subList(1, content.size())) {
        assertThat(line.split(";", -1)).as(part + ": " + line).hasSize(header.split(";").length);
        Reading r = find(readings, line);
        assertThat(out.resolve("csv").relativize(part.getParent()).toString())
            .isEqualTo(DayPartitions.folder("device", r.device(), r.at()));
        lines.add(line);
      }
    }
    assertThat(lines)
        .containsExactlyInAnyOrderElementsOf(readings.stream().map(Reading::line).toList());
    assertThat(out.resolve("csv/device=a%2F1/date=2026-03-02")).isDirectory();

    // Quarantine: one fixed header, folders by processing day, quoted fields.
    List<Path> quarantine = visibleFiles(out.resolve("quarantine"));
    assertThat(quarantine).isNotEmpty();
    List<String> quarantined = new ArrayList<>();
    for (Path part : quarantine) {
      assertThat(part.getParent().getFileName().toString())
          .isIn(
              "date=" + LocalDate.now(ZoneOffset.UTC),
              "date=" + LocalDate.now(ZoneOffset.UTC).minusDays(1));
      List<String> content = Files.readAllLines(part, StandardCharsets.UTF_8);
      assertThat(content.get(0)).isEqualTo("device;note");
      quarantined.addAll(content.subList(1, content.size()));
    }
    assertThat(quarantined).hasSize(readings.size()).contains("b;\"odd; \"\"quoted\"\"\"");

    // Parquet: one row per record, per folder; and the table in its own folder.
    Map<String, Long> perFolder =
        visibleFiles(out.resolve("parquet")).stream()
            .collect(
                Collectors.groupingBy(
                    p -> out.resolve("parquet").relativize(p.getParent()).toString(),
                    Collectors.summingLong(GenericSinksJobTest::parquetRows)));
    assertThat(perFolder)
        .containsOnlyKeys(
            "device=a%2F1/date=2026-03-01",
            "device=a%2F1/date=2026-03-02", "device=b/date=2026-03-01", "device=b/date=2026-03-02");
    assertThat(perFolder.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(readings.size());
    assertThat(
            visibleFiles(out.resolve("table")).stream()
                .mapToLong(GenericSinksJobTest::parquetRows)
                .sum())
        .isEqualTo(readings.size());
  }

  @Test
  void joinQuotesOnlyWhereNeededAndKeepsOneLine() {
    assertThat(CsvSinks.join(';', "a", null, "b;c", "say \"hi\"", "two\nlines"))
        .isEqualTo("a;;\"b;c\";\"say \"\"hi\"\"\";\"two lines\"");
    assertThat(CsvSinks.join(',', "b;c", "d,e")).isEqualTo("b;c,\"d,e\"");
  }

  @Test
  void dayFoldersEndAtTheNextUtcMidnight() {
    Instant late = Instant.parse("2026-03-01T23:59:59Z");
    String folder = DayPartitions.folder(Map.of("tenant", "x=y"), late);
    assertThat(folder).isEqualTo("tenant=x%3Dy/date=2026-03-01");
    assertThat(DayPartitions.endOf(folder)).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(DayPartitions.endOf("tenant=x")).isNull();
  }

  private static Reading find(List<Reading> readings, String line) {
    return readings.stream().filter(r -> r.line().equals(line)).findFirst().orElseThrow();
  }

  private static List<Path> visibleFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !p.getFileName().toString().startsWith("_"))
          .sorted()
          .toList();
    }
  }

  private static long parquetRows(Path file) {
    long n = 0;
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new org.apache.hadoop.conf.Configuration(false))
            .build()) {
      while (reader.read() != null) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }
}
