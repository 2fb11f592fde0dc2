package org.remotestore.flink;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * One Flink MiniCluster shared by every job test in the JVM (starting one costs far more than a
 * small job), stopped when the JVM exits.
 */
public final class RsMiniCluster {
  private static MiniCluster cluster;

  private RsMiniCluster() {}

  /** The shared cluster, started on first use: one task manager with four slots, loopback only. */
  public static synchronized MiniCluster get() throws Exception {
    if (cluster == null) {
      Configuration conf = new Configuration();
      conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      conf.set(RestOptions.ADDRESS, "127.0.0.1");
      MiniCluster started =
          new MiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(conf)
                  .setNumTaskManagers(1)
                  .setNumSlotsPerTaskManager(4)
                  .withRandomPorts()
                  .build());
      started.start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (Exception e) {
                      // the JVM is exiting
                    }
                  }));
      cluster = started;
    }
    return cluster;
  }

  /** An environment submitting to the shared cluster, with the job configuration {@code conf}. */
  public static StreamExecutionEnvironment environment(Configuration conf, int parallelism)
      throws Exception {
    return new TestStreamEnvironment(get(), conf, parallelism, List.of(), List.of());
  }
}
