package org.remotestore.s3;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable state of one resumable S3 write, as stored in a Flink checkpoint: the multipart
 * upload, the parts it holds so far, and the temporary object holding the tail (the bytes written
 * after the last complete part).
 *
 * <p>Encoding: a kind byte ({@code R} resume, {@code C} commit), a format version byte, then the
 * fields in order. Only version 1 exists; a reader refuses versions it does not know with a clear
 * message rather than guessing.
 *
 * @param commit whether this is a commit state (all parts uploaded, no tail) or a resume state
 * @param bucket the bucket
 * @param key the target key
 * @param uploadId the multipart upload id
 * @param token the id of this write's folder of temporary objects (below the tmp prefix)
 * @param parts the uploaded parts, in order
 * @param tailKey in a resume state the temporary object holding the tail ({@code ""} when the tail
 *     is empty); in a commit state the folder of temporary objects to delete at commit ({@code ""}
 *     when the upload never made any)
 * @param tailLength the tail's length
 * @param position the bytes written in total (parts plus tail)
 */
record S3UploadState(
    boolean commit,
    String bucket,
    String key,
    String uploadId,
    String token,
    List<Part> parts,
    String tailKey,
    int tailLength,
    long position) {

  static final byte VERSION = 1;
  static final byte RESUME = (byte) 'R';
  static final byte COMMIT = (byte) 'C';

  S3UploadState {
    parts = List.copyOf(parts);
  }

  /**
   * One uploaded part.
   *
   * @param number the part number (1-based)
   * @param etag the ETag S3 returned for it
   * @param size its size in bytes
   */
  record Part(int number, String etag, long size) {}

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(commit ? COMMIT : RESUME);
      out.writeByte(VERSION);
      out.writeUTF(bucket);
      out.writeUTF(key);
      out.writeUTF(uploadId);
      out.writeUTF(token);
      out.writeInt(parts.size());
      for (Part part : parts) {
        out.writeInt(part.number());
        out.writeUTF(part.etag());
        out.writeLong(part.size());
      }
      out.writeUTF(tailKey);
      out.writeInt(tailLength);
      out.writeLong(position);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a state.
   *
   * @param expectCommit whether a commit state ({@code true}) or a resume state is expected
   * @throws IOException when the bytes are not a state of the expected kind and a known version
   */
  static S3UploadState fromBytes(byte[] bytes, boolean expectCommit) throws IOException {
    if (bytes == null || bytes.length < 2) {
      throw new IOException("Not an s3 upload state: too short");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte kind = in.readByte();
      if (kind != RESUME && kind != COMMIT) {
        throw new IOException("Not an s3 upload state: unknown kind byte " + kind);
      }
      if ((kind == COMMIT) != expectCommit) {
        throw new IOException(
            "Expected an s3 "
                + (expectCommit ? "commit" : "resume")
                + " state but got a "
                + (kind == COMMIT ? "commit" : "resume")
                + " state");
      }
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IOException(
            "Unsupported s3 upload state version "
                + version
                + " (this build reads "
                + VERSION
                + ")");
      }
      String bucket = in.readUTF();
      String key = in.readUTF();
      String uploadId = in.readUTF();
      String token = in.readUTF();
      int count = in.readInt();
      if (count < 0 || count > 10_000) {
        throw new IOException("Corrupt s3 upload state: " + count + " parts");
      }
      List<Part> parts = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        parts.add(new Part(in.readInt(), in.readUTF(), in.readLong()));
      }
      String tailKey = in.readUTF();
      int tailLength = in.readInt();
      long position = in.readLong();
      return new S3UploadState(
          kind == COMMIT, bucket, key, uploadId, token, parts, tailKey, tailLength, position);
    }
  }
}
