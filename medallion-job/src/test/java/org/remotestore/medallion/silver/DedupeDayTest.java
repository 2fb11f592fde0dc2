package org.remotestore.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DedupeDayTest {
  private static final long T0 = Instant.parse("2026-07-01T00:00:00Z").toEpochMilli();
  private static final long TEN_MINUTES = 600_000L;

  @Test
  void observesFirstValuesRepeatsAndChangesInAnyOrder() {
    DedupeDay day = new DedupeDay();
    assertThat(day.observe(T0 + 3 * TEN_MINUTES, "t|a", 1)).isZero();
    assertThat(day.observe(T0 + TEN_MINUTES, "t|a", 1)).isZero(); // inserted before
    assertThat(day.observe(T0 + 2 * TEN_MINUTES, "t|b", 1)).isZero(); // in between
    assertThat(day.observe(T0 + TEN_MINUTES, "t|b", 1)).isZero();
    assertThat(day.observe(T0 + TEN_MINUTES, "t|a", 1)).isEqualTo(-1);
    assertThat(day.observe(T0 + TEN_MINUTES, new String("t|a"), 2)).isEqualTo(1);
    assertThat(day.observe(T0 + 3 * TEN_MINUTES, "t|a", 1)).isEqualTo(-1);
    assertThat(day.observe(T0 + 2 * TEN_MINUTES, "t|b", 1)).isEqualTo(-1);
    assertThat(day.observe(T0 + TEN_MINUTES, "t|a", 1)).isEqualTo(2);
    assertThat(day.size()).isEqualTo(4);
    assertThat(day.fieldCount()).isEqualTo(2);
  }

  @Test
  void serializesAndCopiesIndependently() throws IOException {
    DedupeDay day = new DedupeDay();
    for (int i = 0; i < 144; i++) {
      day.observe(T0 + i * TEN_MINUTES, "t|tre200s0", i);
      day.observe(T0 + i * TEN_MINUTES, "t|ure200s0", -i);
    }
    day.observe(T0, "t|tre200s0", 0.5); // revision 1

    DataOutputSerializer out = new DataOutputSerializer(64);
    DedupeDaySerializer.INSTANCE.serialize(day, out);
    DedupeDay read =
        DedupeDaySerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(read).isEqualTo(day);
    assertThat(read.observe(T0, "t|tre200s0", 0.5)).isEqualTo(-1);
    assertThat(read.observe(T0, "t|tre200s0", 0.7)).isEqualTo(2);

    DedupeDay copy = DedupeDaySerializer.INSTANCE.copy(day);
    assertThat(copy).isEqualTo(day);
    assertThat(day.observe(T0 + TEN_MINUTES, "t|tre200s0", 99)).isEqualTo(1);
    assertThat(copy).as("a copy does not see later changes").isNotEqualTo(day);
    assertThat(copy.observe(T0 + TEN_MINUTES, "t|tre200s0", 1)).isEqualTo(-1);
  }

  @Test
  void refusesAnUnknownFormat() {
    DataInputDeserializer in = new DataInputDeserializer(new byte[] {9, 0, 0, 0, 0});
    assertThatThrownBy(() -> DedupeDaySerializer.INSTANCE.deserialize(in))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format 9");
  }

  @Test
  void dayOfIsTheUtcDay() {
    assertThat(DedupeDay.dayOf(T0)).isEqualTo(DedupeDay.dayOf(T0 + 86_399_999L));
    assertThat(DedupeDay.dayOf(T0 - 1)).isEqualTo(DedupeDay.dayOf(T0) - 1);
    assertThat(DedupeDay.dayOf(-1)).isEqualTo(-1);
  }
}
