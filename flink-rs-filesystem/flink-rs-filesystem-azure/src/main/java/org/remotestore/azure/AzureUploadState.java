package org.remotestore.azure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The persisted state of a resumable block upload, owned by the azure backend: container, blob
 * name, the staged blocks in order and the position (their total length).
 *
 * <p>Blocks are grouped in runs, one per writer session: run {@code r} holds blocks {@code 0 ..
 * n-1} of session {@code r}, with the size of each. The last run is the session that wrote the
 * state; it may hold no block. Encoding (version 1): {@code byte 1, UTF container, UTF blob, long
 * position, int runs, per run: 16-byte session, int count, count x long size}.
 */
final class AzureUploadState {
  static final byte VERSION = 1;

  /** One writer session's blocks. */
  record Run(byte[] session, long[] sizes) {
    Run {
      if (session.length != BlockIds.SESSION_BYTES) {
        throw new IllegalArgumentException("session id must have 16 bytes");
      }
      session = session.clone();
      sizes = sizes.clone();
    }

    @Override
    public byte[] session() {
      return session.clone();
    }

    @Override
    public long[] sizes() {
      return sizes.clone();
    }

    int count() {
      return sizes.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Run r
          && Arrays.equals(r.session, session)
          && Arrays.equals(r.sizes, sizes);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(session) + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
      return "Run{blocks=" + sizes.length + "}";
    }
  }

  private final String container;
  private final String blob;
  private final long position;
  private final List<Run> runs;

  AzureUploadState(String container, String blob, long position, List<Run> runs) {
    this.container = Objects.requireNonNull(container);
    this.blob = Objects.requireNonNull(blob);
    this.runs = List.copyOf(runs);
    if (this.runs.isEmpty()) {
      throw new IllegalArgumentException("an upload state has at least the writer's run");
    }
    long sum = 0;
    for (Run run : this.runs) {
      for (long size : run.sizes) {
        sum += size;
      }
    }
    if (sum != position) {
      throw new IllegalArgumentException(
          "position " + position + " differs from the sum of block sizes " + sum);
    }
    this.position = position;
  }

  String container() {
    return container;
  }

  String blob() {
    return blob;
  }

  long position() {
    return position;
  }

  List<Run> runs() {
    return runs;
  }

  /** The ids of all staged blocks, in order. */
  List<String> blockIds() {
    List<String> ids = new ArrayList<>();
    for (Run run : runs) {
      for (int i = 0; i < run.count(); i++) {
        ids.add(BlockIds.id(run.session, i));
      }
    }
    return ids;
  }

  /** The sizes of all staged blocks, in the order of {@link #blockIds()}. */
  List<Long> blockSizes() {
    List<Long> sizes = new ArrayList<>();
    for (Run run : runs) {
      for (long s : run.sizes) {
        sizes.add(s);
      }
    }
    return sizes;
  }

  /** The id the writer of this state would have given its next block. */
  String nextBlockIdOfWriter() {
    Run last = runs.get(runs.size() - 1);
    return BlockIds.id(last.session, last.count());
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(container);
      out.writeUTF(blob);
      out.writeLong(position);
      out.writeInt(runs.size());
      for (Run run : runs) {
        out.write(run.session);
        out.writeInt(run.count());
        for (long size : run.sizes) {
          out.writeLong(size);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode in memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a state.
   *
   * @throws IOException when the bytes are not an azure upload state of a known version
   */
  static AzureUploadState decode(byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "state");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException(
            "Unsupported azure upload state version "
                + version
                + " (this build reads "
                + VERSION
                + ")");
      }
      String container = in.readUTF();
      String blob = in.readUTF();
      long position = in.readLong();
      int runCount = in.readInt();
      if (runCount < 1 || runCount > 1_000_000) {
        throw new IOException("Corrupt azure upload state: " + runCount + " runs");
      }
      List<Run> runs = new ArrayList<>(runCount);
      for (int r = 0; r < runCount; r++) {
        byte[] session = new byte[BlockIds.SESSION_BYTES];
        in.readFully(session);
        int count = in.readInt();
        if (count < 0 || count > 100_000) {
          throw new IOException("Corrupt azure upload state: " + count + " blocks in a run");
        }
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
          sizes[i] = in.readLong();
        }
        runs.add(new Run(session, sizes));
      }
      if (in.read() != -1) {
        throw new IOException("Corrupt azure upload state: trailing bytes");
      }
      return new AzureUploadState(container, blob, position, runs);
    } catch (IllegalArgumentException | java.io.EOFException e) {
      throw new IOException("Corrupt azure upload state: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "AzureUploadState{container="
        + container
        + ", blob="
        + blob
        + ", position="
        + position
        + ", blocks="
        + blockSizes().size()
        + "}";
  }
}
