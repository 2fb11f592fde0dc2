package org.remotestore.medallion.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.ReplayFeed;

/**
 * The demo started in-process (ephemeral ports, a temporary data directory) until gold rows are
 * printed, stopped the way Ctrl-C stops it, and started again: the second run restores the last
 * checkpoint, the replay's clock continues, and silver holds every value of the feed exactly once.
 */
class MedallionDemoTest {
  private static final List<String> STATIONS = List.of("BER", "LUG");

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void stopsAndResumesFromTheLastCheckpointWithoutIngestingTwice() throws Exception {
    DemoOptions options =
        DemoOptions.parse(
            "--data-dir", dir.toString(),
            "--port", "0",
            "--speed", "1800",
            "--stations", String.join(",", STATIONS),
            "--checkpoint-interval", "2s",
            "--poll-interval", "500ms",
            "--parallelism", "1",
            "--print-interval", "1s",
            "--rows", "4");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Path checkpoints = dir.resolve("lake/_checkpoints");

    CheckpointFinder.CompletedCheckpoint lastOfFirstRun;
    try (MedallionDemo first = MedallionDemo.start(options, out)) {
      assertThat(first.restoredFrom()).isEmpty();
      assertThat(first.replay().resumedAt()).isEmpty();
      assertThat(webUiPage(first)).contains("<html");
      waitUntil("a gold row is printed", () -> goldRowPrinted(text(printed)));
      waitUntil(
          "the cache stats are printed",
          () -> text(printed).contains("cache stats after bronze ingest: "));
    }
    String firstOutput = text(printed);
    assertThat(firstOutput)
        .contains("OpenTelemetry    off")
        .containsOnlyOnce("cache stats after bronze ingest: ")
        .contains("Flink web UI     http://127.0.0.1:")
        .contains("restored from    nothing (fresh start)")
        .contains("Stopping: last checkpoint");
    lastOfFirstRun = CheckpointFinder.latest(flinkPath(checkpoints)).orElseThrow();
    Map<String, Instant> newestAfterFirstRun = new TreeMap<>();
    silverRows(dir.resolve("lake/silver"))
        .forEach((station, rows) -> newestAfterFirstRun.put(station, newest(rows)));
    assertThat(newestAfterFirstRun).containsOnlyKeys(STATIONS);
    Instant clockAtStop =
        ReplayClockState.load(options.replayStateFile()).orElseThrow().simulatedNow();

    printed.reset();
    ReplayFeed feed;
    try (MedallionDemo second = MedallionDemo.start(options, out)) {
      feed = second.replay().server().feed();
      CheckpointFinder.CompletedCheckpoint restored = second.restoredFrom().orElseThrow();
      assertThat(restored.jobId()).isEqualTo(lastOfFirstRun.jobId());
      assertThat(restored.id()).isEqualTo(lastOfFirstRun.id());
      assertThat(second.replay().resumedAt()).contains(clockAtStop);
      assertThat(second.replay().now()).isAfterOrEqualTo(clockAtStop);
      // the restored job goes on: a newer checkpoint, and gold printed again
      waitUntil(
          "the restored job completes a checkpoint",
          () -> newestCheckpointId(checkpoints) > lastOfFirstRun.id());
      waitUntil("gold is printed again", () -> goldRowPrinted(text(printed)));
    }
    assertThat(text(printed)).contains("restored from    rs://lake/_checkpoints/");

    // silver: no value twice, and every value of the feed between the first and the last one
    Map<String, List<Map<String, Object>>> silver = silverRows(dir.resolve("lake/silver"));
    assertThat(silver.keySet()).containsExactlyInAnyOrderElementsOf(STATIONS);
    for (String station : STATIONS) {
      List<Map<String, Object>> rows = silver.get(station);
      Set<String> keys = new HashSet<>();
      for (Map<String, Object> row : rows) {
        String key =
            row.get("reference_timestamp") + "/" + row.get("parameter") + "/" + row.get("revision");
        assertThat(keys.add(key)).as("silver row %s of %s once", key, station).isTrue();
      }
      TreeMap<Instant, Double> temperatures = new TreeMap<>();
      for (Map<String, Object> row : rows) {
        if ("tre200s0".equals(row.get("parameter"))) {
          temperatures.put((Instant) row.get("reference_timestamp"), (Double) row.get("value"));
        }
      }
      Instant from = temperatures.firstKey();
      Instant to = temperatures.lastKey();
      assertThat(to)
          .as("silver of %s goes on after the restart", station)
          .isAfter(newestAfterFirstRun.get(station));
      TreeMap<Instant, Double> expected = new TreeMap<>();
      for (MeasurementRow row :
          feed.publishedRows(station, Granularity.T, from, to.plusSeconds(1))) {
        java.util.OptionalDouble value = row.value("tre200s0");
        if (value.isPresent()) {
          expected.put(row.referenceTimestamp(), value.getAsDouble());
        }
      }
      assertThat(temperatures).as("tre200s0 of %s", station).isEqualTo(expected);
    }
  }

  private static Instant newest(List<Map<String, Object>> rows) {
    return rows.stream()
        .map(r -> (Instant) r.get("reference_timestamp"))
        .max(Instant::compareTo)
        .orElseThrow();
  }

  private static boolean goldRowPrinted(String output) {
    // a data row of the daily_summary table: a station code, then a date
    return output.lines().anyMatch(l -> l.matches("(BER|LUG) +\\| \\d{4}-\\d{2}-\\d{2} \\|.*"));
  }

  private static long newestCheckpointId(Path checkpoints) {
    try {
      return CheckpointFinder.latest(flinkPath(checkpoints))
          .map(CheckpointFinder.CompletedCheckpoint::id)
          .orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }

  private static org.apache.flink.core.fs.Path flinkPath(Path p) {
    return new org.apache.flink.core.fs.Path(p.toUri());
  }

  /** Committed silver rows by station (the partition folder {@code station_abbr=<ABBR>}). */
  private static Map<String, List<Map<String, Object>>> silverRows(Path silver) throws IOException {
    Map<String, List<Map<String, Object>>> byStation = new TreeMap<>();
    try (Stream<Path> partitions = Files.list(silver)) {
      for (Path station : partitions.filter(Files::isDirectory).toList()) {
        String abbr = station.getFileName().toString().replace("station_abbr=", "");
        List<Map<String, Object>> rows = byStation.computeIfAbsent(abbr, k -> new ArrayList<>());
        try (Stream<Path> days = Files.list(station)) {
          for (Path day : days.filter(Files::isDirectory).toList()) {
            for (org.apache.flink.core.fs.Path file :
                CommittedParquet.committedFiles(flinkPath(day))) {
              rows.addAll(CommittedParquet.readFile(file));
            }
          }
        }
      }
    }
    return byStation;
  }

  private static String webUiPage(MedallionDemo demo) throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(demo.webUi().resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    return page.body();
  }

  private static String text(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void waitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(200);
    }
  }
}
