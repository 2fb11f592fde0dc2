package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendUnavailable;
import org.remotestore.RemoteStoreException;

class RetryAfterTest {

  @Test
  void readsTheTypedAccessorAnywhereInTheCauseChain() {
    BackendUnavailable throttled =
        new BackendUnavailable("429", "meteoswiss", "ber/x.csv", null, Duration.ofSeconds(30));
    assertThat(RetryAfter.of(throttled)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.of(new UncheckedIOException(new IOException("wrapped", throttled))))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void noWaitWithoutATypedRetryAfter() {
    assertThat(RetryAfter.of(new BackendUnavailable("503", "meteoswiss", "ber/x.csv"))).isNull();
    assertThat(
            RetryAfter.of(
                new RemoteStoreException(
                    "HTTP GET answered 429 (Retry-After: 30)", "meteoswiss", "ber/x.csv")))
        .as("messages are not parsed")
        .isNull();
    assertThat(RetryAfter.of(new IOException("connection reset"))).isNull();
    assertThat(RetryAfter.of(null)).isNull();
  }
}
