package org.remotestore.meteoswiss.source;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of a fetched body, kept in memory up to a limit and spilled to a temporary file beyond
 * it, so that a large file (a year or a decade of one station) costs disk, not heap, while its rows
 * are emitted. Computes the body's SHA-256 while reading. {@link #release()} deletes the file.
 */
final class SpooledBytes {
  /** Bodies up to this size stay in memory. */
  static final int MEMORY_LIMIT = 1 << 20;

  private final byte[] bytes;
  private final Path file;
  private final long length;
  private final String sha256;

  private SpooledBytes(byte[] bytes, Path file, long length, String sha256) {
    this.bytes = bytes;
    this.file = file;
    this.length = length;
    this.sha256 = sha256;
  }

  /** Reads {@code in} to its end; a body over {@code memoryLimit} bytes goes to a file. */
  static SpooledBytes read(InputStream in, int memoryLimit) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    DigestInputStream din = new DigestInputStream(in, digest);
    ByteArrayOutputStream memory = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while (memory.size() <= memoryLimit && (n = din.read(buffer)) >= 0) {
      memory.write(buffer, 0, n);
    }
    if (memory.size() <= memoryLimit) {
      byte[] all = memory.toByteArray();
      return new SpooledBytes(all, null, all.length, HexFormat.of().formatHex(digest.digest()));
    }
    Path file = Files.createTempFile("meteoswiss-body-", ".csv");
    long length = memory.size();
    try (OutputStream out = Files.newOutputStream(file)) {
      memory.writeTo(out);
      memory = null;
      while ((n = din.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        length += n;
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new SpooledBytes(null, file, length, HexFormat.of().formatHex(digest.digest()));
  }

  /** A new stream over the bytes, from the start. */
  InputStream open() throws IOException {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
  }

  long length() {
    return length;
  }

  String sha256() {
    return sha256;
  }

  /** Whether the bytes live in a file (for tests). */
  boolean spilled() {
    return file != null;
  }

  /** Deletes the spill file, if any. */
  void release() {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }
}
