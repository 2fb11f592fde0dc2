package org.remotestore.medallion;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.config.MedallionConfigException;
import org.remotestore.medallion.otel.OtelSetup;
import org.remotestore.medallion.progress.ProgressPrinter;
import org.remotestore.medallion.progress.ProgressReport;
import org.remotestore.medallion.progress.RestBacklog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class: {@code flink run medallion-job.jar --config job.yaml [--<key> <value> ...]} reads
 * the configuration ({@link MedallionConfig#fromArgs}), builds the {@link MedallionPipeline} and
 * executes it. An invalid configuration ends the program before anything is submitted, with a
 * message naming the key and flag.
 *
 * <p>OpenTelemetry: the {@code otel.} keys of the configuration (and {@code OTEL_*} environment
 * variables, {@code -Dotel.*} system properties) choose the exporters ({@link OtelSetup}); the SDK
 * is installed before the pipeline builds its stores and flushed when the job ends; with an
 * exporter set, the lake's {@code rs://} store is observed too ({@link #observeLake}).
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
    try (OtelSetup otel = installOtel(cfg)) {
      if (otel.enabled()) {
        cfg = observeLake(cfg);
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      if (env instanceof LocalStreamEnvironment && !cfg.rsKeys().isEmpty()) {
        // Local runs (IDE, java -jar): Flink initialises file systems with an empty configuration.
        // On a cluster the rs:// plugin takes its keys from Flink's own configuration.
        RsFileSystems.initialize(cfg.flinkConfiguration());
      }
      checkReachable(cfg);
      MedallionPipeline.build(env, cfg);
      Optional<URI> rest = progressEndpoint(env, cfg);
      if (rest.isEmpty()) {
        env.execute(JOB_NAME);
      } else {
        JobClient client = env.executeAsync(JOB_NAME);
        try (ProgressPrinter progress =
            ProgressPrinter.start(
                System.out,
                "backfill",
                new ProgressReport(null, null, System::nanoTime),
                new RestBacklog(rest.get(), client.getJobID())::read,
                Duration.ofSeconds(2))) {
          client.getJobExecutionResult().get();
        }
      }
    }
  }

  /**
   * Where a bounded run submitted in attached mode from a terminal reads its progress (the
   * cluster's REST endpoint, {@code rest.address} and {@code rest.port} of the client's
   * configuration); empty otherwise (continuous or detached runs, local runs, no terminal), which
   * then execute as usual.
   */
  static Optional<URI> progressEndpoint(StreamExecutionEnvironment env, MedallionConfig cfg) {
    ReadableConfig conf = env.getConfiguration();
    if (!cfg.bounded()
        || System.console() == null
        || env instanceof LocalStreamEnvironment
        || !conf.get(DeploymentOptions.ATTACHED)
        || conf.get(RestOptions.ADDRESS) == null) {
      return Optional.empty();
    }
    return Optional.of(
        URI.create("http://" + conf.get(RestOptions.ADDRESS) + ":" + conf.get(RestOptions.PORT)));
  }

  /**
   * Resolves the lake's and the checkpoints' file systems (on a cluster client: the {@code rs://}
   * plugin with the cluster's {@code rs.} keys) and looks the lake up once, so that an unknown
   * store or an unreachable lake stops the program before submission, naming the flag.
   *
   * @throws MedallionConfigException naming {@code lake.path} ({@code --lake}) or {@code
   *     checkpoints.path} ({@code --checkpoints})
   */
  public static void checkReachable(MedallionConfig cfg) {
    check(MedallionConfig.LAKE_PATH, "--lake", cfg.lakePath(), true);
    check(MedallionConfig.CHECKPOINTS_PATH, "--checkpoints", cfg.checkpointPath(), false);
  }

  private static void check(String key, String flag, String path, boolean lookUp) {
    try {
      org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(path);
      org.apache.flink.core.fs.FileSystem fs = p.getFileSystem();
      if (lookUp) {
        fs.exists(p);
      }
    } catch (java.io.IOException | RuntimeException e) {
      MedallionConfigException ex =
          new MedallionConfigException(
              key,
              "Cannot use '"
                  + path
                  + "' of key '"
                  + key
                  + "' (flag "
                  + flag
                  + "): "
                  + e.getMessage(),
              e);
      System.err.println("Invalid configuration: " + ex.getMessage());
      throw ex;
    }
  }

  /**
   * {@code cfg} with the store of its lake observed ({@code
   * rs.stores.<store>.observe.opentelemetry: true}) when its {@code rs.} keys define that store and
   * do not say otherwise; unchanged otherwise.
   */
  static MedallionConfig observeLake(MedallionConfig cfg) {
    String store = rsStore(cfg.lakePath());
    if (store == null || !cfg.rsKeys().containsKey("rs.stores." + store + ".backend")) {
      return cfg;
    }
    String key = "rs.stores." + store + ".observe.opentelemetry";
    if (cfg.rsKeys().containsKey(key)) {
      return cfg;
    }
    LOG.info("OpenTelemetry is on: observing the lake store {} ({})", store, key);
    return cfg.toBuilder().rsKey(key, "true").build();
  }

  /** The store of an {@code rs://<store>/...} path, or {@code null}. */
  private static String rsStore(String path) {
    if (path == null || !path.startsWith("rs://")) {
      return null;
    }
    String rest = path.substring("rs://".length());
    int slash = rest.indexOf('/');
    String store = slash < 0 ? rest : rest.substring(0, slash);
    return store.isEmpty() ? null : store;
  }

  private static OtelSetup installOtel(MedallionConfig cfg) {
    try {
      return OtelSetup.install(cfg.otelKeys());
    } catch (IllegalArgumentException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      throw e;
    }
  }
}
