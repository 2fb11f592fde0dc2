package org.remotestore.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializers of the {@code rs://} recoverables, stored by Flink in checkpoints.
 *
 * <p>Version 1 layout (big-endian, {@link DataOutputStream}): an {@code int} magic number ({@code
 * RSRR} for resume, {@code RSRC} for commit), the store name and the target path as modified UTF-8,
 * the position as a {@code long}, then the backend state as an {@code int} length and its bytes. A
 * later version must keep reading version 1.
 */
public final class RsRecoverableSerializers {
  /** The current (and first) version. */
  public static final int VERSION_1 = 1;

  private static final int RESUME_MAGIC = 0x52535252; // "RSRR"
  private static final int COMMIT_MAGIC = 0x52535243; // "RSRC"

  /** The serializer of resume recoverables. */
  public static final SimpleVersionedSerializer<RecoverableWriter.ResumeRecoverable> RESUME =
      new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
          return VERSION_1;
        }

        @Override
        public byte[] serialize(RecoverableWriter.ResumeRecoverable obj) throws IOException {
          if (!(obj instanceof RsResumeRecoverable r)) {
            throw new IOException("Not an rs:// resume recoverable: " + obj);
          }
          return encode(RESUME_MAGIC, r.store(), r.path(), r.position(), r.backendStateUnsafe());
        }

        @Override
        public RecoverableWriter.ResumeRecoverable deserialize(int version, byte[] serialized)
            throws IOException {
          Fields f = decode(RESUME_MAGIC, version, serialized);
          return new RsResumeRecoverable(f.store, f.path, f.position, f.state);
        }
      };

  /** The serializer of commit recoverables. */
  public static final SimpleVersionedSerializer<RecoverableWriter.CommitRecoverable> COMMIT =
      new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
          return VERSION_1;
        }

        @Override
        public byte[] serialize(RecoverableWriter.CommitRecoverable obj) throws IOException {
          if (!(obj instanceof RsCommitRecoverable r)) {
            throw new IOException("Not an rs:// commit recoverable: " + obj);
          }
          return encode(COMMIT_MAGIC, r.store(), r.path(), r.position(), r.backendStateUnsafe());
        }

        @Override
        public RecoverableWriter.CommitRecoverable deserialize(int version, byte[] serialized)
            throws IOException {
          Fields f = decode(COMMIT_MAGIC, version, serialized);
          return new RsCommitRecoverable(f.store, f.path, f.position, f.state);
        }
      };

  private RsRecoverableSerializers() {}

  private static byte[] encode(int magic, String store, String path, long position, byte[] state)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + path.length() + state.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeUTF(store);
      out.writeUTF(path);
      out.writeLong(position);
      out.writeInt(state.length);
      out.write(state);
    }
    return bytes.toByteArray();
  }

  private static Fields decode(int magic, int version, byte[] serialized) throws IOException {
    if (version != VERSION_1) {
      throw new IOException(
          "Unknown rs:// recoverable version "
              + version
              + " (this plugin reads version "
              + VERSION_1
              + "); was the checkpoint written by a newer plugin?");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int found = in.readInt();
      if (found != magic) {
        throw new IOException(
            "Not an rs:// "
                + (magic == RESUME_MAGIC ? "resume" : "commit")
                + " recoverable (bad magic number 0x"
                + Integer.toHexString(found)
                + ")");
      }
      Fields f = new Fields();
      f.store = in.readUTF();
      f.path = in.readUTF();
      f.position = in.readLong();
      int length = in.readInt();
      if (length < 0 || length > serialized.length) {
        throw new IOException("Corrupt rs:// recoverable: backend state length " + length);
      }
      f.state = in.readNBytes(length);
      if (f.state.length != length) {
        throw new IOException("Corrupt rs:// recoverable: truncated backend state");
      }
      return f;
    }
  }

  private static final class Fields {
    String store;
    String path;
    long position;
    byte[] state;
  }
}
