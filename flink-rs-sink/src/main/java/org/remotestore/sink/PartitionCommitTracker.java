package org.remotestore.sink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;

/**
 * Decides when a partition is complete: its files are committed and the event-time watermark has
 * passed its end. Pure logic, driven by {@link PartitionSuccessMarkerOperator}.
 *
 * <p>The watermark that counts for checkpoint {@code n} is the one seen when barrier {@code n}
 * passed ({@link #checkpointStarted(long)}); every on-time row before it was written before the
 * barrier and so belongs to committables of checkpoint {@code n} or earlier. When all committables
 * of checkpoint {@code n} have arrived committed (the committer forwards them after committing),
 * every known partition whose end is at or before that watermark is complete.
 */
final class PartitionCommitTracker {
  private final Function<String, Instant> partitionEnd;
  private final Set<String> pending = new LinkedHashSet<>();
  private final TreeMap<Long, Long> watermarkAtCheckpoint = new TreeMap<>();
  private final Map<Long, Progress> progress = new HashMap<>();

  /** Partition -> hidden files written but not yet merged into a committed compacted file. */
  private final Map<String, Set<String>> uncompacted = new HashMap<>();

  private long currentWatermark = Long.MIN_VALUE;

  PartitionCommitTracker(Function<String, Instant> partitionEnd) {
    this.partitionEnd = partitionEnd;
  }

  /** A committed file of {@code partition} arrived for {@code checkpointId}. */
  List<String> fileCommitted(long checkpointId, String partition) {
    pending.add(partition);
    progress.computeIfAbsent(checkpointId, id -> new Progress()).received++;
    return completeIfDone(checkpointId);
  }

  /**
   * A writer rolled a file of {@code partition} that a compaction merges later: until that
   * compacted file is committed ({@link #compacted}), the partition is not complete.
   */
  void uncompactedFile(String partition, String path) {
    uncompacted.computeIfAbsent(partition, p -> new HashSet<>()).add(path);
  }

  /** The hidden file {@code path} of {@code partition} was merged into a compacted file. */
  void compacted(String partition, String path) {
    Set<String> files = uncompacted.get(partition);
    if (files != null) {
      files.remove(path);
      if (files.isEmpty()) {
        uncompacted.remove(partition);
      }
    }
  }

  /** Files still waiting for a compaction, as (partition, path) pairs (for checkpointing). */
  List<Map.Entry<String, String>> uncompactedFiles() {
    List<Map.Entry<String, String>> files = new ArrayList<>();
    uncompacted.forEach((p, paths) -> paths.forEach(f -> files.add(Map.entry(p, f))));
    return files;
  }

  /** A committer subtask's summary for {@code checkpointId} arrived. */
  List<String> summary(long checkpointId, int numberOfSubtasks, int committables) {
    Progress p = progress.computeIfAbsent(checkpointId, id -> new Progress());
    p.summaries++;
    p.subtasks = numberOfSubtasks;
    p.expected += committables;
    return completeIfDone(checkpointId);
  }

  /** The event-time watermark advanced. */
  void watermark(long watermark) {
    currentWatermark = Math.max(currentWatermark, watermark);
  }

  /** Barrier {@code checkpointId} passed: remember the watermark it carries. */
  void checkpointStarted(long checkpointId) {
    watermarkAtCheckpoint.put(checkpointId, currentWatermark);
  }

  private List<String> completeIfDone(long checkpointId) {
    Progress p = progress.get(checkpointId);
    if (p.subtasks == 0 || p.summaries < p.subtasks || p.received < p.expected) {
      return List.of();
    }
    progress.remove(checkpointId);
    long watermark;
    if (checkpointId == CommittableMessage.EOI) {
      watermark = currentWatermark;
    } else {
      Long recorded = watermarkAtCheckpoint.get(checkpointId);
      watermark = recorded == null ? Long.MIN_VALUE : recorded;
      watermarkAtCheckpoint.headMap(checkpointId, true).clear();
    }
    List<String> complete = new ArrayList<>();
    for (String partition : pending) {
      Instant end = partitionEnd.apply(partition);
      if (end != null && end.toEpochMilli() <= watermark && !uncompacted.containsKey(partition)) {
        complete.add(partition);
      }
    }
    complete.forEach(pending::remove);
    return complete;
  }

  /** Partitions with committed files that are not complete yet (for checkpointing). */
  List<String> pendingPartitions() {
    return new ArrayList<>(pending);
  }

  /** Watermarks of checkpoints whose committables have not all arrived (for checkpointing). */
  Map<Long, Long> watermarksByCheckpoint() {
    return new TreeMap<>(watermarkAtCheckpoint);
  }

  long currentWatermark() {
    return currentWatermark;
  }

  /** Restores what {@link #pendingPartitions()} and {@link #watermarksByCheckpoint()} saved. */
  void restore(List<String> partitions, Map<Long, Long> watermarks, long watermark) {
    pending.addAll(partitions);
    watermarkAtCheckpoint.putAll(watermarks);
    currentWatermark = Math.max(currentWatermark, watermark);
  }

  private static final class Progress {
    int summaries;
    int subtasks;
    long expected;
    long received;
  }
}
