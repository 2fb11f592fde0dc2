package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataOutputSerializer;
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
        .checksums(
            java.util.Map.of(
                "ber/ogd-smn_ber_t_recent.csv",
                new FileChecksum("1220aa", Instant.parse("2026-03-10T01:35:00Z")),
                "ber/ogd-smn_ber_t_now.csv",
                new FileChecksum("1220bb", null)))
        .contentSha256("ff00")
        .lastEmitted(1_700_000_600_000L)
        .revisionWindow(window)
        .build();
  }

  @Test
  void roundTripsEveryField() throws IOException {
    FeedSplit split = fullSplit();
    byte[] bytes = FeedSplitSerializer.INSTANCE.serialize(split);
    FeedSplit back = FeedSplitSerializer.INSTANCE.deserialize(FeedSplitSerializer.VERSION, bytes);
    assertThat(back).isEqualTo(split);
    assertThat(back.splitId()).isEqualTo("ber/t");
    assertThat(back.station()).isEqualTo("BER");
    assertThat(back.revisionWindow().get(1_700_000_600_000L)).isEqualTo(new RowDigest(-7L, 3));
  }

  @Test
  void roundTripsAFreshSplitWithNulls() throws IOException {
    FeedSplit split = FeedSplit.builder("KLO", "d").build();
    FeedSplit back =
        FeedSplitSerializer.INSTANCE.deserialize(
            FeedSplitSerializer.VERSION, FeedSplitSerializer.INSTANCE.serialize(split));
    assertThat(back).isEqualTo(split);
    assertThat(back.lastEmitted()).isEqualTo(FeedSplit.NOTHING_EMITTED);
    assertThat(back.isUnbounded()).isFalse();
    assertThat(back.etag()).isNull();
  }

  /** The version 1 layout, written field by field as the version 1 serializer did. */
  static byte[] version1Bytes() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(128);
    out.writeUTF("BER");
    out.writeUTF("t");
    out.writeInt(1);
    out.writeUTF("ber/ogd-smn_ber_t_recent.csv");
    out.writeBoolean(true);
    out.writeUTF("ber/ogd-smn_ber_t_now.csv");
    out.writeBoolean(true);
    out.writeUTF("\"abc\"");
    out.writeBoolean(true);
    out.writeLong(1_773_144_000L);
    out.writeInt(123_000_000);
    out.writeBoolean(true);
    out.writeUTF("1220aa"); // the poll file's STAC checksum
    out.writeBoolean(true);
    out.writeUTF("ff00");
    out.writeLong(1_700_000_600_000L);
    out.writeInt(2);
    out.writeLong(1_700_000_000_000L);
    out.writeLong(42L);
    out.writeInt(0);
    out.writeLong(600_000L);
    out.writeLong(-7L);
    out.writeInt(3);
    return out.getCopyOfBuffer();
  }

  @Test
  void readsVersion1SplitsAndEnumeratorStates() throws IOException {
    FeedSplit expected =
        fullSplit().toBuilder().checksums(java.util.Map.of()).build(); // v1: not verifiable
    FeedSplit split = FeedSplitSerializer.INSTANCE.deserialize(1, version1Bytes());
    assertThat(split).isEqualTo(expected);
    assertThat(split.checksums()).isEmpty();
    assertThat(split.etag()).isEqualTo("\"abc\"");

    DataOutputSerializer state = new DataOutputSerializer(256);
    state.writeBoolean(true);
    state.writeInt(1);
    state.writeUTF("ber/t");
    state.writeInt(1);
    state.write(version1Bytes());
    EnumeratorState back =
        EnumeratorStateSerializer.INSTANCE.deserialize(1, state.getCopyOfBuffer());
    assertThat(back.unassigned()).containsExactly(expected);
    assertThat(back.knownSplitIds()).containsExactly("ber/t");
    assertThat(back.discoveryDone()).isTrue();
  }

  @Test
  void roundTripsTheSplitOfAnUnknownStation() throws IOException {
    FeedSplit split =
        FeedSplit.builder("XYZ", "t").unknown("station XYZ does not exist: no STAC item").build();
    FeedSplit back =
        FeedSplitSerializer.INSTANCE.deserialize(
            FeedSplitSerializer.VERSION, FeedSplitSerializer.INSTANCE.serialize(split));
    assertThat(back).isEqualTo(split);
    assertThat(back.unknown()).isEqualTo("station XYZ does not exist: no STAC item");
    assertThat(back.pendingFiles()).isEmpty();
    assertThat(back).isNotEqualTo(FeedSplit.builder("XYZ", "t").build());
  }

  /** The version 2 layout: version 3 without its last field (a {@code false}: no unknown). */
  static byte[] version2Bytes(FeedSplit split) throws IOException {
    byte[] v3 = FeedSplitSerializer.INSTANCE.serialize(split);
    assertThat(v3[v3.length - 1]).as("the absent unknown-station field").isZero();
    return java.util.Arrays.copyOf(v3, v3.length - 1);
  }

  @Test
  void readsVersion2SplitsAndEnumeratorStates() throws IOException {
    FeedSplit split = fullSplit();
    assertThat(FeedSplitSerializer.INSTANCE.deserialize(2, version2Bytes(split))).isEqualTo(split);

    DataOutputSerializer state = new DataOutputSerializer(256);
    state.writeBoolean(false);
    state.writeInt(2);
    state.writeUTF("ber/t");
    state.writeUTF("klo/t");
    state.writeInt(2);
    state.write(version2Bytes(split));
    state.write(version2Bytes(FeedSplit.builder("KLO", "t").build()));
    EnumeratorState back =
        EnumeratorStateSerializer.INSTANCE.deserialize(2, state.getCopyOfBuffer());
    assertThat(back.unassigned()).containsExactly(split, FeedSplit.builder("KLO", "t").build());
    assertThat(back.knownSplitIds()).containsExactlyInAnyOrder("ber/t", "klo/t");
    assertThat(back.discoveryDone()).isFalse();
  }

  @Test
  void rejectsUnknownVersions() {
    assertThatThrownBy(() -> FeedSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("99");
    assertThatThrownBy(() -> EnumeratorStateSerializer.INSTANCE.deserialize(4, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 4");
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
            EnumeratorStateSerializer.VERSION, EnumeratorStateSerializer.INSTANCE.serialize(state));
    assertThat(back).isEqualTo(state);
    EnumeratorState initial =
        EnumeratorStateSerializer.INSTANCE.deserialize(
            EnumeratorStateSerializer.VERSION,
            EnumeratorStateSerializer.INSTANCE.serialize(EnumeratorState.initial()));
    assertThat(initial.discoveryDone()).isFalse();
    assertThat(initial.unassigned()).isEmpty();
  }
}
