package org.remotestore.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.async.AsyncStore;
import org.remotestore.ext.glob.Glob;
import org.remotestore.ext.integrity.Checksum;
import org.remotestore.ext.integrity.ChecksumAlgorithm;
import org.remotestore.ext.integrity.ChecksumMismatch;
import org.remotestore.ext.integrity.Integrity;
import org.remotestore.ext.integrity.Verification;
import org.remotestore.ext.progress.Progress;

/** The examples of the "More extensions" section of the core module README, run as written. */
class MoreExtensionsExamplesTest {
  private Registry registry;
  private Store store;

  @BeforeEach
  void setUp() {
    registry =
        Registry.create(
            RegistryConfig.builder()
                .backend("mem", "memory", Map.of("instance", "more-ext-" + UUID.randomUUID()))
                .store("lake", "mem", "lake")
                .build());
    store = registry.store("lake");
  }

  @AfterEach
  void tearDown() throws IOException {
    registry.close();
  }

  @Test
  void integrity() throws IOException {
    byte[] csv = "station,tre200s0\nBER,4.2\n".getBytes(StandardCharsets.UTF_8);
    Checksum sha256 =
        Integrity.writeWithHash(
            store, "bronze/ber.csv", new ByteArrayInputStream(csv), true, ChecksumAlgorithm.SHA256);
    System.out.println(sha256); // sha256:<64 hex digits>
    Integrity.verify(store, "bronze/ber.csv", sha256); // streams and hashes

    Checksum md5 = Integrity.checksum(store, "bronze/ber.csv", ChecksumAlgorithm.MD5);
    Verification check = Integrity.verify(store, "bronze/ber.csv", md5);
    System.out.println(check.fromMetadata()); // true on memory, S3 (single PUT), Azure

    try {
      Integrity.writeVerified(
          store, "bronze/bad.csv", new ByteArrayInputStream(csv), false, Checksum.parse("md5:00"));
      fail("no mismatch");
    } catch (ChecksumMismatch e) {
      System.out.println(e.getMessage()); // names bronze/bad.csv and md5; nothing was published
      assertThat(e.getMessage()).contains("bronze/bad.csv", "md5");
    }

    assertThat(sha256.hex()).hasSize(64);
    assertThat(check.fromMetadata()).isTrue();
    assertThat(store.exists("bronze/bad.csv")).isFalse();
  }

  @Test
  void glob() throws IOException {
    store.write("data/2026/01/x.csv", new byte[] {1}, true);
    store.write("data/2026/02/x.csv", new byte[] {2}, true);
    store.write("data/2026/02/y.parquet", new byte[] {3}, true);
    System.out.println(store.glob("data/*/0[1-2]/*.csv").size()); // 2
    System.out.println(store.glob("**/*.parquet").get(0).path()); // data/2026/02/y.parquet
    System.out.println(Glob.compile("data/2026/*").folders(store)); // [data/2026/01, data/2026/02]

    assertThat(store.glob("data/*/0[1-2]/*.csv")).hasSize(2);
    assertThat(store.glob("**/*.parquet").get(0).path()).isEqualTo("data/2026/02/y.parquet");
    assertThat(Glob.compile("data/2026/*").folders(store))
        .containsExactly("data/2026/01", "data/2026/02");
  }

  @Test
  void async() throws IOException {
    InputStream someLargeStream = new InputStream() { // endless: only the cancel ends this upload
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }
        };
    CompletableFuture<Void> upload;
    try (AsyncStore async = AsyncStore.over(store, 4)) {
      CompletableFuture<byte[]> copied =
          async
              .write("async/a.bin", new byte[] {1, 2, 3}, true)
              .thenCompose(done -> async.copy("async/a.bin", "async/b.bin", true))
              .thenCompose(done -> async.readBytes("async/b.bin"));
      System.out.println(copied.join().length); // 3

      upload = async.write("async/big.bin", someLargeStream, true);
      upload.cancel(true); // the upload is aborted: async/big.bin never appears
    }
    assertThat(upload.isCancelled()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(upload::join)
        .isInstanceOf(CancellationException.class);
    assertThat(store.exists("async/big.bin")).isFalse();
    assertThat(store.readBytes("async/b.bin")).containsExactly(1, 2, 3);
  }

  @Test
  void progress() throws IOException {
    List<Long> seen = new ArrayList<>();
    store.write("progress/in.bin", new byte[3 << 20], true);
    try (InputStream in =
        Progress.read(
            store,
            "progress/in.bin",
            1 << 20,
            (bytes, total) -> {
              System.out.printf("%d of %d bytes%n", bytes, total);
              seen.add(bytes);
            })) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(seen).hasSizeBetween(4, 5).last().isEqualTo(3L << 20);
  }
}
