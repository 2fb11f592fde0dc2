package org.remotestore.sink;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code _SUCCESS} markers of the partitions a bounded run completes at its end.
 *
 * <p>{@link PartitionSuccessMarkerOperator} learns about committed files from FileSink's committer,
 * which commits the files of a checkpoint when it is notified that the checkpoint completed. At the
 * end of a bounded run that notification comes after the committer has ended its input, so what it
 * forwards then never arrives and the run's last partitions would stay unmarked. This operator sits
 * in the sink's pre-commit topology, beside the committer: it sees the writers' committables (the
 * partition and final path of every file) and the watermark. When its input has ended and the final
 * checkpoint, taken after that, has completed, it waits until the files it knows of are visible at
 * their final paths (the committers publish them on the same notification) and then marks every
 * partition whose end the watermark has passed, which at the end of a bounded input is every
 * partition with files. A run that fails never completes that checkpoint, so the partitions it left
 * open stay unmarked.
 *
 * <p>To stay small in a long run it forgets a partition once a checkpoint whose watermark passed
 * the partition's end has completed (the committer's path marks it), but keeps the partitions of
 * the last {@value #RECENT_CHECKPOINTS} such checkpoints, since their forwarded commits may be lost
 * at the end too; it also forgets file paths of older checkpoints, which were committed long ago.
 */
final class EndOfInputSuccessMarkerOperator extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<CommittableMessage<FileSinkCommittable>, Void>,
        BoundedOneInput {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EndOfInputSuccessMarkerOperator.class);

  /** Completed checkpoints whose partitions (and file paths) are kept for the end of input. */
  static final int RECENT_CHECKPOINTS = 3;

  /** How long the end of input waits for the committers to publish the last files. */
  static final long VISIBILITY_WAIT_MILLIS = 120_000;

  private final String basePath;
  private final SerializableFunction<String, Instant> partitionEnd;

  /** Partition -> files (checkpoint id, final path) not known to be marked yet. */
  private transient Map<String, List<Tuple3<Long, String, String>>> open;

  /** Partitions handed to the committer's path, by the checkpoint that completed them. */
  private transient TreeMap<Long, Map<String, List<Tuple3<Long, String, String>>>> recent;

  private transient TreeMap<Long, Long> watermarkAtCheckpoint;
  private transient long watermark;
  private transient boolean inputEnded;
  private transient long finalCheckpoint;
  private transient ListState<Tuple3<Long, String, String>> filesState;
  private transient ListState<Long> watermarkState;

  EndOfInputSuccessMarkerOperator(
      Path basePath, SerializableFunction<String, Instant> partitionEnd) {
    this.basePath = basePath.toString();
    this.partitionEnd = partitionEnd;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    open = new LinkedHashMap<>();
    recent = new TreeMap<>();
    watermarkAtCheckpoint = new TreeMap<>();
    watermark = Long.MIN_VALUE;
    finalCheckpoint = Long.MAX_VALUE;
    filesState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "end-of-input-files", Types.TUPLE(Types.LONG, Types.STRING, Types.STRING)));
    watermarkState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("end-of-input-watermark", Types.LONG));
    if (context.isRestored()) {
      for (Tuple3<Long, String, String> f : filesState.get()) {
        open.computeIfAbsent(f.f1, p -> new ArrayList<>()).add(f);
      }
      for (Long w : watermarkState.get()) {
        watermark = Math.max(watermark, w);
      }
    }
  }

  @Override
  public void processElement(StreamRecord<CommittableMessage<FileSinkCommittable>> record) {
    if (record.getValue() instanceof CommittableWithLineage<FileSinkCommittable> lineage) {
      FileSinkCommittable c = lineage.getCommittable();
      if (c.hasPendingFile()) {
        Path target = c.getPendingFile().getPath();
        open.computeIfAbsent(c.getBucketId(), p -> new ArrayList<>())
            .add(
                Tuple3.of(
                    lineage.getCheckpointIdOrEOI(),
                    c.getBucketId(),
                    target == null ? "" : target.toString()));
      }
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = Math.max(watermark, mark.getTimestamp());
    super.processWatermark(mark);
  }

  @Override
  public void endInput() {
    inputEnded = true;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    long checkpoint = context.getCheckpointId();
    watermarkAtCheckpoint.put(checkpoint, watermark);
    if (inputEnded) {
      finalCheckpoint = Math.min(finalCheckpoint, checkpoint);
    }
    List<Tuple3<Long, String, String>> files = new ArrayList<>();
    open.values().forEach(files::addAll);
    recent.values().forEach(m -> m.values().forEach(files::addAll));
    filesState.update(files);
    watermarkState.update(List.of(watermark));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    if (checkpointId >= finalCheckpoint) {
      markAtEnd();
      return;
    }
    Long at = watermarkAtCheckpoint.get(checkpointId);
    watermarkAtCheckpoint.headMap(checkpointId, true).clear();
    if (at == null) {
      return;
    }
    Map<String, List<Tuple3<Long, String, String>>> handedOver = new HashMap<>();
    for (Iterator<Map.Entry<String, List<Tuple3<Long, String, String>>>> it =
            open.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, List<Tuple3<Long, String, String>>> e = it.next();
      Instant end = partitionEnd.apply(e.getKey());
      boolean allCommitted = e.getValue().stream().allMatch(f -> f.f0 <= checkpointId);
      if (end != null && end.toEpochMilli() <= at && allCommitted) {
        handedOver.put(e.getKey(), e.getValue());
        it.remove();
      }
    }
    if (!handedOver.isEmpty()) {
      recent.put(checkpointId, handedOver);
    }
    while (recent.size() > RECENT_CHECKPOINTS) {
      recent.pollFirstEntry();
    }
    long oldest = checkpointId - RECENT_CHECKPOINTS;
    open.values().forEach(files -> files.removeIf(f -> f.f0 < oldest));
  }

  private void markAtEnd() throws IOException, InterruptedException {
    Map<String, List<Tuple3<Long, String, String>>> all = new LinkedHashMap<>();
    recent.values().forEach(all::putAll);
    all.putAll(open);
    recent.clear();
    open.clear();
    finalCheckpoint = Long.MAX_VALUE;
    long deadline = System.nanoTime() + VISIBILITY_WAIT_MILLIS * 1_000_000L;
    int marked = 0;
    for (Map.Entry<String, List<Tuple3<Long, String, String>>> e : all.entrySet()) {
      Instant end = partitionEnd.apply(e.getKey());
      if (end == null || end.toEpochMilli() > watermark) {
        continue;
      }
      if (!visible(e.getValue(), deadline)) {
        LOG.warn("Files of partition {} are not visible yet; no _SUCCESS written", e.getKey());
        continue;
      }
      Path marker =
          new Path(
              new Path(new Path(basePath), e.getKey()),
              PartitionSuccessMarkerOperator.SUCCESS_FILE);
      FileSystem fs = marker.getFileSystem();
      try (FSDataOutputStream out = fs.create(marker, FileSystem.WriteMode.OVERWRITE)) {
        out.flush();
      }
      marked++;
    }
    LOG.info("End of input: {} partitions of {} marked complete", marked, basePath);
  }

  /** Waits until every file's final path exists (the committers publish them concurrently). */
  private static boolean visible(List<Tuple3<Long, String, String>> files, long deadline)
      throws IOException, InterruptedException {
    for (Tuple3<Long, String, String> f : files) {
      if (f.f2.isEmpty()) {
        continue;
      }
      Path path = new Path(f.f2);
      FileSystem fs = path.getFileSystem();
      while (!fs.exists(path)) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(20);
      }
    }
    return true;
  }
}
