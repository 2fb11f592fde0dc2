package org.remotestore.medallion.demo;

import java.io.IOException;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds the newest completed checkpoint below a checkpoint directory, in Flink's layout {@code
 * <dir>/<job-id>/chk-<n>/_metadata}, through Flink's file systems (any scheme, {@code rs://}
 * included).
 *
 * <p>A checkpoint is complete once its {@code _metadata} file exists and is not empty: Flink writes
 * that file last, and on {@code rs://} through the recoverable writer, so it appears all at once.
 * Folders of checkpoints that were in flight when a process died (no {@code _metadata}) are
 * ignored. Among several jobs' folders the checkpoint whose {@code _metadata} is newest wins; a tie
 * goes to the higher checkpoint number (a restored job continues the numbering of the checkpoint it
 * restored).
 */
public final class CheckpointFinder {

  private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

  /** A completed checkpoint on storage. */
  public record CompletedCheckpoint(Path directory, String jobId, long id, long completedAt) {
    /** Validates the fields. */
    public CompletedCheckpoint {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(jobId, "jobId");
    }

    /** The path to restore from ({@code execution.state-recovery.path}). */
    public String restorePath() {
      return directory.toString();
    }
  }

  private CheckpointFinder() {}

  /**
   * The newest completed checkpoint below {@code checkpointsDir}, or empty when there is none (also
   * when the directory does not exist).
   *
   * @throws IOException when listing fails, naming the directory
   */
  public static Optional<CompletedCheckpoint> latest(Path checkpointsDir) throws IOException {
    FileSystem fs = checkpointsDir.getFileSystem();
    try {
      if (!fs.exists(checkpointsDir)) {
        return Optional.empty();
      }
      CompletedCheckpoint best = null;
      Comparator<CompletedCheckpoint> order =
          Comparator.comparingLong(CompletedCheckpoint::completedAt)
              .thenComparingLong(CompletedCheckpoint::id)
              .thenComparing(CompletedCheckpoint::jobId);
      for (FileStatus job : list(fs, checkpointsDir)) {
        String jobId = job.getPath().getName();
        if (!job.isDir() || !JOB_ID.matcher(jobId).matches()) {
          continue;
        }
        for (FileStatus chk : list(fs, job.getPath())) {
          Matcher m = CHECKPOINT.matcher(chk.getPath().getName());
          if (!chk.isDir() || !m.matches()) {
            continue;
          }
          Path metadata = new Path(chk.getPath(), "_metadata");
          if (!fs.exists(metadata)) {
            continue;
          }
          FileStatus status = fs.getFileStatus(metadata);
          if (status.getLen() == 0) {
            continue;
          }
          CompletedCheckpoint candidate =
              new CompletedCheckpoint(
                  chk.getPath(), jobId, Long.parseLong(m.group(1)), status.getModificationTime());
          if (best == null || order.compare(candidate, best) > 0) {
            best = candidate;
          }
        }
      }
      return Optional.ofNullable(best);
    } catch (IOException e) {
      throw new IOException(
          "Cannot search checkpoints in " + checkpointsDir + ": " + e.getMessage(), e);
    }
  }

  private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
    FileStatus[] statuses = fs.listStatus(dir);
    return statuses == null ? new FileStatus[0] : statuses;
  }
}
