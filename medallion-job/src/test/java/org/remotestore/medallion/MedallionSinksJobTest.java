package org.remotestore.medallion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.bronze.BronzeSinks;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.MeteoSwissCsvParser;
import org.remotestore.meteoswiss.ParseResult;

/**
 * Bronze, rejects and silver sinks in one checkpointed MiniCluster job writing to {@code rs://}
 * over the local backend, read back from disk.
 */
class MedallionSinksJobTest {
  private static final Charset CP1252 = Charset.forName("windows-1252");
  private static final String HEADER_A = "station_abbr;reference_timestamp;tre200s0;rre150z0";
  private static final String HEADER_B =
      "station_abbr;reference_timestamp;tre200s0;rre150z0;fu3010z1";

  @TempDir static Path lake;

  @BeforeAll
  static void configureRs() {
    Configuration conf = new Configuration();
    conf.setString("rs.backends.disk.type", "local");
    conf.setString("rs.backends.disk.root", lake.toString());
    conf.setString("rs.stores.lake.backend", "disk");
    RsFileSystems.initialize(conf);
  }

  @AfterAll
  static void reset() {
    RsFileSystems.initialize(new Configuration());
  }

  @Test
  void writesBronzeRejectsAndSilverExactlyOnceWithHeadersAndMarkers() throws Exception {
    // File A: the 2026-03-01 rows of BER, and one malformed line. File B: the station gained a
    // gust column in the middle of the same day.
    StringBuilder a = new StringBuilder(HEADER_A).append("\r\n");
    List<String> rawA = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String line = "BER;01.03.2026 " + time(i) + ";" + (i / 10.0) + ";0";
      rawA.add(line);
      a.append(line).append("\r\n");
    }
    a.append("BER;not-a-date;1.0;0\r\n");
    StringBuilder b = new StringBuilder(HEADER_B).append("\n");
    List<String> rawB = new ArrayList<>();
    for (int i = 31; i <= 60; i++) {
      String line = "BER;01.03.2026 " + time(i) + ";" + (-i / 10.0) + ";0.2;" + i;
      rawB.add(line);
      b.append(line).append("\n");
    }
    rawB.add("BER;02.03.2026 00:10;1.5;0;12");
    b.append("BER;02.03.2026 00:10;1.5;0;12\n");

    MeteoSwissCsvParser parser =
        MeteoSwissCsvParser.builder().granularity(Granularity.T).keepRawLine(true).build();
    ParseResult fileA = parse(parser, a.toString(), "ber/ogd-smn_ber_t_now.csv");
    ParseResult fileB = parse(parser, b.toString(), "ber/ogd-smn_ber_t_now.csv");
    assertThat(fileA.rejected()).hasSize(1);
    List<MeasurementRow> rows = new ArrayList<>(fileA.rows());
    rows.addAll(fileB.rows());
    Instant ingested = Instant.parse("2026-03-02T01:00:00Z");

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(100);
    // A continuous job: the rows, then nothing, for ever. Bounded jobs end before the committables
    // of their final checkpoint reach the marker operator; the medallion job never ends.
    List<MeasurementRow> feed = List.copyOf(rows);
    int count = feed.size();
    DataStream<MeasurementRow> measurements =
        env.fromSource(
                new DataGeneratorSource<>(
                    index -> index, Long.MAX_VALUE, RateLimiterStrategy.perSecond(200), Types.LONG),
                WatermarkStrategy.noWatermarks(),
                "rows then silence")
            .setParallelism(1)
            .filter(index -> index < count)
            .setParallelism(1)
            .map(index -> feed.get(index.intValue()))
            .returns(MeasurementRow.class)
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<MeasurementRow>forMonotonousTimestamps()
                    .withTimestampAssigner((row, ts) -> row.referenceTimestamp().toEpochMilli()));
    measurements.sinkTo(BronzeSinks.rows(new org.apache.flink.core.fs.Path("rs://lake/bronze")));
    env.fromData(fileA.rejected())
        .setParallelism(1)
        .sinkTo(BronzeSinks.rejects(new org.apache.flink.core.fs.Path("rs://lake/rejects")));
    measurements
        .flatMap(
            (MeasurementRow row, org.apache.flink.util.Collector<SilverRecord> out) ->
                row.values()
                    .forEach(
                        (code, value) ->
                            out.collect(
                                new SilverRecord(
                                    row.station(),
                                    "Bern / Zollikofen",
                                    "BE",
                                    553.0,
                                    46.990744,
                                    7.464061,
                                    row.referenceTimestamp(),
                                    code,
                                    code.toUpperCase(),
                                    "unit",
                                    value,
                                    "t",
                                    row.revision(),
                                    ingested))))
        .returns(SilverRecord.class)
        .sinkTo(SilverRecord.sink(new org.apache.flink.core.fs.Path("rs://lake/silver")))
        .uid("silver");
    JobClient job = env.executeAsync("sinks");
    Path day1Marker = lake.resolve("silver/station_abbr=BER/date=2026-03-01/_SUCCESS");
    Path day2Folder = lake.resolve("bronze/station_abbr=BER/date=2026-03-02");
    try {
      // Generous bound for a loaded CI machine; the wait ends as soon as the files are there.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!(Files.exists(day1Marker)
              && Files.isDirectory(day2Folder)
              && !visibleFiles(day2Folder).isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      // One more checkpoint interval or two, so a wrongly early marker for day 2 would show.
      Thread.sleep(1_000);
    } finally {
      job.cancel().get();
    }

    // Bronze: every raw line exactly once, each part file starting with the header of its lines.
    Path day1 = lake.resolve("bronze/station_abbr=BER/date=2026-03-01");
    Path day2 = lake.resolve("bronze/station_abbr=BER/date=2026-03-02");
    List<String> bronzeLines = new ArrayList<>();
    for (Path part : visibleFiles(lake.resolve("bronze"))) {
      List<String> lines = Files.readAllLines(part, CP1252);
      String header = lines.get(0);
      assertThat(header).isIn(HEADER_A, HEADER_B);
      int fields = header.split(";", -1).length;
      for (String line : lines.subList(1, lines.size())) {
        assertThat(line.split(";", -1)).as(part + ": " + line).hasSize(fields);
        bronzeLines.add(line);
      }
      assertThat(part.getParent()).isIn(day1, day2);
    }
    List<String> expectedRaw = new ArrayList<>(rawA);
    expectedRaw.addAll(rawB);
    assertThat(bronzeLines).containsExactlyInAnyOrderElementsOf(expectedRaw);
    assertThat(hiddenFiles(lake.resolve("bronze")))
        .as("only the in-progress files of the still running job's current parts")
        .allMatch(p -> p.getFileName().toString().contains(".inprogress."));

    // Rejects: the malformed line with its reason, under a header.
    List<Path> rejectParts = visibleFiles(lake.resolve("rejects"));
    assertThat(rejectParts).hasSize(1);
    List<String> rejectLines = Files.readAllLines(rejectParts.get(0), CP1252);
    assertThat(rejectLines.get(0)).isEqualTo(BronzeSinks.REJECTS_HEADER);
    assertThat(rejectLines).hasSize(2);
    assertThat(rejectLines.get(1))
        .startsWith("ber/ogd-smn_ber_t_now.csv;32;BAD_TIMESTAMP;")
        .endsWith("not-a-date;1.0;0\"");

    // Silver: one Parquet row per present value, partitioned, with _SUCCESS markers.
    Path silver = lake.resolve("silver");
    long expectedValues = rows.stream().mapToLong(r -> r.values().size()).sum();
    Map<String, Long> perPartition =
        visibleFiles(silver).stream()
            .filter(p -> p.toString().endsWith(".parquet"))
            .collect(
                Collectors.groupingBy(
                    p -> silver.relativize(p.getParent()).toString(),
                    Collectors.summingLong(MedallionSinksJobTest::parquetRows)));
    assertThat(perPartition)
        .containsOnlyKeys("station_abbr=BER/date=2026-03-01", "station_abbr=BER/date=2026-03-02");
    assertThat(perPartition.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(expectedValues);
    assertThat(silver.resolve("station_abbr=BER/date=2026-03-01/_SUCCESS"))
        .as("the watermark (02.03 00:10) passed the end of 01.03")
        .exists();
    assertThat(silver.resolve("station_abbr=BER/date=2026-03-02/_SUCCESS"))
        .as("02.03 is still open")
        .doesNotExist();

    Group first = firstParquetRow(silver.resolve("station_abbr=BER/date=2026-03-02"));
    assertThat(first.getString("station_name", 0)).isEqualTo("Bern / Zollikofen");
    assertThat(first.getType().containsField("station_abbr"))
        .as("partition columns live in folder names only")
        .isFalse();
  }

  private static String time(int tenMinuteSlot) {
    int minutes = tenMinuteSlot * 10;
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  private static ParseResult parse(MeteoSwissCsvParser parser, String text, String file)
      throws IOException {
    return parser.parseAll(new ByteArrayInputStream(text.getBytes(CP1252)), file);
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

  private static List<Path> hiddenFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().startsWith("."))
          .toList();
    }
  }

  private static long parquetRows(Path file) {
    long n = 0;
    try (ParquetReader<Group> reader = reader(file)) {
      while (reader.read() != null) {
        n++;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }

  private static Group firstParquetRow(Path folder) throws IOException {
    Path file =
        visibleFiles(folder).stream()
            .filter(p -> p.toString().endsWith(".parquet"))
            .findFirst()
            .orElseThrow();
    try (ParquetReader<Group> reader = reader(file)) {
      return reader.read();
    }
  }

  private static ParquetReader<Group> reader(Path file) throws IOException {
    return ParquetReader.builder(
            new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new org.apache.hadoop.conf.Configuration(false))
        .build();
  }
}
