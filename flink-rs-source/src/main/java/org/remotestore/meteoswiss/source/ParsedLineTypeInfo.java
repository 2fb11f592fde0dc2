package org.remotestore.meteoswiss.source;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.meteoswiss.typeinfo.ImmutableTypeInfo;
import org.remotestore.meteoswiss.typeinfo.ImmutableTypeSerializer;
import org.remotestore.meteoswiss.typeinfo.MeasurementRowSerializer;
import org.remotestore.meteoswiss.typeinfo.RejectedRowSerializer;

/**
 * Type information for the union {@link ParsedLine}: a tag byte (0 = row, 1 = rejected) followed by
 * the row's or the rejected line's own serializer. No Kryo.
 */
public final class ParsedLineTypeInfo extends ImmutableTypeInfo<ParsedLine> {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final ParsedLineTypeInfo INSTANCE = new ParsedLineTypeInfo();

  private ParsedLineTypeInfo() {
    super(ParsedLine.class);
  }

  @Override
  protected TypeSerializer<ParsedLine> serializer() {
    return Serializer.INSTANCE;
  }

  /** The tagged-union serializer. */
  public static final class Serializer extends ImmutableTypeSerializer<ParsedLine> {
    private static final long serialVersionUID = 1L;

    /** The shared instance. */
    public static final Serializer INSTANCE = new Serializer();

    private static final byte ROW = 0;
    private static final byte REJECTED = 1;

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
