package org.remotestore.medallion.backfill;

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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.source.PeriodMode;

/**
 * The bounded backfill of {@link BoundedBackfillMemoryIT}, run in a child JVM whose heap bounds the
 * whole local MiniCluster (JobManager and TaskManager share it). Prints {@code result key=value}
 * lines: seconds, the heap used after garbage collection at its highest (old generation), and the
 * process's peak resident set size.
 *
 * <p>Arguments: feed base URL, lake path ({@code file:///...}), stations (comma list), parallelism,
 * checkpoint interval in milliseconds.
 */
public final class BackfillJobMain {
  private BackfillJobMain() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String lake = args[1];
    List<String> stations = List.of(args[2].split(","));
    int parallelism = Integer.parseInt(args[3]);
    Duration checkpoints = Duration.ofMillis(Long.parseLong(args[4]));

    MedallionConfig cfg =
        MedallionConfig.builder()
            .stations(stations)
            .feedBaseUrl(baseUrl)
            .period(PeriodMode.BACKFILL)
            .bounded(true)
            .checkpointInterval(checkpoints)
            .lakePath(lake)
            .parallelism(parallelism)
            .gold(GoldConfig.builder().statsRefreshInterval(Duration.ofDays(1)).build())
            .build();
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
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
        () -> peakAfterGc.accumulateAndGet(usedAfterGc(), Math::max),
        0,
        200,
        TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    env.execute("bounded-backfill-memory");
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.shutdownNow();
    peakAfterGc.accumulateAndGet(usedAfterGc(), Math::max);
    System.out.println("result seconds=" + seconds);
    System.out.println("result heap_after_gc_peak_mib=" + peakAfterGc.get() / (1024 * 1024));
    System.out.println("result heap_max_mib=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.println("result vmhwm_kib=" + vmHwmKib());
    System.exit(0);
  }

  /** Heap in use right after the last collection, summed over the heap pools that report it. */
  private static long usedAfterGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  private static long vmHwmKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
