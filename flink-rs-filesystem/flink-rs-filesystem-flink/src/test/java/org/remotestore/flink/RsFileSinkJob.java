package org.remotestore.flink;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.DefaultRollingPolicy;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * A small exactly-once FileSink job writing to an {@code rs://} path, reusable for every backend:
 * numbers {@code 0..n-1} from a checkpointed generator, optionally a failure injected once right
 * after a checkpoint completed, and a FileSink (rows or Parquet) bucketing by {@code n % 3}. After
 * the run, {@link #readBack} reads what readers would see.
 */
public final class RsFileSinkJob {
  /** The output format. */
  public enum Format {
    /**
     * Text lines through a row-format FileSink (in-progress files are resumed across checkpoints).
     */
    ROW,
    /** Parquet through a bulk-format FileSink (a part file per checkpoint). */
    PARQUET
  }

  /** The parallelism of every operator. */
  public static final int PARALLELISM = 2;

  private static final Map<String, AtomicBoolean> CHECKPOINTED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> COMPLETED_CHECKPOINTS = new ConcurrentHashMap<>();

  private final Configuration rsConfiguration;
  private final String output;
  private final Format format;
  private final long records;
  private final boolean injectFailure;
  private final String id = UUID.randomUUID().toString();

  /**
   * Describes a run.
   *
   * @param rsConfiguration the {@code rs.} keys defining the store of {@code output}
   * @param output the output folder, {@code rs://<store>/<path>}
   * @param format row or Parquet
   * @param records how many numbers to write
   * @param injectFailure whether to fail once right after the first completed checkpoint
   */
  public RsFileSinkJob(
      Configuration rsConfiguration,
      String output,
      Format format,
      long records,
      boolean injectFailure) {
    this.rsConfiguration = rsConfiguration;
    this.output = output;
    this.format = format;
    this.records = records;
    this.injectFailure = injectFailure;
    CHECKPOINTED.put(id, new AtomicBoolean());
    FAILED.put(id, new AtomicBoolean());
    COMPLETED_CHECKPOINTS.put(id, new AtomicLong());
  }

  /** Whether the injected failure happened. */
  public boolean failureInjected() {
    return FAILED.get(id).get();
  }

  /** The number of checkpoints the job's operators saw complete. */
  public long completedCheckpoints() {
    return COMPLETED_CHECKPOINTS.get(id).get();
  }

  /** The job configuration: checkpoints every 100 ms, fixed-delay restarts, the rs keys. */
  public Configuration jobConfiguration() {
    Configuration conf = new Configuration(rsConfiguration);
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
    // No new checkpoint starts in the moment between a completed checkpoint and the injected
    // failure, so every in-progress file of the failed attempt is either restored or discarded.
    conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofMillis(300));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    conf.set(CoreOptions.DEFAULT_PARALLELISM, PARALLELISM);
    return conf;
  }

  /** Builds the pipeline on {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(
            n -> n, records, RateLimiterStrategy.perSecond(records / 3.0), Types.LONG);
    var numbers =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .map(new FailOnceAfterCheckpoint(id, injectFailure))
            .uid("fail-once")
            .name("fail-once");
    if (format == Format.ROW) {
      numbers
          .sinkTo(
              FileSink.forRowFormat(new Path(output), new SimpleStringEncoder<Long>())
                  .withBucketAssigner(new ModuloBuckets())
                  .withRollingPolicy(
                      DefaultRollingPolicy.builder()
                          .withMaxPartSize(new MemorySize(2048))
                          .withRolloverInterval(Duration.ofMinutes(10))
                          .withInactivityInterval(Duration.ofMinutes(10))
                          .build())
                  .build())
          .uid("sink");
    } else {
      numbers
          .sinkTo(
              FileSink.forBulkFormat(
                      new Path(output), new ParquetWriterFactory<>(new LongParquet()))
                  .withBucketAssigner(new ModuloBuckets())
                  .build())
          .uid("sink");
    }
  }

  /** Initialises the rs:// file system and runs the job to its end on the shared MiniCluster. */
  public void run() throws Exception {
    Configuration conf = jobConfiguration();
    RsFileSystems.initialize(conf);
    StreamExecutionEnvironment env = RsMiniCluster.environment(conf, PARALLELISM);
    build(env);
    env.execute("rs-file-sink-" + format);
  }

  /** What a reader of the output sees, and what else is left in the output folder. */
  public record Output(List<Long> values, List<String> visibleFiles, List<String> hiddenFiles) {

    /**
     * Hidden files that are not the in-progress file of a part that was never published. Such
     * orphans can only come from a checkpoint that started (closing or persisting the part) but
     * never completed before the failure; their data was replayed into other parts. Anything else
     * hidden (an in-progress file of a published part, a stray file) is reported.
     */
    public List<String> unexpectedHiddenFiles() {
      List<String> unexpected = new ArrayList<>();
      for (String hidden : hiddenFiles) {
        int slash = hidden.lastIndexOf('/');
        String name = hidden.substring(slash + 1);
        int marker = name.indexOf(".inprogress.");
        if (!name.startsWith(".") || marker < 0) {
          unexpected.add(hidden);
          continue;
        }
        String target = hidden.substring(0, slash + 1) + name.substring(1, marker);
        if (visibleFiles.contains(target)) {
          unexpected.add(hidden);
        }
      }
      return unexpected;
    }
  }

  /** Reads every visible file (not starting with {@code .} or {@code _}) below the output. */
  public Output readBack() throws IOException {
    FileSystem fs = FileSystem.get(URI.create(output));
    List<Long> values = new ArrayList<>();
    List<String> visible = new ArrayList<>();
    List<String> hidden = new ArrayList<>();
    List<Path> pending = new ArrayList<>(List.of(new Path(output)));
    while (!pending.isEmpty()) {
      Path dir = pending.remove(pending.size() - 1);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (status.isDir()) {
          pending.add(status.getPath());
        } else if (name.startsWith(".") || name.startsWith("_")) {
          hidden.add(status.getPath().toString());
        } else {
          visible.add(status.getPath().toString());
          byte[] bytes = readAll(fs, status.getPath());
          if (format == Format.ROW) {
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
              if (!line.isEmpty()) {
                values.add(Long.parseLong(line));
              }
            }
          } else {
            values.addAll(readParquet(bytes));
          }
        }
      }
    }
    values.sort(null);
    return new Output(values, visible, hidden);
  }

  private static byte[] readAll(FileSystem fs, Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return ((InputStream) in).readAllBytes();
    }
  }

  private static List<Long> readParquet(byte[] bytes) throws IOException {
    java.nio.file.Path tmp = Files.createTempFile("rs-parquet-", ".parquet");
    try {
      Files.write(tmp, bytes);
      List<Long> out = new ArrayList<>();
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(tmp))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        PageReadStore rowGroup;
        while ((rowGroup = reader.readNextRowGroup()) != null) {
          RecordReader<Group> records =
              new ColumnIOFactory()
                  .getColumnIO(schema)
                  .getRecordReader(rowGroup, new GroupRecordConverter(schema));
          for (long i = 0; i < rowGroup.getRowCount(); i++) {
            out.add(records.read().getLong("value", 0));
          }
        }
      }
      return out;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Passes numbers through; throws once, right after the first completed checkpoint. */
  static final class FailOnceAfterCheckpoint extends RichMapFunction<Long, Long>
      implements CheckpointListener {
    private final String id;
    private final boolean inject;

    FailOnceAfterCheckpoint(String id, boolean inject) {
      this.id = id;
      this.inject = inject;
    }

    @Override
    public Long map(Long value) {
      if (inject && CHECKPOINTED.get(id).get() && FAILED.get(id).compareAndSet(false, true)) {
        throw new IllegalStateException("Injected failure after a completed checkpoint");
      }
      return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      COMPLETED_CHECKPOINTS.get(id).incrementAndGet();
      CHECKPOINTED.get(id).set(true);
    }
  }

  /** Buckets {@code n} into {@code mod=<n % 3>}. */
  static final class ModuloBuckets implements BucketAssigner<Long, String> {
    @Override
    public String getBucketId(Long element, Context context) {
      return "mod=" + (element % 3);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }
}
