package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The gold records and state classes have real Flink serializers (no Kryo fallback). */
class GoldTypesTest {

  @Test
  void recordsAndStateArePojoTypes() {
    for (Class<?> c :
        List.of(
            DailySummary.class,
            StationStats.class,
            Alert.class,
            DaySlot.class,
            DayStatus.class,
            StationTotals.class)) {
      assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    }
  }

  @Test
  void recordsSurviveTheirSerializer() throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    roundTrip(
        noKryo,
        DailySummary.class,
        new DailySummary(
            "BER",
            LocalDate.parse("2026-03-01"),
            2,
            1.5,
            -3.0,
            7.25,
            null,
            120.0,
            55.5,
            143,
            143 / 144.0,
            Instant.parse("2026-03-02T01:00:00Z")));
    roundTrip(
        noKryo,
        StationStats.class,
        new StationStats(
            "DAV",
            "Davos",
            1594.0,
            10,
            0.5,
            -2.0,
            -2.0 + 0.0065 * 1594,
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-03-01T03:10:00Z"),
            Instant.parse("2026-03-01T04:00:00Z")));
    roundTrip(
        noKryo,
        Alert.class,
        new Alert(
            "SAE",
            "storm_gust",
            LocalDate.parse("2026-01-15"),
            Instant.parse("2026-01-15T12:10:00Z"),
            "fu3010z1",
            140.4,
            75.0,
            Instant.parse("2026-01-15T12:10:00Z")));
  }

  private static <T> void roundTrip(SerializerConfigImpl cfg, Class<T> type, T value)
      throws Exception {
    TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(cfg);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).isEqualTo(value);
  }
}
