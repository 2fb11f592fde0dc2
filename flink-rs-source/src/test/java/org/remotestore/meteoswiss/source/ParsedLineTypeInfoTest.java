package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.meteoswiss.typeinfo.MeasurementRowTypeInfo;

/**
 * {@link ParsedLineTypeInfo} builds on the shared immutable type information; its serializer and
 * its snapshot must stay compatible with what earlier versions wrote into checkpoints.
 */
class ParsedLineTypeInfoTest {

  static final MeasurementRow ROW =
      MeasurementRow.builder("BER", Instant.parse("2026-03-10T12:00:00Z"), Granularity.T)
          .value("tre200s0", 4.5)
          .revision(1)
          .source("ber/ogd-smn_ber_t_now.csv", 3)
          .rawLine("BER;10.03.2026 12:00;4.5")
          .header("station_abbr;reference_timestamp;tre200s0")
          .build();
  static final RejectedRow REJECTED =
      new RejectedRow("ber/ogd-smn_ber_t_now.csv", 4, "BER;xx;1", RejectReason.BAD_TIMESTAMP, "xx");

  /** A versioned snapshot of the serializer, as written by the first released version. */
  static final String SNAPSHOT_V1 =
      "00486f72672e72656d6f746573746f72652e6d6574656f73776973732e736f757263652e5061727365644c"
          + "696e6554797065496e666f2453657269616c697a657224536e617073686f7400000003";

  /** {@link #ROW} then {@link #REJECTED}, as serialized by the first released version. */
  static final String RECORDS_V1 =
      "00044245520000000069b007c00000000000000000010974726532303073304012000000000000000000011a"
          + "6265722f6f67642d736d6e5f6265725f745f6e6f772e6373760000000000000003194245523b31302e30"
          + "332e323032362031323a30303b342e352a73746174696f6e5f616262723b7265666572656e63655f7469"
          + "6d657374616d703b7472653230307330011a6265722f6f67642d736d6e5f6265725f745f6e6f772e6373"
          + "760000000000000004094245523b78783b3102037878";

  @Test
  void typeInformationEqualityAndShape() throws Exception {
    ParsedLineTypeInfo info = ParsedLineTypeInfo.INSTANCE;
    assertThat(info.getTypeClass()).isEqualTo(ParsedLine.class);
    assertThat(info.getArity()).isEqualTo(1);
    assertThat(info.getTotalFields()).isEqualTo(1);
    assertThat(info.isBasicType()).isFalse();
    assertThat(info.isTupleType()).isFalse();
    assertThat(info.isKeyType()).isFalse();
    assertThat(info).hasToString("ParsedLine");
    assertThat(info.createSerializer(new SerializerConfigImpl()))
        .isSameAs(ParsedLineTypeInfo.Serializer.INSTANCE);

    TypeInformation<?> copy = javaRoundTrip(info);
    assertThat(copy).isEqualTo(info).hasSameHashCodeAs(info);
    assertThat(info.canEqual(copy)).isTrue();
    assertThat(info).isNotEqualTo(MeasurementRowTypeInfo.INSTANCE);
    assertThat((Object) MeasurementRowTypeInfo.INSTANCE).isNotEqualTo(info);
    assertThat(info.canEqual(MeasurementRowTypeInfo.INSTANCE)).isFalse();
    assertThat(FeedRecordMapper.parsedLines().producedType()).isSameAs(info);
  }

  @Test
  void recordsReadAndWriteTheSameBytesAsTheFirstVersion() throws Exception {
    TypeSerializer<ParsedLine> serializer = ParsedLineTypeInfo.Serializer.INSTANCE;
    DataInputDeserializer in = new DataInputDeserializer(HexFormat.of().parseHex(RECORDS_V1));
    assertThat(serializer.deserialize(in)).isEqualTo(ROW);
    assertThat(serializer.deserialize(in)).isEqualTo(REJECTED);
    assertThat(in.available()).isZero();

    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(ROW, out);
    serializer.serialize(REJECTED, out);
    assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer())).isEqualTo(RECORDS_V1);

    DataOutputSerializer copied = new DataOutputSerializer(64);
    DataInputDeserializer source = new DataInputDeserializer(out.getCopyOfBuffer());
    serializer.copy(source, copied);
    serializer.copy(source, copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    assertThat(serializer.copy(ROW)).isSameAs(ROW);
    assertThat(serializer.isImmutableType()).isTrue();
    assertThat(javaRoundTrip(serializer)).isEqualTo(serializer);
  }

  @Test
  void aSnapshotWrittenByTheFirstVersionRestoresACompatibleSerializer() throws Exception {
    TypeSerializerSnapshot<ParsedLine> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(HexFormat.of().parseHex(SNAPSHOT_V1)),
            getClass().getClassLoader());
    assertThat(restored.restoreSerializer()).isSameAs(ParsedLineTypeInfo.Serializer.INSTANCE);
    assertThat(
            ParsedLineTypeInfo.Serializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(
        out, ParsedLineTypeInfo.Serializer.INSTANCE.snapshotConfiguration());
    assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer())).isEqualTo(SNAPSHOT_V1);
  }

  @SuppressWarnings("unchecked")
  private static <T> T javaRoundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
