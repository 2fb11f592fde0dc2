package org.remotestore.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.source.PeriodMode;

/**
 * The child JVM of the {@link YearBench year} rows: one bounded backfill of the whole medallion job
 * on a local MiniCluster (JobManager and TaskManager in this JVM, so its {@code -Xmx} bounds both),
 * the lake on {@code rs://lake/} (local backend, from our plugin jar). Prints {@code result
 * key=value} lines: {@code seconds} (submission to the job's end), {@code heap_max_mib}, {@code
 * heap_after_gc_peak_mib} (old generation after a collection, at its highest) and {@code vmhwm_kib}
 * (this process's peak resident set size).
 *
 * <p>Arguments: rs plugin folder, lake root folder, feed base URL, stations (comma list),
 * parallelism, checkpoint interval in milliseconds.
 */
public final class YearJobMain {
  private YearJobMain() {}

  /** Runs the backfill and prints its results. */
  public static void main(String[] args) throws Exception {
    Path plugin = Path.of(args[0]);
    Path lakeRoot = Path.of(args[1]);
    String baseUrl = args[2];
    List<String> stations = List.of(args[3].split(","));
    int parallelism = Integer.parseInt(args[4]);
    Duration checkpoints = Duration.ofMillis(Long.parseLong(args[5]));

    Configuration rs = new Configuration();
    rs.setString("rs.backends.disk.type", "local");
    rs.setString("rs.backends.disk.root", lakeRoot.toString());
    rs.setString("rs.stores.lake.backend", "disk");
    JobBench.Contender lake =
        new JobBench.Contender(
            "rs-local", rs, PluginFileSystems.managerFor(plugin, rs), "rs://lake/");
    lake.install();

    MedallionConfig cfg =
        MedallionConfig.builder()
            .stations(stations)
            .feedBaseUrl(baseUrl)
            .period(PeriodMode.BACKFILL)
            .bounded(true)
            .checkpointInterval(checkpoints)
            .lakePath("rs://lake/")
            .parallelism(parallelism)
            // one station_stats row per station and simulated day, as the README advises
            .gold(GoldConfig.builder().statsRefreshInterval(Duration.ofDays(1)).build())
            .build();
    Configuration conf = new Configuration(rs);
    conf.addAll(cfg.flinkConfiguration());
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = RsMiniCluster.environment(conf, parallelism);
    MedallionPipeline.build(env, cfg);

    AtomicLong peakAfterGc = new AtomicLong();
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heap-sampler");
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(
        () -> peakAfterGc.accumulateAndGet(usedAfterGc(), Math::max), 0, 1, TimeUnit.SECONDS);
    double seconds = Interleaved.time(() -> env.execute("bench-year"));
    sampler.shutdownNow();
    peakAfterGc.accumulateAndGet(usedAfterGc(), Math::max);
    System.out.println("result seconds=" + seconds);
    System.out.println("result heap_max_mib=" + (Runtime.getRuntime().maxMemory() >> 20));
    System.out.println("result heap_after_gc_peak_mib=" + (peakAfterGc.get() >> 20));
    System.out.println("result vmhwm_kib=" + vmHwmKib());
    System.exit(0);
  }

  /** Heap in use right after the last collection, summed over the pools that report it. */
  private static long usedAfterGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  /** This process's peak resident set size (VmHWM of /proc/self/status), -1 if unknown. */
  static long vmHwmKib() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
