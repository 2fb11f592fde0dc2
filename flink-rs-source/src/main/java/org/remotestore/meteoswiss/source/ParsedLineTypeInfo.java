package org.remotestore.meteoswiss.source;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.meteoswiss.typeinfo.MeasurementRowSerializer;
import org.remotestore.meteoswiss.typeinfo.RejectedRowSerializer;

/**
 * Type information for the union {@link ParsedLine}: a tag byte (0 = row, 1 = rejected) followed by
 * the row's or the rejected line's own serializer. No Kryo.
 */
public final class ParsedLineTypeInfo extends TypeInformation<ParsedLine> {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final ParsedLineTypeInfo INSTANCE = new ParsedLineTypeInfo();

  private ParsedLineTypeInfo() {}

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<ParsedLine> getTypeClass() {
    return ParsedLine.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<ParsedLine> createSerializer(SerializerConfig config) {
    return Serializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "ParsedLine";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof ParsedLineTypeInfo;
  }

  @Override
  public int hashCode() {
    return ParsedLine.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof ParsedLineTypeInfo;
  }

  /** The tagged-union serializer. */
  public static final class Serializer extends TypeSerializerSingleton<ParsedLine> {
    private static final long serialVersionUID = 1L;

    /** The shared instance. */
    public static final Serializer INSTANCE = new Serializer();

    private static final byte ROW = 0;
    private static final byte REJECTED = 1;

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public ParsedLine createInstance() {
      return null;
    }

    @Override
    public ParsedLine copy(ParsedLine from) {
      return from;
    }

    @Override
    public ParsedLine copy(ParsedLine from, ParsedLine reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(ParsedLine record, DataOutputView target) throws IOException {
      if (record instanceof MeasurementRow row) {
        target.writeByte(ROW);
        MeasurementRowSerializer.INSTANCE.serialize(row, target);
      } else {
        target.writeByte(REJECTED);
        RejectedRowSerializer.INSTANCE.serialize((RejectedRow) record, target);
      }
    }

    @Override
    public ParsedLine deserialize(DataInputView source) throws IOException {
      byte tag = source.readByte();
      return switch (tag) {
        case ROW -> MeasurementRowSerializer.INSTANCE.deserialize(source);
        case REJECTED -> RejectedRowSerializer.INSTANCE.deserialize(source);
        default -> throw new IOException("Unknown ParsedLine tag " + tag);
      };
    }

    @Override
    public ParsedLine deserialize(ParsedLine reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<ParsedLine> snapshotConfiguration() {
      return new Snapshot();
    }

    /** Snapshot of the stateless serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ParsedLine> {
      /** Creates the snapshot. */
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
