package org.remotestore.meteoswiss.typeinfo;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;

/**
 * Compact Flink serializer for {@link MeasurementRow}: station, timestamp (epoch seconds + nanos),
 * granularity, the present values as (code, double) pairs in order, revision, and the nullable
 * provenance fields. Format version 1 (see {@link Snapshot}).
 */
public final class MeasurementRowSerializer extends ImmutableTypeSerializer<MeasurementRow> {

  private static final long serialVersionUID = 1L;

  /** The stateless singleton. */
  public static final MeasurementRowSerializer INSTANCE = new MeasurementRowSerializer();

  private static final Granularity[] GRANULARITIES = Granularity.values();

  @Override
  public void serialize(MeasurementRow row, DataOutputView out) throws IOException {
    StringSerializer.INSTANCE.serialize(row.station(), out);
    out.writeLong(row.referenceTimestamp().getEpochSecond());
    out.writeInt(row.referenceTimestamp().getNano());
    out.writeByte(row.granularity().ordinal());
    Map<String, Double> values = row.values();
    out.writeInt(values.size());
    for (Map.Entry<String, Double> e : values.entrySet()) {
      StringSerializer.INSTANCE.serialize(e.getKey(), out);
      out.writeDouble(e.getValue());
    }
    out.writeInt(row.revision());
    StringSerializer.INSTANCE.serialize(row.sourceFile(), out);
    out.writeLong(row.lineNumber());
    StringSerializer.INSTANCE.serialize(row.rawLine(), out);
    StringSerializer.INSTANCE.serialize(row.header(), out);
  }

  @Override
  public MeasurementRow deserialize(DataInputView in) throws IOException {
    String station = StringSerializer.INSTANCE.deserialize(in);
    Instant ts = Instant.ofEpochSecond(in.readLong(), in.readInt());
    int g = in.readByte();
    if (g < 0 || g >= GRANULARITIES.length) {
      throw new IOException("Corrupt MeasurementRow: granularity ordinal " + g);
    }
    MeasurementRow.Builder b = MeasurementRow.builder(station, ts, GRANULARITIES[g]);
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String code = StringSerializer.INSTANCE.deserialize(in);
      b.value(code, in.readDouble());
    }
    b.revision(in.readInt());
    String sourceFile = StringSerializer.INSTANCE.deserialize(in);
    long lineNumber = in.readLong();
    b.source(sourceFile, lineNumber);
    b.rawLine(StringSerializer.INSTANCE.deserialize(in));
    b.header(StringSerializer.INSTANCE.deserialize(in));
    return b.build();
  }

  @Override
  public TypeSerializerSnapshot<MeasurementRow> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Serializer snapshot; the serializer has no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<MeasurementRow> {
    /** Used by Flink when restoring. */
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
