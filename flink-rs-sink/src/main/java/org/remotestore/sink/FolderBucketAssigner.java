package org.remotestore.sink;

import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.util.function.SerializableFunction;

/** Buckets named by a function of the element (its partition folder below the base path). */
final class FolderBucketAssigner<T> implements BucketAssigner<T, String> {
  private static final long serialVersionUID = 1L;
  private final SerializableFunction<T, String> folderOf;

  FolderBucketAssigner(SerializableFunction<T, String> folderOf) {
    this.folderOf = Objects.requireNonNull(folderOf, "folderOf");
  }

  @Override
  public String getBucketId(T element, Context context) {
    return folderOf.apply(element);
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }
}
