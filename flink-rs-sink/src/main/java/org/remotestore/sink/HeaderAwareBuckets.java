package org.remotestore.sink;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Bucket assigner and rolling policy in one object, so that every part file holds lines of one CSV
 * layout: parts roll on every checkpoint (exactly-once with bulk formats), and also when a line's
 * header differs from the header its part file started with (a column added mid-day).
 *
 * <p>FileSink calls the assigner for every element and the rolling policy for every element except
 * the first of a new part file, always on the same subtask thread. Passing this same instance as
 * both (Java serialization keeps it one object inside the sink) lets the policy learn the header of
 * a part's first element from the assigner.
 *
 * @param <T> the element type
 */
public final class HeaderAwareBuckets<T> extends CheckpointRollingPolicy<T, String>
    implements BucketAssigner<T, String> {
  private static final long serialVersionUID = 1L;

  private final SerializableFunction<T, String> folderOf;
  private final SerializableFunction<T, String> headerOf;

  private transient Map<String, String> previousHeader;
  private transient Map<String, String> latestHeader;
  private transient Map<PartFileInfo<String>, String> partHeader;

  /**
   * Creates the assigner/policy.
   *
   * @param folderOf the partition folder of an element
   * @param headerOf the header line of an element's layout
   */
  public HeaderAwareBuckets(
      SerializableFunction<T, String> folderOf, SerializableFunction<T, String> headerOf) {
    this.folderOf = Objects.requireNonNull(folderOf, "folderOf");
    this.headerOf = Objects.requireNonNull(headerOf, "headerOf");
  }

  @Override
  public String getBucketId(T element, Context context) {
    String folder = folderOf.apply(element);
    initMaps();
    String header = headerOf.apply(element);
    String latest = latestHeader.put(folder, header);
    previousHeader.put(folder, latest);
    return folder;
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }

  @Override
  public boolean shouldRollOnEvent(PartFileInfo<String> part, T element) {
    initMaps();
    String bucket = part.getBucketId();
    // A part we have not seen yet was opened by the previous element of its bucket.
    String started = partHeader.computeIfAbsent(part, p -> previousHeader.get(bucket));
    boolean roll = started != null && !started.equals(headerOf.apply(element));
    if (roll) {
      partHeader.remove(part);
    }
    return roll;
  }

  @Override
  public boolean shouldRollOnCheckpoint(PartFileInfo<String> part) {
    if (partHeader != null) {
      partHeader.remove(part);
    }
    return true;
  }

  @Override
  public boolean shouldRollOnProcessingTime(PartFileInfo<String> part, long currentTime) {
    return false;
  }

  private void initMaps() {
    if (partHeader == null) {
      previousHeader = new HashMap<>();
      latestHeader = new HashMap<>();
      partHeader = new IdentityHashMap<>();
    }
  }
}
