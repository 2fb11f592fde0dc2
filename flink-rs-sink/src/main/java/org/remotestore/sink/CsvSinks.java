package org.remotestore.sink;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Checkpointed sinks of text lines ({@code part-*.csv}) for any record type: the caller says which
 * folder a record goes to, which header its part file starts with and which line it becomes.
 *
 * <p>Part files roll on checkpoints only and are committed exactly once; in-progress files stay
 * hidden ({@code .part-...inprogress...}) until committed. Any Flink path works: {@code rs://},
 * {@code file://}, or Flink's own {@code s3://}.
 *
 * <pre>{@code
 * MeteredFileSink<Order> orders =
 *     CsvSinks.headerPerPart(
 *         new Path("rs://lake/orders"),
 *         order -> DayPartitions.folder("shop", order.shop(), order.placedAt()),
 *         order -> "id;shop;amount",
 *         order -> CsvSinks.join(';', order.id(), order.shop(), order.amount().toString()),
 *         StandardCharsets.UTF_8);
 * }</pre>
 */
public final class CsvSinks {
  private static final OutputFileConfig CSV_PARTS =
      OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".csv").build();

  /**
   * A sink whose every part file starts with the header of its lines: a part file rolls on every
   * checkpoint, and also when a record's header differs from the one its part file started with
   * (see {@link HeaderAwareBuckets}), so records of several layouts never share a part file.
   *
   * @param base the base path
   * @param folderOf the folder of a record below {@code base} ({@code station_abbr=BER/date=...})
   * @param headerOf the header line of a record's layout, without line terminator
   * @param lineOf the line of a record, without line terminator
   * @param charset the encoding of the written text
   * @param <T> the record type
   */
  public static <T> MeteredFileSink<T> headerPerPart(
      Path base,
      SerializableFunction<T, String> folderOf,
      SerializableFunction<T, String> headerOf,
      SerializableFunction<T, String> lineOf,
      Charset charset) {
    HeaderAwareBuckets<T> buckets = new HeaderAwareBuckets<>(folderOf, headerOf);
    FileSink<T> sink =
        FileSink.forBulkFormat(base, new CsvBulkWriterFactory<>(headerOf, lineOf, charset))
            .withBucketAssigner(buckets)
            .withRollingPolicy(buckets)
            .withOutputFileConfig(CSV_PARTS)
            .build();
    return new MeteredFileSink<>(sink, base);
  }

  /**
   * A sink of lines under one fixed header, in folders {@code date=<yyyy-MM-dd>} named by the
   * processing day (UTC) at which a record was written, as for a quarantine of rejected input.
   *
   * @param base the base path
   * @param header the header line of every part file
   * @param lineOf the line of a record, without line terminator
   * @param charset the encoding of the written text
   * @param <T> the record type
   */
  public static <T> MeteredFileSink<T> byProcessingDay(
      Path base, String header, SerializableFunction<T, String> lineOf, Charset charset) {
    Objects.requireNonNull(header, "header");
    FileSink<T> sink =
        FileSink.forBulkFormat(base, new CsvBulkWriterFactory<T>(record -> header, lineOf, charset))
            .withBucketAssigner(new ProcessingDayBuckets<>())
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .withOutputFileConfig(CSV_PARTS)
            .build();
    return new MeteredFileSink<>(sink, base);
  }

  /**
   * Joins fields into one line with {@code separator}. A field that holds the separator, a quote or
   * a line break is quoted (quotes doubled, line breaks replaced by spaces, so a record stays one
   * line); {@code null} becomes an empty field.
   */
  public static String join(char separator, String... fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.append(separator);
      }
      line.append(quote(fields[i], separator));
    }
    return line.toString();
  }

  private static String quote(String field, char separator) {
    if (field == null) {
      return "";
    }
    if (field.indexOf(separator) < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"").replace("\r", " ").replace("\n", " ") + '"';
  }

  /** Buckets by processing day (UTC). */
  static final class ProcessingDayBuckets<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(T record, Context context) {
      LocalDate day =
          LocalDate.ofInstant(
              Instant.ofEpochMilli(context.currentProcessingTime()), ZoneOffset.UTC);
      return DayPartitions.DATE_COLUMN + "=" + day;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }

  private CsvSinks() {}
}
