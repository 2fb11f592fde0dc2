package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Serializes {@link EnumeratorState}. Version 3 layout: the discovery flag, the known split ids,
 * then the unassigned splits in the {@link FeedSplitSerializer} version 3 layout. Versions 1 and 2
 * (still read) are the same with the splits in the split serializer's layout of that version.
 */
public final class EnumeratorStateSerializer implements SimpleVersionedSerializer<EnumeratorState> {
  /** The shared instance (the serializer is stateless). */
  public static final EnumeratorStateSerializer INSTANCE = new EnumeratorStateSerializer();

  static final int VERSION = FeedSplitSerializer.VERSION;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(EnumeratorState state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    out.writeBoolean(state.discoveryDone());
    out.writeInt(state.knownSplitIds().size());
    for (String id : state.knownSplitIds()) {
      out.writeUTF(id);
    }
    out.writeInt(state.unassigned().size());
    for (FeedSplit split : state.unassigned()) {
      FeedSplitSerializer.write(split, out);
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public EnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION
        && version != FeedSplitSerializer.VERSION_2
        && version != FeedSplitSerializer.VERSION_1) {
      throw new IOException(
          "Unknown MeteoSwiss enumerator state version "
              + version
              + " (known: 1, 2, "
              + VERSION
              + ")");
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    boolean done = in.readBoolean();
    int known = in.readInt();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < known; i++) {
      ids.add(in.readUTF());
    }
    int unassigned = in.readInt();
    List<FeedSplit> splits = new ArrayList<>(unassigned);
    for (int i = 0; i < unassigned; i++) {
      splits.add(FeedSplitSerializer.read(in, version));
    }
    return new EnumeratorState(ids, splits, done);
  }
}
