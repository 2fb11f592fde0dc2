package org.remotestore.sink;

import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.compactor.FileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A FileSink that also writes {@code _SUCCESS} markers into partition folders once they are
 * complete (see {@link PartitionSuccessMarkerOperator}). Writing, committing and state are
 * FileSink's own, unchanged: this class only adds a post-commit topology (and, as every {@link
 * MeteredFileSink}, the store's operation counts in the writer's and committer's metric groups). At
 * the end of a bounded input, {@link EndOfInputSuccessMarkerOperator} (in the pre-commit topology)
 * marks the partitions whose files only the final checkpoint commits.
 *
 * <p>Both marker operators keep state and have fixed uids below the sink's own, so a job must give
 * this sink a uid ({@code sinkTo(sink).uid("...")}; Flink refuses a sink without one whose topology
 * sets uids): savepoints then restore into later builds of the job whatever changes around it.
 *
 * @param <IN> the element type
 */
public final class SuccessMarkingFileSink<IN> extends MeteredFileSink<IN>
    implements SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable>,
        SupportsPostCommitTopology<FileSinkCommittable> {
  private static final long serialVersionUID = 1L;

  /**
   * Uid of the end-of-input marker operator (state: the committed files and the watermark); Flink
   * prefixes it with the sink's uid ({@code <sink uid>: end-of-input-success-markers}).
   */
  public static final String UID_END_OF_INPUT_MARKERS = "end-of-input-success-markers";

  /**
   * Uid of the partition marker operator (state: pending partitions and watermarks), prefixed with
   * the sink's uid like {@link #UID_END_OF_INPUT_MARKERS}.
   */
  public static final String UID_PARTITION_MARKERS = "partition-success-markers";

  private final Path basePath;
  private final SerializableFunction<String, Instant> partitionEnd;
  private final RestoreSafeCompaction<IN> compaction;

  /** The writers' committables, kept from the pre-commit to the post-commit topology. */
  private transient DataStream<CommittableMessage<FileSinkCommittable>> written;

  /**
   * Wraps a FileSink.
   *
   * @param delegate the sink that writes and commits
   * @param basePath the sink's base path (partition folders are relative to it)
   * @param partitionEnd the instant at which a partition folder's time range ends, or {@code null}
   *     for folders that never get a marker
   */
  public SuccessMarkingFileSink(
      FileSink<IN> delegate, Path basePath, SerializableFunction<String, Instant> partitionEnd) {
    this(delegate, basePath, partitionEnd, null);
  }

  /**
   * Wraps a FileSink, with or without FileSink's compaction.
   *
   * @param delegate the sink that writes and commits
   * @param basePath the sink's base path (partition folders are relative to it)
   * @param partitionEnd the instant at which a partition folder's time range ends, or {@code null}
   *     for folders that never get a marker
   * @param compaction the compaction {@code delegate} was built with ({@code null}: none); its
   *     topology then sits between the writers and the committer (the sink needs a uid) and a
   *     partition is marked only once all its files are merged and committed
   */
  private SuccessMarkingFileSink(
      FileSink<IN> delegate,
      Path basePath,
      SerializableFunction<String, Instant> partitionEnd,
      RestoreSafeCompaction<IN> compaction) {
    super(delegate, basePath);
    this.basePath = basePath;
    this.partitionEnd = Objects.requireNonNull(partitionEnd, "partitionEnd");
    this.compaction = compaction;
  }

  /**
   * A partitioned FileSink in bulk format with {@code _SUCCESS} markers: part files roll on
   * checkpoints, go to the folder {@code partitionOf} names below {@code base}, and a folder gets
   * its marker once the watermark has passed {@code partitionEnd} of it and its files are
   * committed.
   *
   * @param base the base path
   * @param writer writes the part files (Parquet, Avro, ORC, CSV, ... given by the caller)
   * @param partitionOf the partition folder of an element
   * @param partitionEnd when a partition folder's time range ends ({@code null}: never complete)
   * @param parts the part file names ({@code part-*.parquet})
   * @param <T> the element type
   */
  public static <T> SuccessMarkingFileSink<T> forBulkFormat(
      Path base,
      BulkWriter.Factory<T> writer,
      SerializableFunction<T, String> partitionOf,
      SerializableFunction<String, Instant> partitionEnd,
      OutputFileConfig parts) {
    return forBulkFormat(
        base, writer, partitionOf, partitionEnd, parts, FileCompaction.disabled(), null);
  }

  /**
   * As {@link #forBulkFormat(Path, BulkWriter.Factory, SerializableFunction, SerializableFunction,
   * OutputFileConfig)}, with FileSink's compaction: a partition's part files stay hidden until
   * {@code compactor} has merged them into one file, which is committed exactly once (see {@link
   * FileCompaction}). The sink then needs a uid.
   *
   * @param base the base path
   * @param writer writes the part files
   * @param partitionOf the partition folder of an element
   * @param partitionEnd when a partition folder's time range ends ({@code null}: never complete)
   * @param parts the part file names ({@code part-*.parquet})
   * @param compaction when to merge ({@link FileCompaction#disabled()}: never)
   * @param compactor merges files of this format ({@link ParquetFileCompactor} for Parquet); unused
   *     when compaction is disabled
   * @param <T> the element type
   */
  public static <T> SuccessMarkingFileSink<T> forBulkFormat(
      Path base,
      BulkWriter.Factory<T> writer,
      SerializableFunction<T, String> partitionOf,
      SerializableFunction<String, Instant> partitionEnd,
      OutputFileConfig parts,
      FileCompaction compaction,
      FileCompactor compactor) {
    FileSink.DefaultBulkFormatBuilder<T> builder =
        FileSink.forBulkFormat(base, writer)
            .withBucketAssigner(new FolderBucketAssigner<>(partitionOf))
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .withOutputFileConfig(parts);
    if (!compaction.enabled()) {
      return new SuccessMarkingFileSink<>(builder.build(), base, partitionEnd, null);
    }
    builder.enableCompact(compaction.strategy(), Objects.requireNonNull(compactor, "compactor"));
    FileSink<T> sink = builder.build();
    return new SuccessMarkingFileSink<>(
        sink,
        base,
        partitionEnd,
        new RestoreSafeCompaction<>(sink, base, writer, compaction.strategy(), compactor));
  }

  /**
   * Passes the writers' committables to the committer (through FileSink's compaction, when
   * compacting) and also to {@link EndOfInputSuccessMarkerOperator}, which marks the partitions a
   * bounded run completes at its end.
   */
  @Override
  public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
      DataStream<CommittableMessage<FileSinkCommittable>> writerCommittables) {
    DataStream<CommittableMessage<FileSinkCommittable>> committables = writerCommittables;
    if (compaction != null) {
      written = writerCommittables;
      committables = compaction.addTo(writerCommittables);
    }
    committables
        .global()
        .transform(
            "end-of-input-success-markers",
            org.apache.flink.api.common.typeinfo.Types.VOID,
            new EndOfInputSuccessMarkerOperator(basePath, partitionEnd))
        .uid(UID_END_OF_INPUT_MARKERS)
        .setParallelism(1); // no sink after it: a nested sink cannot be expanded here
    return committables;
  }

  @Override
  public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
    return getCommittableSerializer();
  }

  @Override
  public void addPostCommitTopology(
      DataStream<CommittableMessage<FileSinkCommittable>> committables) {
    PartitionSuccessMarkerOperator markers =
        new PartitionSuccessMarkerOperator(basePath, partitionEnd);
    SingleOutputStreamOperator<Void> marked;
    if (compaction != null && written != null) {
      marked =
          committables
              .global()
              .connect(written.global())
              .transform(
                  "partition-success-markers",
                  org.apache.flink.api.common.typeinfo.Types.VOID,
                  markers);
    } else {
      marked =
          committables
              .global()
              .transform(
                  "partition-success-markers",
                  org.apache.flink.api.common.typeinfo.Types.VOID,
                  markers);
    }
    marked
        .uid(UID_PARTITION_MARKERS)
        .setParallelism(1)
        .sinkTo(new DiscardingSink<>())
        .uid(UID_PARTITION_MARKERS + "-end")
        .setParallelism(1);
  }
}
