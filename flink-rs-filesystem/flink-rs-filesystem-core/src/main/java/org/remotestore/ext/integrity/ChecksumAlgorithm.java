package org.remotestore.ext.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The content checksums the integrity extension computes: SHA-256 (the default), MD5, SHA-1,
 * CRC32C.
 */
public enum ChecksumAlgorithm {
  /** SHA-256, the default. */
  SHA256("sha256", "SHA-256"),
  /** MD5, as reported natively by the memory backend, S3 single-part ETags and Azure. */
  MD5("md5", "MD5"),
  /** SHA-1. */
  SHA1("sha1", "SHA-1"),
  /** CRC32C (Castagnoli), written as 8 hex digits, most significant byte first. */
  CRC32C("crc32c", null);

  private final String id;
  private final String jcaName;

  ChecksumAlgorithm(String id, String jcaName) {
    this.id = id;
    this.jcaName = jcaName;
  }

  /** The lower-case name used in {@code <algorithm>:<hex>} strings, for example {@code sha256}. */
  public String id() {
    return id;
  }

  /**
   * The algorithm named {@code name} ({@code sha256}, {@code sha-256}, {@code md5}, {@code sha1},
   * {@code sha-1}, {@code crc32c}; any case).
   *
   * @throws IllegalArgumentException naming {@code name} when it is none of them
   */
  public static ChecksumAlgorithm of(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "");
    for (ChecksumAlgorithm a : values()) {
      if (a.id.equals(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "Unknown checksum algorithm '" + name + "' (expected sha256, md5, sha1 or crc32c)");
  }

  /** A fresh, single-use hasher. */
  Hasher newHasher() {
    if (this == CRC32C) {
      CRC32C crc = new CRC32C();
      return new Hasher() {
        @Override
        public void update(byte[] b, int off, int len) {
          crc.update(b, off, len);
        }

        @Override
        public String hex() {
          return String.format(Locale.ROOT, "%08x", crc.getValue());
        }
      };
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no " + jcaName, e);
    }
    return new Hasher() {
      @Override
      public void update(byte[] b, int off, int len) {
        digest.update(b, off, len);
      }

      @Override
      public String hex() {
        return HexFormat.of().formatHex(digest.digest());
      }
    };
  }

  /** Incremental hashing of one stream of bytes. */
  interface Hasher {
    void update(byte[] b, int off, int len);

    /** The checksum of everything given so far, in lower-case hex; call once. */
    String hex();
  }
}
