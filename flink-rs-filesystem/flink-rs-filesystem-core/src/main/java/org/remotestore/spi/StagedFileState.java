package org.remotestore.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import org.remotestore.RemoteStoreException;

/**
 * The resumable-write state of backends that stage bytes in a hidden file next to the target and
 * publish it by a rename (memory and local): the staging key, the target key and the number of
 * valid bytes. Encoded with a magic number and a version byte so that states written now can be
 * read by later versions.
 *
 * @param stagingKey the backend key of the hidden in-progress file
 * @param targetKey the backend key the file is published at
 * @param length the number of bytes of the staging file that belong to the upload
 */
public record StagedFileState(String stagingKey, String targetKey, long length) {
  private static final int MAGIC = 0x52535346; // "RSSF"
  private static final byte VERSION_1 = 1;

  /** Validates the record. */
  public StagedFileState {
    Objects.requireNonNull(stagingKey, "stagingKey");
    Objects.requireNonNull(targetKey, "targetKey");
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
  }

  /**
   * The hidden staging key for an upload to {@code targetKey}: {@code .<name>.inprogress.<id>} in
   * the target's folder, the naming Flink's own file system writers use.
   */
  public static String stagingKeyFor(String targetKey, String uniqueId) {
    int slash = targetKey.lastIndexOf('/');
    String folder = slash < 0 ? "" : targetKey.substring(0, slash + 1);
    String name = targetKey.substring(slash + 1);
    return folder + "." + name + ".inprogress." + uniqueId;
  }

  /** Encodes the state (version 1). */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + stagingKey.length() * 2);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION_1);
      out.writeUTF(stagingKey);
      out.writeUTF(targetKey);
      out.writeLong(length);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory encoding failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a state written by {@link #encode()}.
   *
   * @param backend the backend name, for the error message
   * @throws RemoteStoreException when the bytes are not such a state or have an unknown version
   */
  public static StagedFileState decode(byte[] state, String backend) throws RemoteStoreException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new RemoteStoreException(
            "Not a staged-file upload state of backend '" + backend + "' (bad magic number)",
            backend,
            null);
      }
      byte version = in.readByte();
      if (version != VERSION_1) {
        throw new RemoteStoreException(
            "Unknown staged-file upload state version " + version + " on backend '" + backend + "'",
            backend,
            null);
      }
      return new StagedFileState(in.readUTF(), in.readUTF(), in.readLong());
    } catch (RemoteStoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new RemoteStoreException(
          "Corrupt staged-file upload state on backend '" + backend + "'", backend, null, e);
    }
  }
}
