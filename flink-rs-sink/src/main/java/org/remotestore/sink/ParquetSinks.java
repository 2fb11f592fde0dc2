package org.remotestore.sink;

import java.time.Instant;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
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
 */
public final class ParquetSinks {
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
   * @param partitionEnd when a partition folder's time range ends
   */
  public static <T> SuccessMarkingFileSink<T> partitioned(
      Path base,
      RowType fileType,
      SerializableFunction<T, RowData> toRow,
      SerializableFunction<T, String> partitionOf,
      SerializableFunction<String, Instant> partitionEnd) {
    FileSink<T> sink =
        FileSink.forBulkFormat(base, writerFactory(fileType, toRow))
            .withBucketAssigner(new FolderAssigner<>(partitionOf))
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .withOutputFileConfig(PARQUET_PARTS)
            .build();
    return new SuccessMarkingFileSink<>(sink, base, partitionEnd);
  }

  /**
   * An unpartitioned Parquet table in its own folder, {@code <base>/<table>/part-*.parquet}, as
   * used for the gold tables.
   */
  public static <T> FileSink<T> table(
      Path base, String table, RowType fileType, SerializableFunction<T, RowData> toRow) {
    return FileSink.forBulkFormat(new Path(base, table), writerFactory(fileType, toRow))
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(PARQUET_PARTS)
        .build();
  }

  private static <T> MappingBulkWriterFactory<T, RowData> writerFactory(
      RowType fileType, SerializableFunction<T, RowData> toRow) {
    return new MappingBulkWriterFactory<>(
        ParquetRowDataBuilder.createWriterFactory(
            fileType, new org.apache.hadoop.conf.Configuration(false), true),
        toRow);
  }

  /** Buckets named by a function of the element. */
  private static final class FolderAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private final SerializableFunction<T, String> folderOf;

    FolderAssigner(SerializableFunction<T, String> folderOf) {
      this.folderOf = folderOf;
    }

    @Override
    public String getBucketId(T element, Context context) {
      return folderOf.apply(element);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }

  private ParquetSinks() {}
}
