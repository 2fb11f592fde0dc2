package org.remotestore.medallion.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * A bounded backfill of {@value #STATIONS} replay stations through the whole medallion job (bronze,
 * silver, gold) on a local MiniCluster in a child JVM with {@code -Xmx512m}: the JobManager and the
 * TaskManager share that heap, so the TaskManager's is below 512 MiB. Every published value must be
 * in silver exactly once and gold's latest {@code daily_summary} of every station and day must
 * equal a computation straight from the replay's rows.
 *
 * <p>The stretch is {@code backfill.days} days from 1 January (default {@value #DEFAULT_DAYS},
 * which fits the CI's time; {@code -Dbackfill.days=365} replays the year). Even the default holds
 * far more than 512 MiB of state when the stations are read one after the other (the job before
 * event-time alignment needed a 12 GiB heap for the year of 20 stations).
 */
class BoundedBackfillMemoryIT {
  static final int STATIONS = 50;
  static final int DEFAULT_DAYS = 20;
  private static final String HEAP = "-Xmx512m";
  private static final Instant JANUARY_1 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path work;

  @Test
  void backfillsFiftyStationsInA512MibHeap() throws Exception {
    Path inventory = inventory();
    byte[] inventoryBytes = Files.readAllBytes(inventory);
    List<String> codes = firstStations(inventoryBytes, STATIONS);
    int days = Integer.getInteger("backfill.days", DEFAULT_DAYS);
    Instant clock = JANUARY_1.plus(days, ChronoUnit.DAYS).plus(Duration.ofMinutes(5));

    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .stationsFixture(inventoryBytes)
            .stations(codes.toArray(String[]::new))
            .start(clock)
            .speed(0)
            .historyStart(JANUARY_1)
            .incompleteNewestRow(false)
            .build()
            .start()) {
      GroundTruth.Expected expected =
          GroundTruth.Expected.of(replay, codes, JANUARY_1, clock.plusSeconds(1));
      Path lake = work.resolve("lake");
      Map<String, String> result = runChild(replay, codes, lake);
      double seconds = Double.parseDouble(result.get("seconds"));
      System.out.printf(
          Locale.ROOT,
          "backfill %d days x %d stations: %d feed rows, %d values in %.1f s (%.0f rows/s), heap"
              + " after GC at most %s MiB of %s MiB, peak RSS %d MiB%n",
          days,
          codes.size(),
          expected.rows,
          expected.values,
          seconds,
          expected.rows / seconds,
          result.get("heap_after_gc_peak_mib"),
          result.get("heap_max_mib"),
          Long.parseLong(result.get("vmhwm_kib")) / 1024);
      assertThat(Long.parseLong(result.get("heap_max_mib"))).isLessThanOrEqualTo(512);

      GroundTruth.Silver silver = GroundTruth.Silver.read(lake.resolve("silver"));
      assertThat(silver.revisions).as("silver values that are not revision 0").isZero();
      assertThat(silver.values).as("silver values").isEqualTo(expected.values);
      assertThat(silver.hashSum).as("silver content (order-free hash)").isEqualTo(expected.hashSum);

      Map<String, Map<String, Object>> gold =
          GroundTruth.latestDailySummaries(lake.resolve("gold"));
      assertThat(gold.keySet()).isEqualTo(expected.days.keySet());
      for (Map.Entry<String, GroundTruth.Day> e : expected.days.entrySet()) {
        e.getValue().check(e.getKey(), gold.get(e.getKey()));
      }
    }
  }

  private Map<String, String> runChild(MeteoSwissReplayServer replay, List<String> codes, Path lake)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.add("-XX:+UseG1GC");
    for (String pkg :
        List.of(
            "java.util",
            "java.lang",
            "java.net",
            "java.io",
            "java.nio",
            "sun.nio.ch",
            "java.lang.reflect",
            "java.text",
            "java.time",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "java.util.concurrent.locks")) {
      command.add("--add-opens");
      command.add("java.base/" + pkg + "=ALL-UNNAMED");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BackfillJobMain.class.getName());
    command.add(replay.dataRoot().toString());
    command.add(lake.toUri().toString());
    command.add(String.join(",", codes));
    command.add("2");
    command.add("2000");
    Path log = work.resolve("child.log");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      boolean done = child.waitFor(40, TimeUnit.MINUTES);
      assertThat(done).as("the backfill ended within 40 minutes; log: %s", tail(log)).isTrue();
      assertThat(child.exitValue()).as("child exit code; log: %s", tail(log)).isZero();
    } finally {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    Map<String, String> result = new HashMap<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("result ")) {
        String[] kv = line.substring("result ".length()).split("=", 2);
        result.put(kv[0], kv[1]);
      }
    }
    assertThat(result).as("results in %s", tail(log)).containsKeys("seconds", "vmhwm_kib");
    return result;
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static Path inventory() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/data/meteoswiss/ogd-smn_meta_stations.csv");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    assumeTrue(false, "shared/data/meteoswiss/ogd-smn_meta_stations.csv not found; skipping");
    return null;
  }

  private static List<String> firstStations(byte[] inventory, int count) {
    Set<String> codes = new LinkedHashSet<>();
    String[] lines = new String(inventory, Charset.forName("windows-1252")).split("\r?\n");
    for (int i = 1; i < lines.length && codes.size() < count; i++) {
      String code = lines[i].split(";", 2)[0].trim().toUpperCase(Locale.ROOT);
      if (!code.isEmpty()) {
        codes.add(code);
      }
    }
    assertThat(codes).as("stations in the inventory").hasSize(count);
    return new ArrayList<>(codes);
  }
}
