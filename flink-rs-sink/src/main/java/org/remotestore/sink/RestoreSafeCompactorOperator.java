package org.remotestore.sink;

import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.FileCompactor;
import org.apache.flink.connector.file.sink.compactor.operator.CompactorOperator;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketWriter;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/**
 * Flink's {@link CompactorOperator} that also compacts, at the end of input, the requests it
 * restored from a checkpoint when no checkpoint has been taken since the restore.
 *
 * <p>Flink 2.3's operator numbers the end of input's requests "last checkpoint seen + 1" and then
 * compacts every request up to that number; the last checkpoint seen starts at 0 after a restore,
 * while the restored requests keep the numbers of the checkpoints they were taken in. A bounded job
 * that fails, restores from checkpoint n and reaches its end before its next checkpoint therefore
 * left the restored requests out of its last compaction: with Java assertions on the operator fails
 * with an {@code AssertionError}; with them off, by Flink's code, the requests are submitted only
 * when the final checkpoint completes and their result is never emitted, so their files would stay
 * uncommitted. Here the end of input first sets the last checkpoint seen to the restored one (by
 * the operator's own pre-barrier step, which emits nothing when no compaction has run since the
 * restore), so "last + 1" lies above every restored request, as Flink's sink writers number it
 * since FLINK-37605.
 */
final class RestoreSafeCompactorOperator extends CompactorOperator {
  private long restoredCheckpointId;
  private boolean checkpointedSinceRestore;

  RestoreSafeCompactorOperator(
      StreamOperatorParameters<CommittableMessage<FileSinkCommittable>> parameters,
      FileCompactStrategy strategy,
      SimpleVersionedSerializer<FileSinkCommittable> committableSerializer,
      FileCompactor fileCompactor,
      BucketWriter<?, String> bucketWriter) {
    super(parameters, strategy, committableSerializer, fileCompactor, bucketWriter);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    restoredCheckpointId = context.getRestoredCheckpointId().orElse(0L);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    checkpointedSinceRestore = true;
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    if (!checkpointedSinceRestore && restoredCheckpointId > 0) {
      // no compaction has been submitted since the restore, so nothing is emitted here
      super.prepareSnapshotPreBarrier(restoredCheckpointId);
    }
    super.endInput();
  }
}
