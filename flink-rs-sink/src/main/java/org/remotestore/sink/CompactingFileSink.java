package org.remotestore.sink;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A {@link MeteredFileSink} around a FileSink built with {@code enableCompact(...)}: it keeps
 * FileSink's compaction topology (a compaction coordinator and compactor operators between the
 * writers and the committer, uids {@code <sink uid>: FileSinkCompactorCoordinator} and {@code <sink
 * uid>: FileSinkCompactorOperator}), so the sink needs a uid ({@code sinkTo(...).uid(...)}).
 *
 * @param <IN> the element type
 */
public final class CompactingFileSink<IN> extends MeteredFileSink<IN>
    implements SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable> {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps a FileSink whose compaction is enabled.
   *
   * @param delegate the sink that writes, compacts and commits
   * @param basePath the sink's base path; its store is the one whose counts are shown
   */
  public CompactingFileSink(FileSink<IN> delegate, Path basePath) {
    super(delegate, basePath);
  }

  @Override
  public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
      DataStream<CommittableMessage<FileSinkCommittable>> committables) {
    return delegate().addPreCommitTopology(committables);
  }

  @Override
  public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
    return delegate().getWriteResultSerializer();
  }
}
