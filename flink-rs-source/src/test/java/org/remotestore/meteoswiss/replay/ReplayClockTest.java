package org.remotestore.meteoswiss.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplayClockTest {

  private static final Instant START = Instant.parse("2026-06-15T12:00:00Z");

  @Test
  void advancesAtTheChosenSpeed() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    ReplayClock clock = new ReplayClock(START, 600, nanos::get);
    assertThat(clock.now()).isEqualTo(START);
    nanos.addAndGet(1_000_000_000L); // one real second
    assertThat(clock.now()).isEqualTo(START.plus(Duration.ofMinutes(10)));
    clock.advance(Duration.ofHours(1));
    assertThat(clock.now()).isEqualTo(START.plus(Duration.ofMinutes(70)));
  }

  @Test
  void manualClockMovesOnlyWhenStepped() {
    AtomicLong nanos = new AtomicLong();
    ReplayClock clock = new ReplayClock(START, 0, nanos::get);
    nanos.addAndGet(3_600_000_000_000L);
    assertThat(clock.now()).isEqualTo(START);
    assertThat(clock.advance(Duration.ofMinutes(10))).isEqualTo(START.plusSeconds(600));
    assertThat(ReplayClock.manual(START).now()).isEqualTo(START);
  }

  @Test
  void neverGoesBackwards() {
    ReplayClock clock = ReplayClock.manual(START);
    assertThatThrownBy(() -> clock.advance(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backwards");
    assertThatThrownBy(() -> new ReplayClock(START, -1)).hasMessageContaining("speed");
  }
}
