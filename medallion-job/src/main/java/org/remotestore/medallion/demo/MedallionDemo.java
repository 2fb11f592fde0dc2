package org.remotestore.medallion.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.remotestore.ext.cache.CacheStats;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.otel.OtelSetup;
import org.remotestore.meteoswiss.source.HttpFeedStores;
import org.remotestore.meteoswiss.source.PeriodMode;

/**
 * The one-command demo of the medallion job: a Flink MiniCluster with the web UI on localhost, the
 * MeteoSwiss replay on loopback running simulated time fast, the lake on the {@code local} backend
 * under {@code <data-dir>/lake} (store {@code lake}, checkpoints in {@code rs://lake/_checkpoints},
 * retained on cancellation), and a table of the newest committed gold rows printed as they appear.
 *
 * <p>With {@code --otel-exporter console|otlp} every store operation is exported as an
 * OpenTelemetry span and metric ({@link OtelSetup}); after the first bronze ingest the demo prints
 * the hits and misses of the source's HTTP cache.
 *
 * <p>{@link #close()} (Ctrl-C runs it from a shutdown hook) takes a last checkpoint, cancels the
 * job and saves the replay's clock. The next start with the same data directory restores the newest
 * completed checkpoint and continues the replay's clock, so nothing is ingested twice and nothing
 * is missed.
 */
public final class MedallionDemo implements AutoCloseable {

  /** The {@code rs://} store holding the lake. */
  public static final String LAKE_STORE = "lake";

  /** The lake's root. */
  public static final String LAKE_ROOT = "rs://" + LAKE_STORE + "/";

  /** Where checkpoints go. */
  public static final String CHECKPOINTS = LAKE_ROOT + "_checkpoints";

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The demo's Log4j configuration (a class path resource). */
  static final String LOG_CONFIG = "org/remotestore/medallion/demo/demo-log4j2.properties";

  /** How long {@link #close()} waits for the last checkpoint. */
  static final Duration LAST_CHECKPOINT_TIMEOUT = Duration.ofSeconds(30);

  private final DemoOptions options;
  private final PrintStream out;
  private final DemoReplay replay;
  private final MiniCluster cluster;
  private final JobID jobId;
  private final URI webUi;
  private final Optional<CheckpointFinder.CompletedCheckpoint> restoredFrom;
  private final GoldTablePrinter printer;
  private final ScheduledExecutorService printing;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final OtelSetup otel;
  private boolean closed;
  private volatile boolean cacheStatsPrinted;

  private MedallionDemo(
      DemoOptions options,
      PrintStream out,
      DemoReplay replay,
      MiniCluster cluster,
      JobID jobId,
      URI webUi,
      Optional<CheckpointFinder.CompletedCheckpoint> restoredFrom,
      OtelSetup otel) {
    this.options = options;
    this.otel = otel;
    this.out = out;
    this.replay = replay;
    this.cluster = cluster;
    this.jobId = jobId;
    this.webUi = webUi;
    this.restoredFrom = restoredFrom;
    this.printer = new GoldTablePrinter(new Path(options.lakeRoot()), options.rows(), 5);
    this.printing =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-gold-printer");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the demo from the command line and runs until Ctrl-C or a job failure. */
  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")
        || java.util.Arrays.asList(args).contains("-h")) {
      System.out.println(DemoOptions.usage());
      return;
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    // before anything logs: Flink's log to <data-dir>/demo.log, the terminal shows the gold tables
    Files.createDirectories(options.dataDir());
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    System.setProperty(
        "demo.log.file", options.dataDir().toAbsolutePath().resolve("demo.log").toString());
    MedallionDemo demo = start(options, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(demo::closeQuietly, "demo-shutdown"));
    JobStatus end = demo.awaitTermination();
    if (end != JobStatus.CANCELED) {
      System.err.println(
          "The job ended with status " + end + "; see " + options.dataDir().resolve("demo.log"));
      demo.closeQuietly();
      System.exit(1);
    }
  }

  /**
   * Starts the replay, the MiniCluster and the job (restored from the newest completed checkpoint
   * in the data directory, if any) and begins printing gold rows to {@code out}.
   */
  public static MedallionDemo start(DemoOptions options, PrintStream out) throws Exception {
    // before any store is built: the stores' observers take the global OpenTelemetry
    OtelSetup otel = OtelSetup.install(options.otel());
    try {
      return start(options, out, otel);
    } catch (Exception | Error e) {
      otel.close();
      throw e;
    }
  }

  private static MedallionDemo start(DemoOptions options, PrintStream out, OtelSetup otel)
      throws Exception {
    java.nio.file.Path dataDir = options.dataDir().toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    String lakeStore = URI.create(options.lakeRoot()).getAuthority();

    Configuration flink = new Configuration();
    if (options.lake() == null) {
      java.nio.file.Path lakeDir = dataDir.resolve("lake");
      Files.createDirectories(lakeDir);
      flink.setString("rs.backends.demo-disk.type", "local");
      flink.setString("rs.backends.demo-disk.root", lakeDir.toString());
      flink.setString("rs.stores." + LAKE_STORE + ".backend", "demo-disk");
    } else {
      options.rsKeys().forEach(flink::setString); // --lake on any backend
    }
    if (otel.enabled()) {
      // every lake operation (FileSink writes, commits, checkpoints) a span and a metric
      flink.setString("rs.stores." + lakeStore + ".observe.opentelemetry", "true");
    }
    RsFileSystems.initialize(flink);

    Optional<CheckpointFinder.CompletedCheckpoint> restore =
        CheckpointFinder.latest(new Path(options.checkpoints()));

    DemoReplay replay =
        DemoReplay.start(
            options.replayStateFile(),
            options.replayPort(),
            options.speed(),
            options.stations(),
            options.start(),
            options.seed());
    MiniCluster cluster = null;
    try {
      MedallionConfig job =
          MedallionConfig.builder()
              .stations(options.stations())
              .feedBaseUrl(replay.dataRoot().toString())
              .period(PeriodMode.NOW)
              .pollInterval(options.pollInterval())
              .metaPollInterval(Duration.ofSeconds(30))
              .lakePath(options.lakeRoot())
              .checkpointPath(options.checkpoints())
              .checkpointInterval(options.checkpointInterval())
              .parallelism(options.parallelism())
              // rows show as soon as a checkpoint commits them: no compaction window to wait for
              .compaction(false, MemorySize.parse("64 mb"), 10)
              .rsKeys(rsKeys(flink))
              .build();

      Configuration clusterConf = new Configuration(flink);
      clusterConf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      clusterConf.set(RestOptions.ADDRESS, "127.0.0.1");
      clusterConf.set(RestOptions.BIND_PORT, Integer.toString(options.webPort()));
      clusterConf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.parallelism());
      cluster =
          new MiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(clusterConf)
                  .setNumTaskManagers(1)
                  .setNumSlotsPerTaskManager(options.parallelism())
                  .build());
      cluster.start();

      Configuration jobConf = new Configuration(job.flinkConfiguration());
      jobConf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
      jobConf.set(
          CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      StreamExecutionEnvironment env = new StreamExecutionEnvironment(jobConf);
      MedallionPipeline.build(env, job); // bronze, silver and gold
      StreamGraph graph = env.getStreamGraph();
      graph.setJobName("medallion demo");
      JobGraph jobGraph = graph.getJobGraph();
      restore.ifPresent(
          chk ->
              jobGraph.setSavepointRestoreSettings(
                  SavepointRestoreSettings.forPath(
                      chk.restorePath(), false, RecoveryClaimMode.CLAIM)));
      JobID jobId = cluster.submitJob(jobGraph).get().getJobID();
      URI webUi = cluster.getRestAddress().get();

      MedallionDemo demo =
          new MedallionDemo(options, out, replay, cluster, jobId, webUi, restore, otel);
      demo.banner(dataDir);
      long every = options.printInterval().toMillis();
      demo.printing.scheduleWithFixedDelay(
          demo::printIfChanged, every, every, TimeUnit.MILLISECONDS);
      return demo;
    } catch (Exception | Error e) {
      if (cluster != null) {
        cluster.close();
      }
      replay.close();
      throw e;
    }
  }

  private static java.util.Map<String, String> rsKeys(Configuration flink) {
    java.util.Map<String, String> keys = new java.util.TreeMap<>();
    flink
        .toMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith("rs.")) {
                keys.put(k, v);
              }
            });
    return keys;
  }

  private void banner(java.nio.file.Path dataDir) {
    out.println("Medallion demo");
    out.println("  Flink web UI     " + webUi);
    out.println("  replay feed      " + replay.dataRoot() + " at " + fmtSpeed(options.speed()));
    out.println(
        "  simulated time   "
            + MINUTES.format(replay.now())
            + " UTC"
            + replay.resumedAt().map(t -> " (continued)").orElse(" (first run)"));
    out.println(
        "  lake             "
            + options.lakeRoot()
            + (options.lake() == null ? " = " + dataDir.resolve("lake") : ""));
    out.println(
        "  restored from    "
            + restoredFrom
                .map(CheckpointFinder.CompletedCheckpoint::restorePath)
                .orElse("nothing (fresh start)"));
    out.println("  stations         " + String.join(", ", options.stations()));
    out.println(
        "  OpenTelemetry    "
            + (otel.enabled()
                ? "traces "
                    + options.otel().getOrDefault("otel.traces.exporter", "(environment)")
                    + ", metrics "
                    + options.otel().getOrDefault("otel.metrics.exporter", "(environment)")
                : "off (--otel-exporter console|otlp)"));
    out.println(
        "Gold rows appear after each checkpoint (every "
            + options.checkpointInterval().toSeconds()
            + " s). Ctrl-C stops; the next run resumes.");
    out.flush();
  }

  private static String fmtSpeed(double speed) {
    return String.format(
        Locale.ROOT, "%.0fx (%.1f simulated minutes per second)", speed, speed / 60);
  }

  private void printIfChanged() {
    printCacheStatsOnce();
    try {
      Optional<String> table = printer.pollChanges();
      if (table.isPresent()) {
        out.println();
        out.println("=== simulated time " + MINUTES.format(replay.now()) + " UTC ===");
        out.print(table.get());
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      out.println("(reading gold failed: " + e.getMessage() + ")");
    }
  }

  /** After the first committed bronze file, prints the source's HTTP cache counters once. */
  private void printCacheStatsOnce() {
    if (cacheStatsPrinted) {
      return;
    }
    try {
      if (hasCommittedFile(new Path(options.lakeRoot() + "bronze/rows"), 3)) {
        cacheStatsPrinted = true;
        out.println();
        out.println(cacheStatsLine(HttpFeedStores.cacheStats()));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // not there yet: try again on the next tick
    }
  }

  /** The line printed after the first bronze ingest. */
  static String cacheStatsLine(CacheStats stats) {
    return String.format(
        Locale.ROOT,
        "cache stats after bronze ingest: %d hits, %d misses (hit rate %.0f%%), %d entries, %d"
            + " bytes; conditional GETs of station files always go to the feed",
        stats.hits(),
        stats.misses(),
        stats.hitRate() * 100,
        stats.entries(),
        stats.bytes());
  }

  private static boolean hasCommittedFile(Path dir, int depth) throws IOException {
    FileSystem fs = dir.getFileSystem();
    if (!fs.exists(dir)) {
      return false;
    }
    FileStatus[] statuses = fs.listStatus(dir);
    if (statuses == null) {
      return false;
    }
    for (FileStatus status : statuses) {
      String name = status.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      if (!status.isDir() || (depth > 0 && hasCommittedFile(status.getPath(), depth - 1))) {
        return true;
      }
    }
    return false;
  }

  /** The Flink web UI (REST) address. */
  public URI webUi() {
    return webUi;
  }

  /** The submitted job. */
  public JobID jobId() {
    return jobId;
  }

  /** The checkpoint this run restored, empty for a fresh start. */
  public Optional<CheckpointFinder.CompletedCheckpoint> restoredFrom() {
    return restoredFrom;
  }

  /** The replay of this run. */
  public DemoReplay replay() {
    return replay;
  }

  /** The MiniCluster of this run. */
  public MiniCluster cluster() {
    return cluster;
  }

  /** Waits until the job ends (cancelled by {@link #close()}, or failed) and returns its status. */
  public JobStatus awaitTermination() throws InterruptedException, ExecutionException {
    try {
      return cluster.requestJobResult(jobId).get().getJobStatus().orElse(JobStatus.FAILED);
    } catch (ExecutionException e) {
      // the cluster was shut down by close()
      stopped.await();
      return JobStatus.CANCELED;
    }
  }

  /**
   * Stops the demo cleanly: takes a last checkpoint (so the lake holds everything ingested so far),
   * cancels the job (its checkpoints are retained), stops the MiniCluster and saves the replay's
   * clock.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    printing.shutdownNow();
    out.println();
    out.println("Stopping: last checkpoint, then cancel (checkpoints are kept) ...");
    try {
      try {
        String chk =
            cluster
                .triggerCheckpoint(jobId)
                .get(LAST_CHECKPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        out.println("Last checkpoint: " + chk);
      } catch (ExecutionException | TimeoutException e) {
        out.println(
            "No last checkpoint ("
                + rootMessage(e)
                + "); the next run resumes from the previous one");
      }
      try {
        cluster.cancelJob(jobId).get(30, TimeUnit.SECONDS);
        cluster.requestJobResult(jobId).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        out.println("Cancelling the job: " + rootMessage(e));
      }
      cluster.close();
    } finally {
      otel.close();
      replay.close();
      out.println("Stopped at simulated time " + MINUTES.format(replay.now()) + " UTC.");
      out.flush();
      stopped.countDown();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      out.println("Stopping failed: " + e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
