package org.remotestore.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.remotestore.flink.RsStoreMetrics;

/**
 * A Flink {@link FileSink} whose writer and committer metric groups show the operation counts of
 * the {@code rs://} store it writes to (see {@link RsStoreMetrics}: group {@code remote_store},
 * {@code operations}, {@code errors}, {@code bytesRead}, {@code bytesWritten} and per operation,
 * such as {@code remote_store.operation.persist.operations}). Writing, committing and state are
 * FileSink's own, unchanged; for a base path that is not {@code rs://} it is a plain FileSink.
 *
 * <pre>{@code
 * Path base = new Path("rs://lake/orders");
 * stream.sinkTo(new MeteredFileSink<>(FileSink.forRowFormat(base, encoder).build(), base));
 * }</pre>
 *
 * @param <IN> the element type
 */
public class MeteredFileSink<IN>
    implements Sink<IN>,
        SupportsWriterState<IN, FileWriterBucketState>,
        SupportsWriterState.WithCompatibleState,
        SupportsCommitter<FileSinkCommittable> {
  private static final long serialVersionUID = 1L;

  private final FileSink<IN> delegate;
  private final Path basePath;

  /**
   * Wraps a FileSink.
   *
   * @param delegate the sink that writes and commits
   * @param basePath the sink's base path; its store is the one whose counts are shown
   */
  public MeteredFileSink(FileSink<IN> delegate, Path basePath) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.basePath = Objects.requireNonNull(basePath, "basePath");
  }

  /** The wrapped FileSink. */
  protected final FileSink<IN> delegate() {
    return delegate;
  }

  /** The sink's base path. */
  public Path basePath() {
    return basePath;
  }

  @Override
  public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
    RsStoreMetrics.register(context.metricGroup(), basePath);
    return delegate.createWriter(context);
  }

  @Override
  public StatefulSinkWriter<IN, FileWriterBucketState> restoreWriter(
      WriterInitContext context, Collection<FileWriterBucketState> recoveredState)
      throws IOException {
    RsStoreMetrics.register(context.metricGroup(), basePath);
    return delegate.restoreWriter(context, recoveredState);
  }

  @Override
  public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
    return delegate.getWriterStateSerializer();
  }

  @Override
  public Collection<String> getCompatibleWriterStateNames() {
    return delegate.getCompatibleWriterStateNames();
  }

  @Override
  public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context)
      throws IOException {
    RsStoreMetrics.register(context.metricGroup(), basePath);
    return delegate.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
    return delegate.getCommittableSerializer();
  }
}
