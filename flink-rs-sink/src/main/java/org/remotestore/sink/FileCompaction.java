package org.remotestore.sink;

import java.io.Serializable;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;

/**
 * Whether and when a sink merges its small part files, with Flink's own {@code FileSink}
 * compaction: the files a writer rolls stay hidden ({@code .part-*}) until a compaction merges the
 * files of a partition into one visible {@code compacted-part-*} file, which FileSink's committer
 * publishes exactly once while it deletes the hidden inputs. A partition's files are merged when
 * they add up to {@link #targetSizeBytes()} or when {@link #checkpoints()} checkpoints have passed
 * since its first uncompacted file, whichever comes first (and at the end of a bounded input).
 * Immutable.
 */
public final class FileCompaction implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final FileCompaction DISABLED = new FileCompaction(false, 1, 1);

  private final boolean enabled;
  private final long targetSizeBytes;
  private final int checkpoints;

  private FileCompaction(boolean enabled, long targetSizeBytes, int checkpoints) {
    this.enabled = enabled;
    this.targetSizeBytes = targetSizeBytes;
    this.checkpoints = checkpoints;
  }

  /** No compaction: every checkpoint's part files are published as they are. */
  public static FileCompaction disabled() {
    return DISABLED;
  }

  /**
   * Compaction by size and checkpoint count.
   *
   * @param targetSizeBytes merge a partition's files once they add up to this many bytes (at least
   *     1)
   * @param checkpoints merge a partition's files at the latest this many checkpoints after its
   *     first uncompacted file (at least 1; files become visible only then)
   * @throws IllegalArgumentException if a value is out of range
   */
  public static FileCompaction of(long targetSizeBytes, int checkpoints) {
    if (targetSizeBytes < 1) {
      throw new IllegalArgumentException(
          "target size must be at least 1 byte, was " + targetSizeBytes);
    }
    if (checkpoints < 1) {
      throw new IllegalArgumentException("checkpoints must be at least 1, was " + checkpoints);
    }
    return new FileCompaction(true, targetSizeBytes, checkpoints);
  }

  /** Whether part files are merged. */
  public boolean enabled() {
    return enabled;
  }

  /** The size at which a partition's uncompacted files are merged. */
  public long targetSizeBytes() {
    return targetSizeBytes;
  }

  /** The number of checkpoints after which a partition's uncompacted files are merged. */
  public int checkpoints() {
    return checkpoints;
  }

  /** FileSink's strategy for these settings (only when {@link #enabled()}). */
  FileCompactStrategy strategy() {
    if (!enabled) {
      throw new IllegalStateException("compaction is disabled");
    }
    return FileCompactStrategy.Builder.newBuilder()
        .setSizeThreshold(targetSizeBytes)
        .enableCompactionOnCheckpoint(checkpoints)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileCompaction c
        && enabled == c.enabled
        && targetSizeBytes == c.targetSizeBytes
        && checkpoints == c.checkpoints;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(enabled) * 31 * 31 + Long.hashCode(targetSizeBytes) * 31 + checkpoints;
  }

  @Override
  public String toString() {
    return enabled
        ? "FileCompaction{target-size="
            + targetSizeBytes
            + " bytes, checkpoints="
            + checkpoints
            + "}"
        : "FileCompaction{disabled}";
  }
}
