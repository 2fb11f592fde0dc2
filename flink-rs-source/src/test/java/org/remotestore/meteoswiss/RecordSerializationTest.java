package org.remotestore.meteoswiss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.typeinfo.MeasurementRowSerializer;
import org.remotestore.meteoswiss.typeinfo.MeasurementRowTypeInfo;
import org.remotestore.meteoswiss.typeinfo.RejectedRowSerializer;
import org.remotestore.meteoswiss.typeinfo.RejectedRowTypeInfo;

class RecordSerializationTest {

  static MeasurementRow sample() {
    return MeasurementRow.builder("KLO", Instant.parse("2024-06-01T12:10:00Z"), Granularity.T)
        .value("tre200s0", 21.4)
        .value("URE200S0", 55.0)
        .value("rre150z0", 0.0)
        .revision(2)
        .source("klo/ogd-smn_klo_t_now.csv", 17)
        .rawLine("KLO;01.06.2024 12:10;21.4;55;0")
        .header("station_abbr;reference_timestamp;tre200s0;ure200s0;rre150z0")
        .build();
  }

  @Test
  void flinkUsesTheDeclaredTypeInformationNotKryo() {
    assertThat(TypeInformation.of(MeasurementRow.class)).isInstanceOf(MeasurementRowTypeInfo.class);
    assertThat(TypeInformation.of(RejectedRow.class)).isInstanceOf(RejectedRowTypeInfo.class);
    assertThat(
            TypeInformation.of(MeasurementRow.class).createSerializer(new SerializerConfigImpl()))
        .isSameAs(MeasurementRowSerializer.INSTANCE);
  }

  @Test
  void measurementRowRoundTripsThroughItsSerializer() throws Exception {
    MeasurementRow row = sample();
    MeasurementRow bare =
        MeasurementRow.builder("BER", Instant.parse("2004-02-01T00:00:00Z"), Granularity.D).build();
    for (MeasurementRow r : new MeasurementRow[] {row, bare}) {
      MeasurementRow copy = roundTrip(MeasurementRowSerializer.INSTANCE, r);
      assertThat(copy).isEqualTo(r);
      assertThat(copy.values().keySet()).containsExactlyElementsOf(r.values().keySet());
    }
  }

  @Test
  void rejectedRowRoundTripsThroughItsSerializer() throws Exception {
    RejectedRow r =
        new RejectedRow("ber/x.csv", 5, "BER;xx;1", RejectReason.BAD_TIMESTAMP, "bad 'xx'");
    assertThat(roundTrip(RejectedRowSerializer.INSTANCE, r)).isEqualTo(r);
  }

  @Test
  void serializerSnapshotRestoresTheSerializer() throws Exception {
    TypeSerializerSnapshot<MeasurementRow> snapshot =
        MeasurementRowSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    TypeSerializerSnapshot<MeasurementRow> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(restored.restoreSerializer()).isSameAs(MeasurementRowSerializer.INSTANCE);
    assertThat(
            restored
                .resolveSchemaCompatibility(
                    MeasurementRowSerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
  }

  @Test
  void recordsAreJavaSerializableToo() throws Exception {
    MeasurementRow row = sample();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(row);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(row);
    }
  }

  @Test
  void valueSemanticsAndHelpers() {
    MeasurementRow row = sample();
    assertThat(row.value("TRE200S0")).hasValue(21.4);
    assertThat(row.value("tre005s0")).isEmpty();
    assertThat(row.valueOrNull("tre005s0")).isNull();
    assertThat(row.isRevision()).isTrue();
    assertThat(row.withRevision(0).isRevision()).isFalse();
    assertThat(row.withoutProvenance().sourceFile()).isNull();
    assertThat(row.withoutProvenance().sameMeasurement(row)).isTrue();
    assertThat(row.withoutProvenance()).isNotEqualTo(row);
    assertThat(row.toBuilder().build()).isEqualTo(row).hasSameHashCodeAs(row);
    assertThat(row.key())
        .isEqualTo(
            new MeasurementRow.Key("KLO", Granularity.T, Instant.parse("2024-06-01T12:10:00Z")));
    assertThatThrownBy(() -> row.values().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> row.toBuilder().value("x", Double.NaN)).hasMessageContaining("x");
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(128);
    serializer.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T copy = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    DataOutputSerializer copied = new DataOutputSerializer(128);
    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    return copy;
  }
}
