package org.remotestore.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code _SUCCESS} markers of {@link ParquetSinks#partitioned} at the end of a bounded run: every
 * partition the run completed gets one (also those whose files only the final checkpoint commits),
 * and a partition that a failure left open gets none.
 */
class BoundedSuccessMarkerTest {
  private static final RowType FILE_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("device", DataTypes.STRING()),
                  DataTypes.FIELD("value", DataTypes.BIGINT()))
              .getLogicalType();
  private static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String MARKER = "_SUCCESS";

  @TempDir Path out;

  /** A reading of a device. */
  public record Reading(String device, Instant at, long value) implements Serializable {
    RowData toRow() {
      return GenericRowData.of(StringData.fromString(device), value);
    }

    String folder() {
      return DayPartitions.folder("device", device, at);
    }
  }

  @Test
  void aBoundedRunMarksEveryPartitionItWrote() throws Exception {
    boundedRun(FileCompaction.disabled());
  }

  @Test
  void aBoundedRunWithCompactionMarksEveryPartitionItWroteAndLeavesOneFileEach() throws Exception {
    boundedRun(FileCompaction.of(1L << 40, 1_000_000)); // one window: merged at the end of input
    for (String folder : foldersWithParts(out)) {
      assertThat(parts(out.resolve(folder)))
          .singleElement()
          .satisfies(p -> assertThat(p.getFileName().toString()).startsWith("compacted-part-"));
    }
  }

  private void boundedRun(FileCompaction compaction) throws Exception {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 3 * 24 * 6; i++) { // three days, every 10 minutes, two devices
      Instant at = DAY1.plusSeconds(600L * i);
      readings.add(new Reading("a", at, i));
      readings.add(new Reading("b", at, -i));
    }
    readings.add(new Reading("c", DAY1.plusSeconds(3 * 86_400L + 60), 7)); // a last, short day

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(200);
    DataStream<Reading> stream =
        env.fromData(TypeInformation.of(Reading.class), readings.toArray(Reading[]::new))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Reading>forMonotonousTimestamps()
                    .withTimestampAssigner((r, ts) -> r.at().toEpochMilli()));
    stream.sinkTo(sink(out, compaction)).uid("markers-sink");
    env.execute("bounded markers");

    Set<String> expected = new TreeSet<>();
    readings.forEach(r -> expected.add(r.folder()));
    assertThat(expected).hasSize(7);
    assertThat(foldersWithParts(out)).isEqualTo(expected);
    assertThat(foldersWithMarker(out)).isEqualTo(expected);
  }

  @Test
  void aFailedRunLeavesTheOpenPartitionUnmarked() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(100);
    // day 1 hourly, then day 2 (the one the failure leaves open) every ten minutes, then day 3
    DataGeneratorSource<Reading> source =
        new DataGeneratorSource<>(
            i -> new Reading("a", at(i), i),
            24 + 144 + 144,
            RateLimiterStrategy.perSecond(40),
            TypeInformation.of(Reading.class));
    DataStream<Reading> stream =
        env.fromSource(
                source,
                WatermarkStrategy.<Reading>forGenerator(ctx -> new EveryRecord())
                    .withTimestampAssigner((r, ts) -> r.at().toEpochMilli()),
                "readings")
            .map(new FailInDayTwo(out.toString()))
            .returns(TypeInformation.of(Reading.class));
    stream.sinkTo(sink(out));

    assertThatThrownBy(() -> env.execute("failing markers"))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.findThrowableWithMessage(e, FailInDayTwo.MESSAGE))
                    .as("the injected failure, not a test set-up problem: %s", e)
                    .isPresent());

    String day1 = new Reading("a", DAY1, 0).folder();
    String day2 = new Reading("a", DAY1.plusSeconds(86_400), 0).folder();
    assertThat(foldersWithParts(out)).contains(day1, day2);
    assertThat(foldersWithMarker(out)).containsExactly(day1);
  }

  private static Instant at(long index) {
    if (index < 24) {
      return DAY1.plusSeconds(3_600 * index);
    }
    return DAY1.plusSeconds(86_400 + 600 * (index - 24));
  }

  private static SuccessMarkingFileSink<Reading> sink(Path root) {
    return sink(root, FileCompaction.disabled());
  }

  private static SuccessMarkingFileSink<Reading> sink(Path root, FileCompaction compaction) {
    return ParquetSinks.partitioned(
        new org.apache.flink.core.fs.Path(root.toUri().toString()),
        FILE_TYPE,
        Reading::toRow,
        Reading::folder,
        DayPartitions::endOf,
        compaction);
  }

  /**
   * Throws in day 2 once day 1 is marked and a part file of day 2 is committed (the open partition
   * has committed data, so a marker written on failure would show); fails the test's way if that
   * never happens within day 2.
   */
  private static final class FailInDayTwo implements MapFunction<Reading, Reading> {
    static final String MESSAGE = "injected failure in the middle of day 2";
    private final String root;

    FailInDayTwo(String root) {
      this.root = root;
    }

    @Override
    public Reading map(Reading r) throws IOException {
      Path base = Path.of(root);
      Path day1 = base.resolve(new Reading("a", DAY1, 0).folder());
      Path day2 = base.resolve(new Reading("a", DAY1.plusSeconds(86_400), 0).folder());
      boolean inDay2 = !r.at().isBefore(DAY1.plusSeconds(86_400));
      if (inDay2 && Files.exists(day1.resolve(MARKER)) && !parts(day2).isEmpty()) {
        throw new IllegalStateException(MESSAGE);
      }
      if (!r.at().isBefore(DAY1.plusSeconds(2 * 86_400))) {
        throw new IllegalStateException("day 2 ended before day 1 was marked and day 2 committed");
      }
      return r;
    }
  }

  /** A watermark right behind every record, so the watermark of each checkpoint is known. */
  private static final class EveryRecord implements WatermarkGenerator<Reading> {
    @Override
    public void onEvent(Reading r, long timestamp, WatermarkOutput output) {
      output.emitWatermark(new Watermark(timestamp - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  private static Set<String> foldersWithParts(Path root) throws IOException {
    Set<String> folders = new TreeSet<>();
    for (Path file : files(root)) {
      if (file.getFileName().toString().endsWith(".parquet")) {
        folders.add(root.relativize(file.getParent()).toString());
      }
    }
    return folders;
  }

  private static Set<String> foldersWithMarker(Path root) throws IOException {
    Set<String> folders = new TreeSet<>();
    for (Path file : files(root)) {
      if (file.getFileName().toString().equals(MARKER)) {
        folders.add(root.relativize(file.getParent()).toString());
      }
    }
    return folders;
  }

  private static List<Path> parts(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
  }
}
