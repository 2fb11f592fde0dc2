package org.remotestore.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.silver.SilverRecord;

/**
 * Whole Flink jobs on one shared MiniCluster, with the file system under test installed globally
 * ({@code FileSystem.initialize} with a plugin manager over that contender's plugin folder, as a
 * cluster process does at start) before each run: a checkpointed FileSink run, and the duration of
 * one checkpoint of a job holding a few hundred MiB of keyed state.
 */
final class JobBench {
  static final int PARALLELISM = 2;

  private JobBench() {}

  /** A file system under test: its configuration, plugin manager and output base path. */
  record Contender(String name, Configuration conf, PluginManager plugins, String base) {
    /**
     * Installs this file system globally, as a cluster process does at start. With a plugin
     * manager, checks that {@code base} is served from the plugin: the bench's class path holds
     * {@code flink-rs-filesystem} too, and Flink picks between factories of one scheme by load
     * order.
     */
    void install() throws java.io.IOException {
      FileSystem.initialize(conf, plugins);
      if (plugins != null) {
        FileSystem fs = new Path(base).getFileSystem();
        Workloads.check(
            fs.getClass().getName().equals(PLUGIN_WRAPPER),
            name + ": " + base + " is served by " + fs.getClass().getName() + ", not the plugin");
      }
    }

    /**
     * {@code rs://lake/} on the local backend (default settings) with its root in {@code root},
     * from our plugin jar.
     */
    static Contender rsLocalLake(BenchContext ctx, java.nio.file.Path root) {
      Configuration conf = new Configuration();
      conf.setString("rs.backends.disk.type", "local");
      conf.setString("rs.backends.disk.root", root.toString());
      conf.setString("rs.stores.lake.backend", "disk");
      return new Contender(
          "rs-local", conf, PluginFileSystems.managerFor(ctx.rsPlugin(), conf), "rs://lake/");
    }

    /** Flink's {@code file://} in {@code root}. */
    static Contender flinkFile(java.nio.file.Path root) {
      String uri = root.toUri().toString();
      return new Contender(
          "flink-file", new Configuration(), null, uri.endsWith("/") ? uri : uri + "/");
    }
  }

  /** How Flink wraps a file system loaded from a plugin. */
  private static final String PLUGIN_WRAPPER =
      "org.apache.flink.core.fs.PluginFileSystemFactory$ClassLoaderFixingFileSystem";

  /**
   * Runs a bounded job of {@code rows} text rows into a row-format FileSink under {@code
   * base/<dir>}, checkpointing every second, rolling on every checkpoint; returns the seconds from
   * submission to the job's end (all parts committed). Checks the committed bytes.
   */
  static double fileSinkRun(Contender c, String dir, long rows) throws Exception {
    c.install();
    Configuration conf = new Configuration(c.conf());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failing peer fails the run
    StreamExecutionEnvironment env = RsMiniCluster.environment(conf, PARALLELISM);
    DataGeneratorSource<String> source =
        new DataGeneratorSource<>(JobBench::row, rows, Types.STRING);
    Path output = new Path(c.base() + dir);
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
        .sinkTo(
            FileSink.forRowFormat(output, new SimpleStringEncoder<String>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build());
    double seconds = Interleaved.time(() -> env.execute("bench-file-sink-" + c.name()));
    long expected = 0;
    for (long i = 0; i < rows; i++) {
      expected += row(i).length() + 1;
    }
    long committed = visibleBytes(output.getFileSystem(), output);
    Workloads.check(
        committed == expected,
        c.name() + ": committed " + committed + " bytes, expected " + expected + " in " + output);
    return seconds;
  }

  /**
   * Runs a bounded job of {@code rows} silver rows ({@link SilverRecord}: 20 stations, 8
   * parameters, 10-minute timestamps) into the silver Parquet sink ({@code SilverRecord.sink}:
   * partitioned by station and day, rolling on checkpoints, {@code _SUCCESS} markers) under {@code
   * base/<dir>}, checkpointing every second; returns the seconds from submission to the end.
   */
  static double silverSinkRun(Contender c, String dir, long rows) throws Exception {
    c.install();
    Configuration conf = new Configuration(c.conf());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = RsMiniCluster.environment(conf, PARALLELISM);
    Path output = new Path(c.base() + dir);
    env.fromSource(
            new DataGeneratorSource<>(
                JobBench::silver, rows, TypeInformation.of(SilverRecord.class)),
            WatermarkStrategy.<SilverRecord>forMonotonousTimestamps()
                .withTimestampAssigner((r, t) -> r.referenceTimestamp().toEpochMilli()),
            "silver-rows")
        .sinkTo(SilverRecord.sink(output))
        .uid("silver");
    double seconds = Interleaved.time(() -> env.execute("bench-silver-sink-" + c.name()));
    Workloads.check(
        visibleBytes(output.getFileSystem(), output) > 0, c.name() + ": no Parquet output");
    return seconds;
  }

  private static final String[] PARAMETERS = {
    "tre200s0", "rre150z0", "sre000z0", "fu3010z1", "ure200s0", "prestas0", "dkl010z0", "tde200s0"
  };

  static SilverRecord silver(long n) {
    int station = (int) (n % 20);
    int parameter = (int) ((n / 20) % PARAMETERS.length);
    Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(600 * (n / 160));
    return new SilverRecord(
        "S" + (char) ('A' + station) + "X",
        "Station " + station,
        "BE",
        500.0 + station * 50,
        46.5 + station * 0.01,
        7.4 + station * 0.01,
        at,
        PARAMETERS[parameter],
        "parameter " + PARAMETERS[parameter],
        "unit",
        (n % 1000) / 10.0,
        "t",
        0,
        at.plusSeconds(90));
  }

  static String row(long n) {
    return String.format(
        "%010d,station-%03d,2026-11-21T10:%02d:00Z,%08.3f,payload-payload-payload-payload-payload",
        n, n % 200, n % 60, n * 0.001);
  }

  static long visibleBytes(FileSystem fs, Path dir) throws Exception {
    long total = 0;
    FileStatus[] listed = fs.listStatus(dir);
    if (listed == null) {
      return 0;
    }
    for (FileStatus s : listed) {
      String name = s.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      total += s.isDir() ? visibleBytes(fs, s.getPath()) : s.getLen();
    }
    return total;
  }

  /**
   * Starts a job that fills {@code keys} keys of keyed state with {@code valueBytes} each (heap
   * state backend, checkpoints to {@code base/<dir>}), waits until all are in, triggers one
   * checkpoint and returns its duration in seconds, then cancels the job.
   */
  static double checkpointDuration(Contender c, String dir, int keys, int valueBytes)
      throws Exception {
    c.install();
    Configuration conf = new Configuration(c.conf());
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.base() + dir);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(2));
    // Only the checkpoint triggered below may run. With the default pause of 0 Flink schedules the
    // first periodic checkpoint at once when the job starts (its initial delay is drawn between
    // min-pause and twice min-pause), and the measured trigger then queued behind it: the time
    // included the rest of that earlier checkpoint, however far the fill had got.
    conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofHours(1));
    conf.set(CheckpointingOptions.FILE_MERGING_ENABLED, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = RsMiniCluster.environment(conf, PARALLELISM);
    String run = c.name() + "-" + System.nanoTime();
    FillState.FILLED.set(0);
    // one source that never finishes (a finished task could miss the checkpoint request): the
    // first `keys` records fill the state, then one record every 20 ms keeps the job running
    int total = keys;
    DataStream<Long> records =
        env.fromSource(
            new DataGeneratorSource<>(
                n -> {
                  if (n >= total) {
                    Thread.sleep(20);
                  }
                  return n % total;
                },
                Long.MAX_VALUE,
                Types.LONG),
            WatermarkStrategy.noWatermarks(),
            "fill-then-trickle");
    records.keyBy(k -> k).process(new FillState(valueBytes)).name("state");
    JobClient job = env.executeAsync("bench-checkpoint-" + run);
    JobID id = job.getJobID();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (FillState.FILLED.get() < keys) {
        Workloads.check(System.nanoTime() < deadline, "state not filled in time: " + run);
        Thread.sleep(50);
      }
      List<String> path = new ArrayList<>();
      double seconds =
          Interleaved.time(
              () -> path.add(RsMiniCluster.get().triggerCheckpoint(id).get(10, TimeUnit.MINUTES)));
      Workloads.check(path.get(0) != null, "no checkpoint path for " + run);
      return seconds;
    } finally {
      job.cancel().get(1, TimeUnit.MINUTES);
      try {
        job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
      } catch (Exception expected) {
        // cancelled
      }
    }
  }

  /** Keeps a {@code valueBytes} array per key; counts first-time keys in a JVM-wide counter. */
  static final class FillState extends KeyedProcessFunction<Long, Long, Long> {
    static final AtomicLong FILLED = new AtomicLong();
    private final int valueBytes;
    private transient ValueState<byte[]> value;

    FillState(int valueBytes) {
      this.valueBytes = valueBytes;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
      value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", byte[].class));
    }

    @Override
    public void processElement(Long key, Context ctx, Collector<Long> out) throws Exception {
      if (value.value() == null) {
        byte[] bytes = new byte[valueBytes];
        long x = key * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < bytes.length; i++) {
          x ^= x << 13;
          x ^= x >>> 7;
          x ^= x << 17;
          bytes[i] = (byte) x;
        }
        value.update(bytes);
        FILLED.incrementAndGet();
      }
    }
  }
}
