package org.remotestore.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Runs after FileSink's committer (as its post-commit topology, parallelism 1) and writes an empty
 * {@code _SUCCESS} file into each partition folder once the partition's files are committed and the
 * watermark has passed the partition's end: the layout Flink's filesystem SQL connector uses for
 * its {@code success-file} partition commit policy. Late data re-marks its partition.
 *
 * <p>With compaction it has two inputs: the committer's output (first) and the writers' own
 * committables (second), the hidden files that a compaction merges later. A partition with such a
 * file that no committed compaction has merged yet is not complete, whatever the watermark.
 */
final class PartitionSuccessMarkerOperator extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<CommittableMessage<FileSinkCommittable>, Void>,
        TwoInputStreamOperator<
            CommittableMessage<FileSinkCommittable>,
            CommittableMessage<FileSinkCommittable>,
            Void> {
  private static final long serialVersionUID = 1L;

  /** The marker's file name. */
  static final String SUCCESS_FILE = "_SUCCESS";

  private final String basePath;
  private final SerializableFunction<String, java.time.Instant> partitionEnd;

  private transient PartitionCommitTracker tracker;
  private transient ListState<String> pendingState;
  private transient ListState<Tuple2<Long, Long>> watermarkState;
  private transient ListState<Long> currentWatermarkState;
  private transient ListState<Tuple2<String, String>> uncompactedState;

  PartitionSuccessMarkerOperator(
      Path basePath, SerializableFunction<String, java.time.Instant> partitionEnd) {
    this.basePath = basePath.toString();
    this.partitionEnd = partitionEnd;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    tracker = new PartitionCommitTracker(partitionEnd);
    pendingState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("pending-partitions", Types.STRING));
    watermarkState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "checkpoint-watermarks", Types.TUPLE(Types.LONG, Types.LONG)));
    currentWatermarkState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("current-watermark", Types.LONG));
    uncompactedState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "uncompacted-files", Types.TUPLE(Types.STRING, Types.STRING)));
    if (context.isRestored()) {
      for (Tuple2<String, String> file : uncompactedState.get()) {
        tracker.uncompactedFile(file.f0, file.f1);
      }
      List<String> partitions = new ArrayList<>();
      pendingState.get().forEach(partitions::add);
      Map<Long, Long> watermarks = new HashMap<>();
      for (Tuple2<Long, Long> entry : watermarkState.get()) {
        watermarks.put(entry.f0, entry.f1);
      }
      long watermark = Long.MIN_VALUE;
      for (Long w : currentWatermarkState.get()) {
        watermark = Math.max(watermark, w);
      }
      tracker.restore(partitions, watermarks, watermark);
    }
  }

  @Override
  public void processElement(StreamRecord<CommittableMessage<FileSinkCommittable>> record)
      throws IOException {
    CommittableMessage<FileSinkCommittable> message = record.getValue();
    List<String> complete;
    if (message instanceof CommittableSummary<FileSinkCommittable> summary) {
      complete =
          tracker.summary(
              summary.getCheckpointIdOrEOI(),
              summary.getNumberOfSubtasks(),
              summary.getNumberOfCommittables());
    } else if (message instanceof CommittableWithLineage<FileSinkCommittable> lineage) {
      FileSinkCommittable committable = lineage.getCommittable();
      if (committable.hasCompactedFileToCleanup()) {
        tracker.compacted(
            committable.getBucketId(), committable.getCompactedFileToCleanup().toString());
      }
      complete = tracker.fileCommitted(lineage.getCheckpointIdOrEOI(), committable.getBucketId());
    } else {
      return;
    }
    for (String partition : complete) {
      writeMarker(partition);
    }
  }

  /** The committer's output, with compaction. */
  @Override
  public void processElement1(StreamRecord<CommittableMessage<FileSinkCommittable>> record)
      throws IOException {
    processElement(record);
  }

  /** The writers' committables, with compaction: files that a later compaction merges. */
  @Override
  public void processElement2(StreamRecord<CommittableMessage<FileSinkCommittable>> record) {
    if (record.getValue() instanceof CommittableWithLineage<FileSinkCommittable> lineage
        && lineage.getCommittable().hasPendingFile()
        && lineage.getCommittable().getPendingFile().getPath() != null) {
      FileSinkCommittable c = lineage.getCommittable();
      tracker.uncompactedFile(c.getBucketId(), c.getPendingFile().getPath().toString());
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    tracker.watermark(mark.getTimestamp());
    super.processWatermark(mark);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    tracker.checkpointStarted(context.getCheckpointId());
    pendingState.update(tracker.pendingPartitions());
    List<Tuple2<Long, Long>> watermarks = new ArrayList<>();
    tracker.watermarksByCheckpoint().forEach((cp, w) -> watermarks.add(Tuple2.of(cp, w)));
    watermarkState.update(watermarks);
    currentWatermarkState.update(List.of(tracker.currentWatermark()));
    List<Tuple2<String, String>> uncompacted = new ArrayList<>();
    tracker.uncompactedFiles().forEach(e -> uncompacted.add(Tuple2.of(e.getKey(), e.getValue())));
    uncompactedState.update(uncompacted);
  }

  private void writeMarker(String partition) throws IOException {
    Path marker = new Path(new Path(new Path(basePath), partition), SUCCESS_FILE);
    FileSystem fs = marker.getFileSystem();
    try (FSDataOutputStream out = fs.create(marker, FileSystem.WriteMode.OVERWRITE)) {
      out.flush();
    }
  }
}
