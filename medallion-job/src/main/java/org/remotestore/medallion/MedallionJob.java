package org.remotestore.medallion;

import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.config.MedallionConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class: {@code flink run medallion-job.jar --config job.yaml [--<key> <value> ...]} reads
 * the configuration ({@link MedallionConfig#fromArgs}), builds the {@link MedallionPipeline} and
 * executes it. An invalid configuration ends the program before anything is submitted, with a
 * message naming the key and flag.
 */
public final class MedallionJob {
  private static final Logger LOG = LoggerFactory.getLogger(MedallionJob.class);

  /** The job name shown in Flink's web UI. */
  public static final String JOB_NAME = "medallion";

  private MedallionJob() {}

  /** Reads the arguments, builds and runs the job. */
  public static void main(String[] args) throws Exception {
    MedallionConfig cfg;
    try {
      cfg = MedallionConfig.fromArgs(args);
    } catch (MedallionConfigException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      throw e;
    }
    LOG.info("Starting the medallion job with {}", cfg);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (env instanceof LocalStreamEnvironment && !cfg.rsKeys().isEmpty()) {
      // Local runs (IDE, java -jar): Flink initialises file systems with an empty configuration.
      // On a cluster the rs:// plugin takes its keys from Flink's own configuration.
      RsFileSystems.initialize(cfg.flinkConfiguration());
    }
    MedallionPipeline.build(env, cfg);
    env.execute(JOB_NAME);
  }
}
