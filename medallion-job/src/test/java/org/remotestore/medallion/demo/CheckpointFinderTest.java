package org.remotestore.medallion.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFinderTest {
  static final String JOB_A = "a".repeat(32);
  static final String JOB_B = "0123456789abcdef0123456789abcdef";

  @TempDir java.nio.file.Path dir;

  @Test
  void noDirectoryOrNoCompletedCheckpointMeansNone() throws Exception {
    Path missing = new Path(dir.resolve("missing").toUri());
    assertThat(CheckpointFinder.latest(missing)).isEmpty();

    Files.createDirectories(dir.resolve(JOB_A + "/chk-1")); // in flight: no _metadata
    Files.createDirectories(dir.resolve(JOB_A + "/shared"));
    Files.createFile(dir.resolve(JOB_A + "/chk-2")); // a file, not a checkpoint folder
    assertThat(CheckpointFinder.latest(new Path(dir.toUri()))).isEmpty();
  }

  @Test
  void findsTheNewestCompletedCheckpointAcrossJobs() throws Exception {
    metadata(JOB_A, 3, "2026-07-14T20:00:00Z");
    Files.createDirectories(dir.resolve(JOB_A + "/chk-4")); // not completed
    Files.createDirectories(dir.resolve(JOB_B + "/chk-9"));
    Files.createFile(dir.resolve(JOB_B + "/chk-9/_metadata")); // empty: not completed
    Files.createDirectories(dir.resolve("not-a-job/chk-99"));
    Files.writeString(dir.resolve("not-a-job/chk-99/_metadata"), "x");

    CheckpointFinder.CompletedCheckpoint found =
        CheckpointFinder.latest(new Path(dir.toUri())).orElseThrow();
    assertThat(found.jobId()).isEqualTo(JOB_A);
    assertThat(found.id()).isEqualTo(3);
    assertThat(java.nio.file.Path.of(found.directory().toUri()))
        .isEqualTo(dir.resolve(JOB_A + "/chk-3"));

    // a later run (restored, numbering continues) completes checkpoint 5 in its own folder
    metadata(JOB_B, 5, "2026-07-14T20:05:00Z");
    found = CheckpointFinder.latest(new Path(dir.toUri())).orElseThrow();
    assertThat(found.jobId()).isEqualTo(JOB_B);
    assertThat(found.id()).isEqualTo(5);
    assertThat(found.restorePath()).endsWith(JOB_B + "/chk-5");

    // same completion time: the higher number wins
    metadata(JOB_A, 6, "2026-07-14T20:05:00Z");
    assertThat(CheckpointFinder.latest(new Path(dir.toUri())).orElseThrow().id()).isEqualTo(6);
  }

  private void metadata(String job, int id, String completedAt) throws IOException {
    java.nio.file.Path chk = dir.resolve(job + "/chk-" + id);
    Files.createDirectories(chk);
    java.nio.file.Path meta = chk.resolve("_metadata");
    Files.write(meta, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(meta, FileTime.from(Instant.parse(completedAt)));
  }
}
