package org.remotestore.sink;

import java.time.Instant;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Parquet sinks written with Flink's own Parquet format ({@code flink-parquet}), so that Flink's
 * filesystem SQL connector reads them with {@code 'format' = 'parquet'}. Timestamps are written in
 * UTC ({@code parquet.utc-timezone = true} on the reading table).
 *
 * <p>Part files roll on checkpoints, are committed exactly once and are hidden while in progress.
 *
 * <p><b>Memory per open writer.</b> A partitioned sink keeps one Parquet writer open per partition
 * that received rows since the last checkpoint (in the medallion job's backfill: every station's
 * one or two current days, so hundreds of writers). Parquet's defaults are sized for one big file
 * at a time: 1 MiB pages, whose compressor allocates a page-sized buffer when the writer opens (and
 * Snappy's direct buffers grow to a page), and 128 MiB row groups buffered in memory until they are
 * full. The writers here use {@value #PAGE_BYTES}-byte pages and dictionary pages and {@value
 * #ROW_GROUP_BYTES}-byte row groups instead: a writer starts with a few KiB and never buffers more
 * than about one row group, whatever the number of rows written to it (compacted files included).
 */
public final class ParquetSinks {
  /** The page size of the writers (and the size of each writer's compressor buffer), in bytes. */
  public static final int PAGE_BYTES = 64 * 1024;

  /** The largest dictionary page of a column before it falls back to plain encoding, in bytes. */
  public static final int DICTIONARY_PAGE_BYTES = 64 * 1024;

  /**
   * The row group size of the writers, in bytes: a writer buffers a row group in memory and flushes
   * it to its file once it reaches this size.
   */
  public static final int ROW_GROUP_BYTES = 8 * 1024 * 1024;

  private static final OutputFileConfig PARQUET_PARTS =
      OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build();

  /**
   * A partitioned Parquet sink whose partition folders get a {@code _SUCCESS} marker once the
   * watermark has passed their end.
   *
   * @param base the table's base path
   * @param fileType the columns stored in the files (partition columns live in the folder names
   *     only, as in Flink's filesystem connector)
   * @param toRow converts an element into a row of {@code fileType}
   * @param partitionOf the partition folder of an element, such as {@code
   *     station_abbr=BER/date=2026-03-01}
   * @param partitionEnd when a partition folder's time range ends ({@link DayPartitions#endOf} for
   *     folders ending in {@code date=<yyyy-MM-dd>})
   * @param <T> the element type
   */
  public static <T> SuccessMarkingFileSink<T> partitioned(
      Path base,
      RowType fileType,
      SerializableFunction<T, RowData> toRow,
      SerializableFunction<T, String> partitionOf,
      SerializableFunction<String, Instant> partitionEnd) {
    return partitioned(base, fileType, toRow, partitionOf, partitionEnd, FileCompaction.disabled());
  }

  /**
   * As {@link #partitioned(Path, RowType, SerializableFunction, SerializableFunction,
   * SerializableFunction)}, with the partition's small files merged exactly once by FileSink's
   * compaction and {@link ParquetFileCompactor}: readers see only {@code compacted-part-*.parquet}
   * files, each partition's hidden part files are merged per compaction window, and {@code
   * _SUCCESS} is written once a partition's files are all merged and committed. When compaction is
   * enabled the sink needs a uid ({@code sinkTo(...).uid(...)}).
   *
   * @param base the table's base path
   * @param fileType the columns stored in the files
   * @param toRow converts an element into a row of {@code fileType}
   * @param partitionOf the partition folder of an element
   * @param partitionEnd when a partition folder's time range ends
   * @param compaction when to merge ({@link FileCompaction#disabled()}: never)
   * @param <T> the element type
   */
  public static <T> SuccessMarkingFileSink<T> partitioned(
      Path base,
      RowType fileType,
      SerializableFunction<T, RowData> toRow,
      SerializableFunction<T, String> partitionOf,
      SerializableFunction<String, Instant> partitionEnd,
      FileCompaction compaction) {
    return SuccessMarkingFileSink.forBulkFormat(
        base,
        writerFactory(fileType, toRow),
        partitionOf,
        partitionEnd,
        PARQUET_PARTS,
        compaction,
        new ParquetFileCompactor<>(fileType));
  }

  /**
   * An unpartitioned Parquet table in its own folder, {@code <base>/<table>/part-*.parquet}, as
   * used for the gold tables of the medallion job.
   *
   * @param base the parent of the table folder
   * @param table the table folder's name
   * @param fileType the columns stored in the files
   * @param toRow converts an element into a row of {@code fileType}
   * @param <T> the element type
   */
  public static <T> MeteredFileSink<T> table(
      Path base, String table, RowType fileType, SerializableFunction<T, RowData> toRow) {
    return table(base, table, fileType, toRow, FileCompaction.disabled());
  }

  /**
   * As {@link #table(Path, String, RowType, SerializableFunction)}, with the table's small files
   * merged exactly once by FileSink's compaction and {@link ParquetFileCompactor} (a {@link
   * CompactingFileSink}, which needs a uid, when {@code compaction} is enabled).
   *
   * @param base the parent of the table folder
   * @param table the table folder's name
   * @param fileType the columns stored in the files
   * @param toRow converts an element into a row of {@code fileType}
   * @param compaction when to merge ({@link FileCompaction#disabled()}: never)
   * @param <T> the element type
   */
  public static <T> MeteredFileSink<T> table(
      Path base,
      String table,
      RowType fileType,
      SerializableFunction<T, RowData> toRow,
      FileCompaction compaction) {
    Path folder = new Path(base, table);
    BulkWriter.Factory<T> writer = writerFactory(fileType, toRow);
    FileSink.DefaultBulkFormatBuilder<T> builder =
        FileSink.forBulkFormat(folder, writer)
            .withBucketAssigner(new BasePathBucketAssigner<>())
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .withOutputFileConfig(PARQUET_PARTS);
    if (!compaction.enabled()) {
      return new MeteredFileSink<>(builder.build(), folder);
    }
    ParquetFileCompactor<T> compactor = new ParquetFileCompactor<>(fileType);
    builder.enableCompact(compaction.strategy(), compactor);
    return new CompactingFileSink<>(
        builder.build(), folder, writer, compaction.strategy(), compactor);
  }

  /**
   * A Parquet writer factory for any element type: each element is converted into a row of {@code
   * fileType} and written with Flink's Parquet writer (timestamps in UTC, Snappy, pages of {@link
   * #PAGE_BYTES} and row groups of {@link #ROW_GROUP_BYTES}). For {@link
   * SuccessMarkingFileSink#forBulkFormat} or Flink's {@code FileSink.forBulkFormat}.
   *
   * @param fileType the columns stored in the files
   * @param toRow converts an element into a row of {@code fileType}
   * @param <T> the element type
   */
  public static <T> MappingBulkWriterFactory<T, RowData> writerFactory(
      RowType fileType, SerializableFunction<T, RowData> toRow) {
    return new MappingBulkWriterFactory<>(
        ParquetRowDataBuilder.createWriterFactory(fileType, writerConfiguration(), true), toRow);
  }

  /** The Parquet settings of the writers (read by Flink's Parquet writer builder). */
  static org.apache.hadoop.conf.Configuration writerConfiguration() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.setInt("parquet.page.size", PAGE_BYTES);
    conf.setInt("parquet.dictionary.page.size", DICTIONARY_PAGE_BYTES);
    conf.setInt("parquet.block.size", ROW_GROUP_BYTES);
    return conf;
  }

  private ParquetSinks() {}
}
