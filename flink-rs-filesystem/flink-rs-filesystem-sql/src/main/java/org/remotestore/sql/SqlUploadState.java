package org.remotestore.sql;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.remotestore.RemoteStoreException;

/**
 * The resume or commit state of a resumable write on a {@code sql-blob} backend: which staged
 * chunks make up the bytes so far, and the staged tail (the last, partial chunk, staged anew by
 * every persist). An upload writes its full chunks under its own upload id; an upload resumed from
 * a state writes under a new id, so every persisted state keeps pointing at rows that no later
 * write changes. Encoded with a magic number and a version byte.
 *
 * @param targetKey the key the upload publishes to
 * @param chunkSize the chunk size of the upload
 * @param length the number of bytes the state covers
 * @param segments the full chunks, in order: chunks {@code [fromSeq, toSeq)} of {@code uploadId}
 * @param tailUpload the upload id of the staged tail row, or 0 when there is no tail
 * @param tailSeq the (negative) sequence number of the tail row, or 0
 * @param uploads every upload id that staged rows for this file: the writing upload and those it
 *     was resumed from; the commit deletes all their staged rows
 */
record SqlUploadState(
    String targetKey,
    int chunkSize,
    long length,
    List<Segment> segments,
    long tailUpload,
    int tailSeq,
    List<Long> uploads) {
  private static final int MAGIC = 0x5253514c; // "RSQL"
  private static final byte VERSION_1 = 1;

  /**
   * Version 2 adds, after the version 1 fields, the upload ids as text ({@link
   * SqlBlobLeftovers#uploadId(long)}, space-separated), so that the sweeper, which looks for a
   * leftover's id in checkpoint files, recognises the staged rows a checkpoint still needs.
   */
  private static final byte VERSION_2 = 2;

  /** Full chunks {@code [fromSeq, toSeq)} staged under {@code uploadId}. */
  record Segment(long uploadId, int fromSeq, int toSeq) {}

  SqlUploadState {
    Objects.requireNonNull(targetKey, "targetKey");
    segments = List.copyOf(segments);
    uploads = List.copyOf(uploads);
  }

  /** The number of full chunks. */
  int fullChunks() {
    return (int) (length / chunkSize);
  }

  /** The length of the tail (bytes after the last full chunk). */
  int tailLength() {
    return (int) (length % chunkSize);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + targetKey.length() * 2);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION_2);
      out.writeUTF(targetKey);
      out.writeInt(chunkSize);
      out.writeLong(length);
      out.writeInt(segments.size());
      for (Segment s : segments) {
        out.writeLong(s.uploadId());
        out.writeInt(s.fromSeq());
        out.writeInt(s.toSeq());
      }
      out.writeLong(tailUpload);
      out.writeInt(tailSeq);
      out.writeInt(uploads.size());
      for (long upload : uploads) {
        out.writeLong(upload);
      }
      StringBuilder ids = new StringBuilder();
      for (int i = uploads.size() - 1; i >= 0 && ids.length() < 60_000; i--) { // latest first
        ids.append(ids.length() == 0 ? "" : " ").append(SqlBlobLeftovers.uploadId(uploads.get(i)));
      }
      out.writeUTF(ids.toString());
    } catch (IOException e) {
      throw new IllegalStateException("in-memory encoding failed", e);
    }
    return bytes.toByteArray();
  }

  static SqlUploadState decode(byte[] state, String backend) throws RemoteStoreException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      if (in.readInt() != MAGIC) {
        throw new RemoteStoreException(
            "Not an upload state of SQL backend '" + backend + "' (bad magic number)",
            backend,
            null);
      }
      byte version = in.readByte();
      if (version != VERSION_1 && version != VERSION_2) {
        throw new RemoteStoreException(
            "Unknown upload state version " + version + " on SQL backend '" + backend + "'",
            backend,
            null);
      }
      String target = in.readUTF();
      int chunkSize = in.readInt();
      long length = in.readLong();
      int n = in.readInt();
      if (chunkSize <= 0 || length < 0 || n < 0 || n > 1_000_000) {
        throw new IOException("implausible fields");
      }
      List<Segment> segments = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        segments.add(new Segment(in.readLong(), in.readInt(), in.readInt()));
      }
      long tailUpload = in.readLong();
      int tailSeq = in.readInt();
      int u = in.readInt();
      if (u < 0 || u > 1_000_000) {
        throw new IOException("implausible upload count");
      }
      List<Long> uploads = new ArrayList<>(u);
      for (int i = 0; i < u; i++) {
        uploads.add(in.readLong());
      }
      if (version == VERSION_2) {
        in.readUTF(); // the same ids as text, for the sweeper
      }
      return new SqlUploadState(target, chunkSize, length, segments, tailUpload, tailSeq, uploads);
    } catch (RemoteStoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new RemoteStoreException(
          "Corrupt upload state on SQL backend '" + backend + "'", backend, null, e);
    }
  }
}
