package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes {@link FeedSplit}s for checkpoints. Version 1 layout: station, granularity, pending
 * files, poll file, ETag, Last-Modified, STAC checksum, content SHA-256, last emitted timestamp,
 * then the revision window as (timestamp delta, content hash, revision) triples in ascending
 * timestamp order.
 */
public final class FeedSplitSerializer implements SimpleVersionedSerializer<FeedSplit> {
  /** The shared instance (the serializer is stateless). */
  public static final FeedSplitSerializer INSTANCE = new FeedSplitSerializer();

  static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(FeedSplit split) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(128 + split.revisionWindow().size() * 16);
    write(split, out);
    return out.getCopyOfBuffer();
  }

  @Override
  public FeedSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "Unknown MeteoSwiss split serializer version " + version + " (known: " + VERSION + ")");
    }
    return read(new DataInputDeserializer(serialized));
  }

  static void write(FeedSplit split, DataOutputView out) throws IOException {
    out.writeUTF(split.station());
    out.writeUTF(split.granularity());
    out.writeInt(split.pendingFiles().size());
    for (String file : split.pendingFiles()) {
      out.writeUTF(file);
    }
    writeNullable(out, split.pollFile());
    writeNullable(out, split.etag());
    out.writeBoolean(split.lastModified() != null);
    if (split.lastModified() != null) {
      out.writeLong(split.lastModified().getEpochSecond());
      out.writeInt(split.lastModified().getNano());
    }
    writeNullable(out, split.stacChecksum());
    writeNullable(out, split.contentSha256());
    out.writeLong(split.lastEmitted());
    out.writeInt(split.revisionWindow().size());
    long previous = 0;
    for (var e : split.revisionWindow().entrySet()) {
      out.writeLong(e.getKey() - previous);
      out.writeLong(e.getValue().contentHash());
      out.writeInt(e.getValue().revision());
      previous = e.getKey();
    }
  }

  static FeedSplit read(DataInputView in) throws IOException {
    FeedSplit.Builder b = FeedSplit.builder(in.readUTF(), in.readUTF());
    int pending = in.readInt();
    List<String> files = new ArrayList<>(pending);
    for (int i = 0; i < pending; i++) {
      files.add(in.readUTF());
    }
    b.pendingFiles(files);
    b.pollFile(readNullable(in));
    String etag = readNullable(in);
    Instant lastModified =
        in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    b.validators(etag, lastModified);
    b.stacChecksum(readNullable(in));
    b.contentSha256(readNullable(in));
    b.lastEmitted(in.readLong());
    int hashes = in.readInt();
    TreeMap<Long, RowDigest> map = new TreeMap<>();
    long ts = 0;
    for (int i = 0; i < hashes; i++) {
      ts += in.readLong();
      map.put(ts, new RowDigest(in.readLong(), in.readInt()));
    }
    b.revisionWindow(map);
    return b.build();
  }

  private static void writeNullable(DataOutputView out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String readNullable(DataInputView in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
