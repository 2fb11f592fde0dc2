package org.remotestore.medallion.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;

class DemoReplayTest {
  static final Instant START = Instant.parse("2026-07-14T20:00:00Z");

  @TempDir Path dir;

  @Test
  void theClockContinuesAcrossRestartsWithTheSameFeed() throws Exception {
    Path state = dir.resolve("replay-clock.properties");
    Instant stoppedAt;
    List<MeasurementRow> firstRun;
    try (DemoReplay replay = DemoReplay.start(state, 0, 36_000, List.of("BER"), START, 7)) {
      assertThat(replay.resumedAt()).isEmpty();
      waitUntil(() -> replay.now().isAfter(START.plus(Duration.ofHours(1))));
      firstRun = truth(replay);
      assertThat(fetch(replay.dataRoot().resolve("ber/ogd-smn_ber_t_now.csv"))).isEqualTo(200);
      Instant beforeClose = replay.now();
      replay.close();
      stoppedAt = ReplayClockState.load(state).orElseThrow().simulatedNow();
      assertThat(stoppedAt).isAfterOrEqualTo(beforeClose);
    }
    assertThat(Files.readString(state)).contains("seed=7").contains("stations=BER");

    // a later start with other defaults continues the saved clock, seed and history
    try (DemoReplay again =
        DemoReplay.start(
            state, 0, 36_000, List.of("BER"), Instant.parse("2030-01-01T00:00:00Z"), 1)) {
      assertThat(again.resumedAt()).contains(stoppedAt);
      assertThat(again.now())
          .isAfterOrEqualTo(stoppedAt)
          .isBefore(stoppedAt.plus(Duration.ofDays(1)));
      assertThat(again.initialState().seed()).isEqualTo(7);
      // the rows published before the stop are the same rows, values and all
      List<MeasurementRow> secondRun = truth(again);
      assertThat(secondRun.subList(0, firstRun.size())).isEqualTo(firstRun);
    }
  }

  @Test
  void otherStationsThanSavedAreRefusedNamingTheOption() throws Exception {
    Path state = dir.resolve("replay-clock.properties");
    new ReplayClockState(START, 42, START.minus(Duration.ofDays(2)), List.of("BER", "KLO"))
        .save(state);
    // the same stations in another order are fine
    try (DemoReplay same = DemoReplay.start(state, 0, 600, List.of("KLO", "BER"), START, 42)) {
      assertThat(same.resumedAt()).contains(START);
    }
    assertThatThrownBy(() -> DemoReplay.start(state, 0, 600, List.of("BER"), START, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--stations BER differs from the stations BER,KLO")
        .hasMessageContaining("another --data-dir");
  }

  @Test
  void aDamagedClockFileNamesFileAndKey() throws Exception {
    Path state = dir.resolve("replay-clock.properties");
    Files.writeString(state, "seed=1\nhistory-start=2026-07-12T00:00:00Z\nstations=BER\n");
    assertThatThrownBy(() -> ReplayClockState.load(state))
        .hasMessageContaining(state.toString())
        .hasMessageContaining("simulated-now");
  }

  private static List<MeasurementRow> truth(DemoReplay replay) {
    return replay
        .server()
        .feed()
        .publishedRows(
            "BER", Granularity.T, START.minus(Duration.ofHours(6)), START.plusSeconds(3600));
  }

  private static int fetch(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(20);
    }
  }
}
