package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes {@link FeedSplit}s for checkpoints. Version 3 layout: station, granularity, pending
 * files, poll file, ETag, Last-Modified, the listed checksums (count, then path, multihash and
 * optional {@code updated} time each), content SHA-256, last emitted timestamp, the revision window
 * as (timestamp delta, content hash, revision) triples in ascending timestamp order, then the
 * optional error of a station unknown to the feed ({@link FeedSplit#unknown()}).
 *
 * <p>Version 2 (still read) is the same without that last field: every station was known.
 *
 * <p>Version 1 (still read) had a single STAC checksum of the poll file where version 2 has the
 * checksums. It is dropped on reading: version 1 kept no {@code updated} time, so which version of
 * the growing poll file it described is unknown, and a split restored from version 1 verifies
 * nothing.
 */
public final class FeedSplitSerializer implements SimpleVersionedSerializer<FeedSplit> {
  /** The shared instance (the serializer is stateless). */
  public static final FeedSplitSerializer INSTANCE = new FeedSplitSerializer();

  static final int VERSION = 3;

  /** The version without {@link FeedSplit#unknown()}. */
  static final int VERSION_2 = 2;

  /** The version without per-file checksums. */
  static final int VERSION_1 = 1;

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
    checkVersion(version);
    return read(new DataInputDeserializer(serialized), version);
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
    writeInstant(out, split.lastModified());
    out.writeInt(split.checksums().size());
    for (var e : split.checksums().entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue().multihash());
      writeInstant(out, e.getValue().updated());
    }
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
    writeNullable(out, split.unknown());
  }

  /** Fails on a version this serializer cannot read. */
  static void checkVersion(int version) throws IOException {
    if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
      throw new IOException(
          "Unknown MeteoSwiss split serializer version "
              + version
              + " (known: "
              + VERSION_1
              + ", "
              + VERSION_2
              + ", "
              + VERSION
              + ")");
    }
  }

  static FeedSplit read(DataInputView in, int version) throws IOException {
    FeedSplit.Builder b = FeedSplit.builder(in.readUTF(), in.readUTF());
    int pending = in.readInt();
    List<String> files = new ArrayList<>(pending);
    for (int i = 0; i < pending; i++) {
      files.add(in.readUTF());
    }
    b.pendingFiles(files);
    b.pollFile(readNullable(in));
    String etag = readNullable(in);
    b.validators(etag, readInstant(in));
    if (version == VERSION_1) {
      readNullable(in); // the poll file's checksum without its time: not verifiable, dropped
    } else {
      int count = in.readInt();
      Map<String, FileChecksum> checksums = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        String path = in.readUTF();
        checksums.put(path, new FileChecksum(in.readUTF(), readInstant(in)));
      }
      b.checksums(checksums);
    }
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
    if (version >= VERSION) {
      b.unknown(readNullable(in));
    }
    return b.build();
  }

  private static void writeInstant(DataOutputView out, Instant value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value.getEpochSecond());
      out.writeInt(value.getNano());
    }
  }

  private static Instant readInstant(DataInputView in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
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
