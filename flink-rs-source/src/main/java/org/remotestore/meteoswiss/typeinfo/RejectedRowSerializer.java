package org.remotestore.meteoswiss.typeinfo;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.RejectedRow;

/** Compact Flink serializer for {@link RejectedRow}. Format version 1 (see {@link Snapshot}). */
public final class RejectedRowSerializer extends ImmutableTypeSerializer<RejectedRow> {

  private static final long serialVersionUID = 1L;

  /** The stateless singleton. */
  public static final RejectedRowSerializer INSTANCE = new RejectedRowSerializer();

  private static final RejectReason[] REASONS = RejectReason.values();

  @Override
  public void serialize(RejectedRow row, DataOutputView out) throws IOException {
    StringSerializer.INSTANCE.serialize(row.sourceFile(), out);
    out.writeLong(row.lineNumber());
    StringSerializer.INSTANCE.serialize(row.rawLine(), out);
    out.writeByte(row.reason().ordinal());
    StringSerializer.INSTANCE.serialize(row.detail(), out);
  }

  @Override
  public RejectedRow deserialize(DataInputView in) throws IOException {
    String sourceFile = StringSerializer.INSTANCE.deserialize(in);
    long line = in.readLong();
    String raw = StringSerializer.INSTANCE.deserialize(in);
    int reason = in.readByte();
    if (reason < 0 || reason >= REASONS.length) {
      throw new IOException("Corrupt RejectedRow: reason ordinal " + reason);
    }
    String detail = StringSerializer.INSTANCE.deserialize(in);
    return new RejectedRow(sourceFile, line, raw, REASONS[reason], detail);
  }

  @Override
  public TypeSerializerSnapshot<RejectedRow> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Serializer snapshot; the serializer has no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<RejectedRow> {
    /** Used by Flink when restoring. */
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
