package org.remotestore.medallion.silver;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link DedupeDay}, the state of silver's deduplication. Format (version 1): a
 * format byte ({@value #FORMAT}), the number of field names and the names (modified UTF-8), the
 * number of entries, then per entry its key (long), value (double) and revision (int). A later
 * format gets a new format byte and is read next to this one; {@link Snapshot} carries the
 * serializer's own version into checkpoints and savepoints.
 *
 * <p>{@link #copy(DedupeDay)}, which the {@code hashmap} state backend calls for a day that a
 * running snapshot still holds, copies three primitive arrays and the field names.
 */
public final class DedupeDaySerializer extends TypeSerializerSingleton<DedupeDay> {
  private static final long serialVersionUID = 1L;

  /** The only instance. */
  public static final DedupeDaySerializer INSTANCE = new DedupeDaySerializer();

  /** The format byte written before every day. */
  static final byte FORMAT = 1;

  private DedupeDaySerializer() {}

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public DedupeDay createInstance() {
    return new DedupeDay();
  }

  @Override
  public DedupeDay copy(DedupeDay from) {
    return from.copy();
  }

  @Override
  public DedupeDay copy(DedupeDay from, DedupeDay reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(DedupeDay day, DataOutputView out) throws IOException {
    out.writeByte(FORMAT);
    out.writeInt(day.fieldCount());
    for (int i = 0; i < day.fieldCount(); i++) {
      out.writeUTF(day.field(i));
    }
    out.writeInt(day.size());
    for (int i = 0; i < day.size(); i++) {
      out.writeLong(day.keyAt(i));
      out.writeDouble(day.valueAt(i));
      out.writeInt(day.revisionAt(i));
    }
  }

  @Override
  public DedupeDay deserialize(DataInputView in) throws IOException {
    byte format = in.readByte();
    if (format != FORMAT) {
      throw new IOException("unknown format " + format + " of silver's deduplication state");
    }
    int fieldCount = in.readInt();
    String[] fields = new String[fieldCount];
    for (int i = 0; i < fieldCount; i++) {
      fields[i] = in.readUTF();
    }
    int size = in.readInt();
    long[] keys = new long[size];
    double[] values = new double[size];
    int[] revisions = new int[size];
    for (int i = 0; i < size; i++) {
      keys[i] = in.readLong();
      values[i] = in.readDouble();
      revisions[i] = in.readInt();
    }
    return new DedupeDay(fields, fieldCount, keys, values, revisions, size);
  }

  @Override
  public DedupeDay deserialize(DedupeDay reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<DedupeDay> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot, kept in checkpoints and savepoints (restores {@link #INSTANCE}). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DedupeDay> {
    /** Used by Flink when it reads a snapshot. */
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
