package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollTimingTest {
  final PollTiming timing =
      new PollTiming(Duration.ofMinutes(10), 0.2, Duration.ofSeconds(5), Duration.ofMinutes(5));

  @Test
  void pollDelayAddsBoundedJitter() {
    Random random = new Random(1);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 1000; i++) {
      long d = timing.nextPollDelayMillis(random);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isGreaterThanOrEqualTo(600_000);
    assertThat(max).isLessThanOrEqualTo(720_000);
    assertThat(max - min).as("jitter spreads polls").isGreaterThan(60_000);
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    Random random = new Random(2);
    for (int failures = 1; failures <= 40; failures++) {
      long expectedCap = Math.min(300_000, 5_000L << Math.min(failures - 1, 20));
      long d = timing.backoffDelayMillis(failures, null, random);
      assertThat(d).isBetween(expectedCap / 2, expectedCap);
    }
  }

  @Test
  void retryAfterIsAFloorEvenAboveTheCap() {
    long d = timing.backoffDelayMillis(1, Duration.ofMinutes(20), new Random(3));
    assertThat(d).isEqualTo(1_200_000);
    assertThat(
            RetryAfter.of(
                new org.remotestore.BackendUnavailable(
                    "answered 429", "meteoswiss", "ber/x.csv", null, Duration.ofSeconds(7))))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.of(new java.io.IOException("answered 500"))).isNull();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new PollTiming(Duration.ZERO, 0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("poll interval");
    assertThatThrownBy(() -> new PollTiming(Duration.ofSeconds(1), 2, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("jitter");
  }
}
