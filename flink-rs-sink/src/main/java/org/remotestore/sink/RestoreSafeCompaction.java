package org.remotestore.sink;

import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.FileCompactor;
import org.apache.flink.connector.file.sink.compactor.operator.CompactCoordinatorFactory;
import org.apache.flink.connector.file.sink.compactor.operator.CompactorRequest;
import org.apache.flink.connector.file.sink.compactor.operator.CompactorRequestTypeInfo;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketWriter;
import org.apache.flink.streaming.api.functions.sink.filesystem.BulkBucketWriter;
import org.apache.flink.util.function.SerializableSupplierWithException;

/**
 * FileSink's compaction topology for a bulk-format FileSink built with {@code enableCompact(...)}:
 * the same operators, names, parallelism and uids ({@code FileSinkCompactorCoordinator}, {@code
 * FileSinkCompactorOperator}, so savepoints of FileSink's own topology restore into it), with
 * {@link RestoreSafeCompactorOperator} as the compactor. Its writer and compactor must be the ones
 * the FileSink was built with.
 *
 * @param <IN> the element type of the sink
 */
final class RestoreSafeCompaction<IN> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FileSink<IN> sink;
  private final Path basePath;
  private final BulkWriter.Factory<IN> writer;
  private final FileCompactStrategy strategy;
  private final FileCompactor compactor;

  /**
   * Describes a compacting bulk-format FileSink.
   *
   * @param sink the FileSink (its committables' serializer is used)
   * @param basePath the FileSink's base path
   * @param writer the FileSink's bulk writer
   * @param strategy when to compact, as given to {@code enableCompact}
   * @param compactor how to compact, as given to {@code enableCompact}
   */
  RestoreSafeCompaction(
      FileSink<IN> sink,
      Path basePath,
      BulkWriter.Factory<IN> writer,
      FileCompactStrategy strategy,
      FileCompactor compactor) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.basePath = Objects.requireNonNull(basePath, "basePath");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.compactor = Objects.requireNonNull(compactor, "compactor");
  }

  /**
   * Adds the coordinator and the compactors after the writers.
   *
   * @param committables the writers' committables
   * @return the committables for the committer: the compacted files'
   */
  DataStream<CommittableMessage<FileSinkCommittable>> addTo(
      DataStream<CommittableMessage<FileSinkCommittable>> committables) {
    FileSink<IN> fileSink = sink;
    SerializableSupplierWithException<SimpleVersionedSerializer<FileSinkCommittable>, IOException>
        serializer = fileSink::getCommittableSerializer;
    Path base = basePath;
    BulkWriter.Factory<IN> bulkWriter = writer;
    SerializableSupplierWithException<BucketWriter<?, String>, IOException> bucketWriter =
        () ->
            new BulkBucketWriter<IN, String>(
                FileSystem.get(base.toUri()).createRecoverableWriter(), bulkWriter);
    SingleOutputStreamOperator<CompactorRequest> coordinator =
        committables
            .rebalance()
            .transform(
                "CompactorCoordinator",
                new CompactorRequestTypeInfo(serializer),
                new CompactCoordinatorFactory(strategy, serializer))
            .setParallelism(1)
            .uid("FileSinkCompactorCoordinator");
    SingleOutputStreamOperator<CommittableMessage<FileSinkCommittable>> compacted =
        coordinator.transform(
            "CompactorOperator",
            committables.getType(),
            new RestoreSafeCompactorOperatorFactory(strategy, compactor, serializer, bucketWriter));
    compacted.getTransformation().setParallelism(committables.getParallelism(), false);
    return compacted.uid("FileSinkCompactorOperator");
  }
}
