package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * A job checkpointing to {@code rs://} (with entropy injection) is cancelled, and a new job
 * restored from its retained checkpoint finishes the work exactly once.
 */
class RsCheckpointRestoreTest {
  private static final long RECORDS = 4_000;

  @Test
  void aJobRestoresFromItsCheckpointOnRs() throws Exception {
    Configuration rs = RsTestStores.memory("chk");
    rs.setString("rs.stores.chk.entropy-key", "_entropy_");
    String output = "rs://chk/out";

    RsFileSinkJob first = new RsFileSinkJob(rs, output, RsFileSinkJob.Format.ROW, RECORDS, false);
    Configuration conf = first.jobConfiguration();
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "rs://chk/checkpoints/_entropy_");
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, MemorySize.ZERO);
    RsFileSystems.initialize(conf);

    StreamExecutionEnvironment env = RsMiniCluster.environment(conf, RsFileSinkJob.PARALLELISM);
    first.build(env);
    JobClient client = env.executeAsync("rs-checkpointing");
    JobID jobId = client.getJobID();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (first.completedCheckpoints() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(first.completedCheckpoints()).isGreaterThanOrEqualTo(3);
    client.cancel().get();
    try {
      client.getJobExecutionResult().get();
    } catch (Exception expectedOnCancel) {
      // cancelled
    }

    FileSystem fs = FileSystem.get(URI.create("rs://chk/"));
    Path jobDir = new Path("rs://chk/checkpoints/" + jobId);
    Path latest = null;
    long latestId = -1;
    for (FileStatus status : fs.listStatus(jobDir)) {
      String name = status.getPath().getName();
      if (name.startsWith("chk-") && fs.exists(new Path(status.getPath(), "_metadata"))) {
        long id = Long.parseLong(name.substring(4));
        if (id > latestId) {
          latestId = id;
          latest = status.getPath();
        }
      }
    }
    assertThat(latest).as("a retained checkpoint with _metadata on rs://").isNotNull();

    List<String> all = new ArrayList<>();
    for (var info : RsTestStores.unwrap(fs).store().listFiles("checkpoints", true)) {
      all.add(info.path());
    }
    assertThat(all).noneMatch(p -> p.contains("_entropy_"));
    assertThat(all).noneMatch(p -> p.contains(".inprogress"));
    assertThat(all)
        .as("state files with entropy instead of the marker")
        .anyMatch(p -> p.matches("checkpoints/[0-9a-z]{4}/" + jobId + "/.*"));
    assertThat(all).contains("checkpoints/" + jobId + "/chk-" + latestId + "/_metadata");

    RsFileSinkJob second = new RsFileSinkJob(rs, output, RsFileSinkJob.Format.ROW, RECORDS, false);
    StreamExecutionEnvironment env2 =
        RsMiniCluster.environment(second.jobConfiguration(), RsFileSinkJob.PARALLELISM);
    second.build(env2);
    StreamGraph graph = env2.getStreamGraph();
    graph.setJobName("rs-restored");
    graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(latest.toString()));
    env2.execute(graph);

    RsFileSinkJob.Output out = second.readBack();
    assertThat(out.values()).isEqualTo(LongStream.range(0, RECORDS).boxed().toList());
    assertThat(out.unexpectedHiddenFiles()).isEmpty();
  }
}
