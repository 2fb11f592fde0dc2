package org.remotestore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionCommitTrackerTest {
  private static final String DAY1 = "station_abbr=BER/date=2026-03-01";
  private static final String DAY2 = "station_abbr=BER/date=2026-03-02";
  private static final long END_DAY1 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

  private final PartitionCommitTracker tracker = new PartitionCommitTracker(DayPartitions::endOf);

  @Test
  void partitionIsCompleteOnlyWhenWatermarkAtCheckpointPassedItsEnd() {
    tracker.watermark(END_DAY1 - 1);
    tracker.checkpointStarted(1);
    assertThat(tracker.fileCommitted(1, DAY1)).isEmpty();
    assertThat(tracker.summary(1, 1, 1)).as("watermark before the day's end").isEmpty();

    // The watermark passes the end, but the files written before it are not committed yet.
    tracker.watermark(END_DAY1);
    assertThat(tracker.pendingPartitions()).containsExactly(DAY1);

    tracker.checkpointStarted(2);
    assertThat(tracker.summary(2, 1, 1)).as("waits for the announced committable").isEmpty();
    assertThat(tracker.fileCommitted(2, DAY2)).containsExactly(DAY1);
    assertThat(tracker.pendingPartitions()).containsExactly(DAY2);
  }

  @Test
  void waitsForEveryCommitterSubtask() {
    tracker.watermark(Long.MAX_VALUE);
    tracker.checkpointStarted(7);
    assertThat(tracker.summary(7, 2, 1)).isEmpty();
    assertThat(tracker.fileCommitted(7, DAY1)).isEmpty();
    assertThat(tracker.summary(7, 2, 0)).containsExactly(DAY1);
  }

  @Test
  void restoredStateKeepsPendingPartitionsAndWatermarks() {
    tracker.watermark(END_DAY1);
    tracker.checkpointStarted(3);
    tracker.fileCommitted(2, DAY1);

    PartitionCommitTracker restored = new PartitionCommitTracker(DayPartitions::endOf);
    restored.restore(
        tracker.pendingPartitions(), tracker.watermarksByCheckpoint(), tracker.currentWatermark());
    assertThat(restored.summary(3, 1, 0)).containsExactly(DAY1);
  }

  @Test
  void foldersWithoutDateNeverComplete() {
    tracker.watermark(Long.MAX_VALUE);
    tracker.checkpointStarted(1);
    tracker.fileCommitted(1, "station_abbr=BER");
    assertThat(tracker.summary(1, 1, 1)).isEmpty();
  }

  @Test
  void withCompactionAPartitionWaitsUntilItsLastRawFileIsMerged() {
    tracker.uncompactedFile(DAY1, "day1/.part-a-0.parquet");
    tracker.uncompactedFile(DAY1, "day1/.part-a-1.parquet");
    tracker.watermark(END_DAY1);
    tracker.checkpointStarted(1);
    tracker.compacted(DAY1, "day1/.part-a-0.parquet");
    tracker.fileCommitted(1, DAY1); // compacted-part-a-0 and the cleanup of .part-a-0
    tracker.fileCommitted(1, DAY1);
    assertThat(tracker.summary(1, 1, 2))
        .as("the watermark passed the day, but one of its raw files is not merged yet")
        .isEmpty();
    assertThat(tracker.uncompactedFiles()).hasSize(1);

    tracker.checkpointStarted(2);
    tracker.compacted(DAY1, "day1/.part-a-1.parquet");
    tracker.fileCommitted(2, DAY1);
    assertThat(tracker.summary(2, 1, 1)).containsExactly(DAY1);
    assertThat(tracker.uncompactedFiles()).isEmpty();
  }
}
