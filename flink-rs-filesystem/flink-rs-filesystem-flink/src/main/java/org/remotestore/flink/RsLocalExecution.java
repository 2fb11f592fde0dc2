package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;

/**
 * Makes {@code rs://} take its keys from the job's own configuration in a local run, so that an IDE
 * run or a plain {@code main} needs no {@link RsFileSystems#initialize} call and no environment
 * variable.
 *
 * <p>Flink's local executor starts a MiniCluster that never initialises file systems with the job's
 * configuration (cluster entry points do; see FLINK-11470): a file system plugin sees an empty
 * configuration. Flink asks every {@link PipelineExecutorFactory} on the class path whether it
 * serves the job's configuration before it picks the local one; this factory never serves any, but
 * on a {@code local} target it applies the configuration's {@code rs.} keys (or, when it has none,
 * those of {@code $FLINK_CONF_DIR/config.yaml}) before the job starts. On a cluster it does
 * nothing: there Flink itself hands {@code config.yaml} to the file system.
 *
 * <pre>{@code
 * Configuration conf = new Configuration();
 * conf.setString("rs.backends.disk.type", "local");
 * conf.setString("rs.backends.disk.root", "/tmp/lake");
 * conf.setString("rs.stores.lake.backend", "disk");
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
 * // ... sinkTo(FileSink.forRowFormat(new Path("rs://lake/out"), encoder).build()); env.execute();
 * }</pre>
 */
public final class RsLocalExecution implements PipelineExecutorFactory {
  /** The name Flink lists this factory under. */
  public static final String NAME = "rs-local-configuration";

  @Override
  public String getName() {
    return NAME;
  }

  /**
   * Applies the {@code rs.} keys of a local execution's configuration; never compatible.
   *
   * @return {@code false}: this factory runs no job
   */
  @Override
  public boolean isCompatibleWith(Configuration configuration) {
    if ("local".equals(configuration.get(DeploymentOptions.TARGET))) {
      RsFileSystems.applyToLocalExecution(configuration);
    }
    return false;
  }

  /**
   * Never called: the factory is compatible with no configuration.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public PipelineExecutor getExecutor(Configuration configuration) {
    throw new UnsupportedOperationException(
        NAME + " runs no job; it only configures rs:// for local runs");
  }
}
