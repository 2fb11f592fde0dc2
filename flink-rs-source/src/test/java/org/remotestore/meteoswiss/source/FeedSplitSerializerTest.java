package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FeedSplitSerializerTest {

  static FeedSplit fullSplit() {
    TreeMap<Long, RowDigest> window = new TreeMap<>();
    window.put(1_700_000_000_000L, new RowDigest(42L, 0));
    window.put(1_700_000_600_000L, new RowDigest(-7L, 3));
    return FeedSplit.builder("ber", "T")
        .pendingFiles(List.of("ber/ogd-smn_ber_t_recent.csv"))
        .pollFile("ber/ogd-smn_ber_t_now.csv")
        .validators("\"abc\"", Instant.parse("2026-03-10T12:00:00.123Z"))
        .stacChecksum("1220aa")
        .contentSha256("ff00")
        .lastEmitted(1_700_000_600_000L)
        .revisionWindow(window)
        .build();
  }

  @Test
  void roundTripsEveryField() throws IOException {
    FeedSplit split = fullSplit();
    byte[] bytes = FeedSplitSerializer.INSTANCE.serialize(split);
    FeedSplit back = FeedSplitSerializer.INSTANCE.deserialize(1, bytes);
    assertThat(back).isEqualTo(split);
    assertThat(back.splitId()).isEqualTo("ber/t");
    assertThat(back.station()).isEqualTo("BER");
    assertThat(back.revisionWindow().get(1_700_000_600_000L)).isEqualTo(new RowDigest(-7L, 3));
  }

  @Test
  void roundTripsAFreshSplitWithNulls() throws IOException {
    FeedSplit split = FeedSplit.builder("KLO", "d").build();
    FeedSplit back =
        FeedSplitSerializer.INSTANCE.deserialize(1, FeedSplitSerializer.INSTANCE.serialize(split));
    assertThat(back).isEqualTo(split);
    assertThat(back.lastEmitted()).isEqualTo(FeedSplit.NOTHING_EMITTED);
    assertThat(back.isUnbounded()).isFalse();
    assertThat(back.etag()).isNull();
  }

  @Test
  void rejectsUnknownVersions() {
    assertThatThrownBy(() -> FeedSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("99");
    assertThatThrownBy(() -> EnumeratorStateSerializer.INSTANCE.deserialize(2, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void enumeratorStateRoundTrips() throws IOException {
    EnumeratorState state =
        new EnumeratorState(
            Set.of("ber/t", "klo/t"),
            List.of(fullSplit(), FeedSplit.builder("SMA", "t").build()),
            true);
    EnumeratorState back =
        EnumeratorStateSerializer.INSTANCE.deserialize(
            1, EnumeratorStateSerializer.INSTANCE.serialize(state));
    assertThat(back).isEqualTo(state);
    EnumeratorState initial =
        EnumeratorStateSerializer.INSTANCE.deserialize(
            1, EnumeratorStateSerializer.INSTANCE.serialize(EnumeratorState.initial()));
    assertThat(initial.discoveryDone()).isFalse();
    assertThat(initial.unassigned()).isEmpty();
  }
}
