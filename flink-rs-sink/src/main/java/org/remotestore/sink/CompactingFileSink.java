package org.remotestore.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.FileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A {@link MeteredFileSink} around a FileSink built with {@code enableCompact(...)}: it keeps
 * FileSink's compaction topology (a compaction coordinator and compactor operators between the
 * writers and the committer, uids {@code <sink uid>: FileSinkCompactorCoordinator} and {@code <sink
 * uid>: FileSinkCompactorOperator}), so the sink needs a uid ({@code sinkTo(...).uid(...)}). The
 * compactor is a {@link RestoreSafeCompactorOperator}: a bounded run restored from a checkpoint
 * that ends before its next checkpoint still compacts and commits the restored files.
 *
 * @param <IN> the element type
 */
public final class CompactingFileSink<IN> extends MeteredFileSink<IN>
    implements SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable> {
  private static final long serialVersionUID = 1L;

  private final RestoreSafeCompaction<IN> compaction;

  /**
   * Wraps a bulk-format FileSink whose compaction is enabled.
   *
   * @param delegate the sink that writes and commits
   * @param basePath the sink's base path; its store is the one whose counts are shown
   * @param writer the bulk writer {@code delegate} was built with
   * @param strategy the compaction strategy {@code delegate} was built with
   * @param compactor the compactor {@code delegate} was built with
   */
  public CompactingFileSink(
      FileSink<IN> delegate,
      Path basePath,
      BulkWriter.Factory<IN> writer,
      FileCompactStrategy strategy,
      FileCompactor compactor) {
    super(delegate, basePath);
    this.compaction = new RestoreSafeCompaction<>(delegate, basePath, writer, strategy, compactor);
  }

  @Override
  public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
      DataStream<CommittableMessage<FileSinkCommittable>> committables) {
    return compaction.addTo(committables);
  }

  @Override
  public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
    return delegate().getWriteResultSerializer();
  }
}
