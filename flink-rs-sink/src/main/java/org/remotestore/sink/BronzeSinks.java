package org.remotestore.sink;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * The bronze layer: the raw CSV lines of the feed exactly as received, and a rejects area for
 * quarantined lines with the reason.
 *
 * <p>Rows go to {@code <base>/station_abbr=<ABBR>/date=<yyyy-MM-dd>/part-*.csv}; every part file
 * starts with the header of the feed file its lines came from, and lines are re-encoded in
 * Windows-1252, the feed's encoding, so the bytes equal the feed's. Rejects go to {@code
 * <base>/date=<yyyy-MM-dd>/} (processing date, UTC) with the header {@value #REJECTS_HEADER}.
 *
 * <p>Both sinks roll on checkpoints only and commit exactly once; in-progress files are hidden
 * ({@code .part-...inprogress...}) until committed. Any Flink path works: {@code rs://}, {@code
 * file://}, or Flink's own {@code s3://}.
 */
public final class BronzeSinks {
  /** The encoding of the MeteoSwiss feed, used for bronze files. */
  public static final Charset FEED_CHARSET = Charset.forName("windows-1252");

  /** The header of rejects part files. */
  public static final String REJECTS_HEADER = "source_file;line_number;reason;detail;raw_line";

  private static final OutputFileConfig CSV_PARTS =
      OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".csv").build();

  /** A sink for measurement rows that carry their raw line and header (the parser's default). */
  public static FileSink<MeasurementRow> rows(Path base) {
    HeaderAwareBuckets<MeasurementRow> buckets =
        new HeaderAwareBuckets<>(
            row -> StationDayPartitioner.partition(row.station(), row.referenceTimestamp()),
            BronzeSinks::requireHeader);
    return FileSink.forBulkFormat(
            base,
            new CsvBulkWriterFactory<MeasurementRow>(
                BronzeSinks::requireHeader, BronzeSinks::requireRawLine, FEED_CHARSET))
        .withBucketAssigner(buckets)
        .withRollingPolicy(buckets)
        .withOutputFileConfig(CSV_PARTS)
        .build();
  }

  /** A sink for rejected lines, one CSV line each with the reason. */
  public static FileSink<RejectedRow> rejects(Path base) {
    return FileSink.forBulkFormat(
            base,
            new CsvBulkWriterFactory<RejectedRow>(
                row -> REJECTS_HEADER, BronzeSinks::rejectLine, FEED_CHARSET))
        .withBucketAssigner(new RejectBuckets())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(CSV_PARTS)
        .build();
  }

  /** The CSV line of a rejected row: fields separated by {@code ;}, quoted where needed. */
  static String rejectLine(RejectedRow row) {
    return String.join(
        ";",
        quote(row.sourceFile()),
        Long.toString(row.lineNumber()),
        quote(String.valueOf(row.reason())),
        quote(row.detail()),
        quote(row.rawLine()));
  }

  private static String quote(String field) {
    if (field == null) {
      return "";
    }
    if (field.indexOf(';') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"").replace("\r", " ").replace("\n", " ") + '"';
  }

  private static String requireHeader(MeasurementRow row) {
    if (row.header() == null) {
      throw new IllegalArgumentException(
          "Bronze needs the header of the source file, but the row from "
              + row.sourceFile()
              + " line "
              + row.lineNumber()
              + " has none (parse with raw lines kept)");
    }
    return row.header();
  }

  private static String requireRawLine(MeasurementRow row) {
    if (row.rawLine() == null) {
      throw new IllegalArgumentException(
          "Bronze needs the raw line, but the row from "
              + row.sourceFile()
              + " line "
              + row.lineNumber()
              + " has none (parse with raw lines kept)");
    }
    return row.rawLine();
  }

  /** Rejects by processing date (UTC). */
  static final class RejectBuckets implements BucketAssigner<RejectedRow, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(RejectedRow row, Context context) {
      LocalDate day =
          LocalDate.ofInstant(
              Instant.ofEpochMilli(context.currentProcessingTime()), ZoneOffset.UTC);
      return "date=" + day;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }

  private BronzeSinks() {}
}
