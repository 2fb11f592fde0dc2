package org.remotestore.flink.local;

import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A user's plain {@code main}: a bounded FileSink job on {@code rs://plain/}, with checkpoints on
 * {@code rs://plain/checkpoints}, and no call into remote-store. Run by {@link
 * MiniClusterConfigTest} in a child JVM.
 *
 * <p>Arguments: {@code conf <root>} puts the {@code rs.} keys for a local backend rooted at {@code
 * <root>} into the job's configuration; {@code none} puts none (they come from {@code
 * $FLINK_CONF_DIR/config.yaml}).
 */
public final class PlainMainJob {
  /** Lines written. */
  public static final int LINES = 1_000;

  private PlainMainJob() {}

  /** Runs the job; exits non-zero on failure. */
  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    if (args[0].equals("conf")) {
      conf.setString("rs.backends.disk.type", "local");
      conf.setString("rs.backends.disk.root", args[1]);
      conf.setString("rs.stores.plain.backend", "disk");
    }
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "rs://plain/checkpoints");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(200);
    env.fromSequence(0, LINES - 1)
        .map(String::valueOf)
        .returns(Types.STRING)
        .sinkTo(
            FileSink.forRowFormat(new Path("rs://plain/out"), new SimpleStringEncoder<String>())
                .build());
    env.execute("plain main");
    System.out.println("job finished");
  }
}
