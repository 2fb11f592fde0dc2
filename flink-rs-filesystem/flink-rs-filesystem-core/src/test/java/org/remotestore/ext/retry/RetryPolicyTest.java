package org.remotestore.ext.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendUnavailable;
import org.remotestore.NotFound;

class RetryPolicyTest {
  private final List<Duration> waits = new ArrayList<>();

  private RetryPolicy.Builder policy() {
    return RetryPolicy.builder()
        .initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofMillis(300))
        .random(() -> 0.999999)
        .sleeper(waits::add);
  }

  @Test
  void retriesTransientFailuresUntilSuccessWithExponentialCappedBackoff() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    String result =
        policy()
            .maxAttempts(5)
            .build()
            .execute(
                "read",
                () -> {
                  if (calls.incrementAndGet() < 5) {
                    throw new BackendUnavailable("503", "lake", "a");
                  }
                  return "ok";
                });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(5);
    assertThat(waits)
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(300),
            Duration.ofMillis(300));
  }

  @Test
  void neverRetriesPermanentFailures() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                policy()
                    .build()
                    .execute(
                        "read",
                        () -> {
                          calls.incrementAndGet();
                          throw new NotFound("gone", "lake", "a");
                        }))
        .isInstanceOf(NotFound.class);
    assertThat(calls).hasValue(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastFailureAndTheFirstSuppressed() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                policy()
                    .maxAttempts(3)
                    .build()
                    .execute(
                        "read",
                        () -> {
                          throw new BackendUnavailable("try " + calls.incrementAndGet(), "l", "a");
                        }))
        .hasMessage("try 3")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("try 1"));
    assertThat(waits).hasSize(2);
  }

  @Test
  void honoursTheServersRetryAfterWithinTheTotalBudget() {
    AtomicInteger calls = new AtomicInteger();
    List<Integer> retries = new ArrayList<>();
    RetryPolicy p =
        policy()
            .maxAttempts(10)
            .maxTotalWait(Duration.ofSeconds(5))
            .listener((op, retry, wait, failure) -> retries.add(retry))
            .build();
    assertThatThrownBy(
            () ->
                p.execute(
                    "read",
                    () -> {
                      calls.incrementAndGet();
                      throw new BackendUnavailable("429", "l", "a", null, Duration.ofSeconds(2));
                    }))
        .isInstanceOf(BackendUnavailable.class);
    // 2 s + 2 s fit the 5 s budget, a third wait would not
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(calls).hasValue(3);
    assertThat(retries).containsExactly(1, 2);
  }

  @Test
  void noneMakesOneAttemptAndBadSettingsAreRefused() {
    assertThat(RetryPolicy.none().retries()).isFalse();
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)))
        .hasMessageContaining("initialBackoff");
  }
}
