package org.remotestore.testing.ext;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.AlreadyExists;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.ext.integrity.Checksum;
import org.remotestore.ext.integrity.ChecksumAlgorithm;
import org.remotestore.ext.integrity.ChecksumMismatch;
import org.remotestore.ext.integrity.HashingInputStream;
import org.remotestore.ext.integrity.HashingOutputStream;
import org.remotestore.ext.integrity.Integrity;
import org.remotestore.ext.integrity.Verification;

/**
 * The integrity extension's cases, run on any backend: a backend module subclasses this with its
 * store (class name {@code IntegrityTest}).
 */
public abstract class IntegritySuite {
  /** SHA-256, MD5, SHA-1 of "abc" and CRC32C of "123456789": published test vectors. */
  private static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  private static final String ABC_MD5 = "900150983cd24fb0d6963f7d28e17f72";
  private static final String ABC_SHA1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
  private static final String DIGITS_CRC32C = "e3069283";

  /** The store under test, decorated with a read counter. */
  protected CountingStore store;

  private Store raw;

  /** A fresh, empty store. */
  protected abstract Store createStore() throws Exception;

  /** Releases the store. */
  protected void destroyStore(Store store) throws Exception {}

  /** Whether the backend reports an MD5 for a small file written in one piece. */
  protected abstract boolean reportsMd5ForSmallFiles();

  @BeforeEach
  void createCountingStore() throws Exception {
    raw = createStore();
    store = new CountingStore(raw);
  }

  @AfterEach
  void destroy() throws Exception {
    destroyStore(raw);
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String jdk(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }

  @Test
  void knownVectorsForEveryAlgorithm() throws IOException {
    store.write("abc.txt", "abc".getBytes(UTF_8), false);
    store.write("digits.txt", "123456789".getBytes(UTF_8), false);
    assertThat(Integrity.checksum(store, "abc.txt")).hasToString("sha256:" + ABC_SHA256);
    assertThat(Integrity.checksum(store, "abc.txt", ChecksumAlgorithm.MD5).hex())
        .isEqualTo(ABC_MD5);
    assertThat(Integrity.checksum(store, "abc.txt", ChecksumAlgorithm.SHA1).hex())
        .isEqualTo(ABC_SHA1);
    assertThat(Integrity.checksum(store, "digits.txt", ChecksumAlgorithm.CRC32C))
        .hasToString("crc32c:" + DIGITS_CRC32C);
  }

  @Test
  void checksumOfAFileLargerThanOneChunkMatchesTheJdk() throws Exception {
    byte[] data = random(Integrity.CHUNK_BYTES * 2 + 12345, 7);
    store.write("big/data.bin", data, false);
    assertThat(Integrity.checksum(store, "big/data.bin").hex()).isEqualTo(jdk("SHA-256", data));
    assertThat(Integrity.checksum(store, "big/data.bin", ChecksumAlgorithm.MD5).hex())
        .isEqualTo(jdk("MD5", data));
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data);
    assertThat(Integrity.checksum(store, "big/data.bin", ChecksumAlgorithm.CRC32C).hex())
        .isEqualTo(String.format("%08x", crc.getValue()));
  }

  @Test
  void emptyFileHasTheEmptyDigest() throws Exception {
    store.write("empty", new byte[0], false);
    assertThat(Integrity.checksum(store, "empty").hex()).isEqualTo(jdk("SHA-256", new byte[0]));
  }

  @Test
  void verifyAcceptsTheRightChecksumAndNamesPathAndAlgorithmOnAMismatch() throws Exception {
    byte[] data = random(3000, 1);
    store.write("v/file.bin", data, false);
    for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
      Checksum right = Integrity.checksum(store, "v/file.bin", algorithm);
      assertThat(Integrity.verify(store, "v/file.bin", right).checksum()).isEqualTo(right);
    }
    Checksum wrong = new Checksum(ChecksumAlgorithm.SHA256, jdk("SHA-256", new byte[] {1}));
    assertThatThrownBy(() -> Integrity.verify(store, "v/file.bin", wrong))
        .isInstanceOfSatisfying(
            ChecksumMismatch.class,
            e -> {
              assertThat(e.path()).isEqualTo("v/file.bin");
              assertThat(e.algorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
              assertThat(e.expected()).isEqualTo(wrong);
              assertThat(e.getMessage()).contains("v/file.bin").contains("sha256");
            });
  }

  @Test
  void verifyOfAMissingFileIsNotFound() {
    Checksum any = new Checksum(ChecksumAlgorithm.MD5, ABC_MD5);
    assertThatThrownBy(() -> Integrity.verify(store, "missing.bin", any))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> Integrity.checksum(store, "missing.bin")).isInstanceOf(NotFound.class);
  }

  @Test
  void verifyUsesTheBackendDigestWithoutADownloadWhereThereIsOne() throws Exception {
    byte[] data = random(2048, 3);
    store.write("native.bin", data, false);
    Checksum md5 = new Checksum(ChecksumAlgorithm.MD5, jdk("MD5", data));
    boolean known =
        Integrity.nativeChecksum(store, "native.bin", ChecksumAlgorithm.MD5).isPresent();
    assertThat(known).isEqualTo(reportsMd5ForSmallFiles());

    store.reads.set(0);
    Verification verification = Integrity.verify(store, "native.bin", md5);
    assertThat(verification.fromMetadata()).isEqualTo(known);
    assertThat(store.reads.get()).isEqualTo(known ? 0 : 1);

    // a wrong expectation is caught from metadata too, still without a download
    store.reads.set(0);
    Checksum wrong = new Checksum(ChecksumAlgorithm.MD5, ABC_MD5);
    assertThatThrownBy(() -> Integrity.verify(store, "native.bin", wrong))
        .isInstanceOf(ChecksumMismatch.class);
    assertThat(store.reads.get()).isEqualTo(known ? 0 : 1);

    // another algorithm always hashes the content
    store.reads.set(0);
    Checksum sha = new Checksum(ChecksumAlgorithm.SHA256, jdk("SHA-256", data));
    assertThat(Integrity.verify(store, "native.bin", sha).fromMetadata()).isFalse();
    assertThat(store.reads.get()).isEqualTo(1);
  }

  @Test
  void writeWithHashReturnsTheChecksumOfWhatWasStored() throws Exception {
    byte[] data = random(Integrity.CHUNK_BYTES + 77, 5);
    Checksum written =
        Integrity.writeWithHash(
            store, "w/out.bin", new ByteArrayInputStream(data), false, ChecksumAlgorithm.SHA1);
    assertThat(written.hex()).isEqualTo(jdk("SHA-1", data));
    assertThat(store.readBytes("w/out.bin")).isEqualTo(data);
    assertThat(Integrity.verify(store, "w/out.bin", written).path()).isEqualTo("w/out.bin");
    assertThatThrownBy(
            () ->
                Integrity.writeWithHash(
                    store,
                    "w/out.bin",
                    InputStream.nullInputStream(),
                    false,
                    ChecksumAlgorithm.MD5))
        .isInstanceOf(AlreadyExists.class);
  }

  @Test
  void writeVerifiedPublishesNothingOnAMismatch() throws Exception {
    byte[] old = "old content".getBytes(UTF_8);
    byte[] data = random(5000, 9);
    Checksum right = new Checksum(ChecksumAlgorithm.SHA256, jdk("SHA-256", data));
    Checksum wrong = new Checksum(ChecksumAlgorithm.SHA256, ABC_SHA256);

    assertThatThrownBy(
            () ->
                Integrity.writeVerified(
                    store, "new.bin", new ByteArrayInputStream(data), false, wrong))
        .isInstanceOfSatisfying(
            ChecksumMismatch.class, e -> assertThat(e.actual()).isEqualTo(right));
    assertThat(store.exists("new.bin")).isFalse();
    assertThat(store.listFiles("", true)).isEmpty();

    store.write("kept.bin", old, false);
    assertThatThrownBy(
            () ->
                Integrity.writeVerified(
                    store, "kept.bin", new ByteArrayInputStream(data), true, wrong))
        .isInstanceOf(ChecksumMismatch.class);
    assertThat(store.readBytes("kept.bin")).isEqualTo(old);

    assertThat(
            Integrity.writeVerified(store, "kept.bin", new ByteArrayInputStream(data), true, right))
        .isEqualTo(right);
    assertThat(store.readBytes("kept.bin")).isEqualTo(data);
  }

  @Test
  void hashingStreamsHashWhatPassesThrough() throws Exception {
    byte[] data = random(100_000, 11);
    store.write("s.bin", data, false);
    try (HashingInputStream in =
        new HashingInputStream(store.read("s.bin"), ChecksumAlgorithm.MD5)) {
      assertThat(in.read()).isEqualTo(data[0] & 0xff);
      assertThat(in.skip(10)).isEqualTo(10);
      in.readAllBytes();
      assertThat(in.count()).isEqualTo(data.length);
      assertThat(in.checksum().hex()).isEqualTo(jdk("MD5", data));
      assertThat(in.markSupported()).isFalse();
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    HashingOutputStream out = new HashingOutputStream(sink, ChecksumAlgorithm.SHA256);
    out.write(data[0]);
    out.write(data, 1, data.length - 1);
    assertThat(out.count()).isEqualTo(data.length);
    assertThat(out.checksum().hex()).isEqualTo(jdk("SHA-256", data));
    assertThat(sink.toByteArray()).isEqualTo(data);
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void checksumTextsParseAndBadOnesAreRefused() {
    assertThat(Checksum.parse("SHA-256:" + ABC_SHA256.toUpperCase()))
        .isEqualTo(new Checksum(ChecksumAlgorithm.SHA256, ABC_SHA256));
    assertThat(ChecksumAlgorithm.of("crc32c")).isEqualTo(ChecksumAlgorithm.CRC32C);
    assertThatThrownBy(() -> Checksum.parse("whirlpool:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whirlpool");
    assertThatThrownBy(() -> Checksum.parse("md5:xyz"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checksum.parse("nocolon"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
