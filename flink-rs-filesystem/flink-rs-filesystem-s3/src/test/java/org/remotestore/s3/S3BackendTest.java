package org.remotestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.AlreadyExists;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.services.s3.S3Client;

/** The s3 backend's own primitives against S3Proxy on loopback. */
class S3BackendTest {
  private static final int MIB = 1 << 20;

  private S3TestEndpoint server;
  private String bucket;
  private S3Backend backend;

  @BeforeEach
  void setUp() {
    server = S3ProxyServer.shared();
    bucket = server.createBucket("backend");
    backend =
        server.newBackend("lake", bucket, Map.of("multipart-threshold", "6mb", "part-size", "5mb"));
  }

  @AfterEach
  void tearDown() throws IOException {
    backend.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private void put(String key, byte[] data) throws IOException {
    try (OutputStream out = backend.openOutput(key, true)) {
      out.write(data);
    }
  }

  private byte[] get(String key, long offset, long length) throws IOException {
    try (InputStream in = backend.read(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void smallWriteIsOnePutAndReadsBack() throws IOException {
    byte[] data = "hello s3".getBytes(StandardCharsets.UTF_8);
    put("a/b/hello.txt", data);
    assertThat(get("a/b/hello.txt", 0, -1)).isEqualTo(data);
    FileInfo info = backend.stat("a/b/hello.txt");
    assertThat(info.size()).isEqualTo(data.length);
    assertThat(info.etag()).isNotBlank().doesNotContain("\"");
    assertThat(info.lastModified()).isNotNull();
    assertThat(backend.stat("a/b/missing.txt")).isNull();
    assertThat(backend.listMultipartUploads("")).isEmpty();
  }

  @Test
  void largeWriteUsesMultipartAndRangedReadsWork() throws IOException {
    byte[] data = random(13 * MIB + 123, 1);
    try (OutputStream out = backend.openOutput("big.bin", false)) {
      // odd-sized writes cross the part boundaries
      for (int offset = 0; offset < data.length; offset += 777_777) {
        out.write(data, offset, Math.min(777_777, data.length - offset));
      }
      // nothing is visible before close
      assertThat(backend.stat("big.bin")).isNull();
    }
    FileInfo info = backend.stat("big.bin");
    assertThat(info.size()).isEqualTo(data.length);
    // a multipart ETag has the "-<parts>" suffix: three parts of 5, 5, 3 MiB
    assertThat(info.etag()).endsWith("-3");
    assertThat(get("big.bin", 0, -1)).isEqualTo(data);
    assertThat(get("big.bin", 5 * MIB - 10, 20))
        .isEqualTo(java.util.Arrays.copyOfRange(data, 5 * MIB - 10, 5 * MIB + 10));
    assertThat(get("big.bin", data.length - 5, 100))
        .isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 5, data.length));
    assertThat(get("big.bin", data.length + 10, 5)).isEmpty();
    assertThat(get("big.bin", 7, 0)).isEmpty();
    assertThat(backend.listMultipartUploads("")).isEmpty();
  }

  @Test
  void emptyFileRoundTrips() throws IOException {
    put("empty", new byte[0]);
    assertThat(backend.stat("empty").size()).isZero();
    assertThat(get("empty", 0, -1)).isEmpty();
    assertThat(get("empty", 3, -1)).isEmpty();
  }

  @Test
  void readOfMissingKeyIsNotFound() {
    assertThatThrownBy(() -> backend.read("nope", 0, -1))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("lake");
    assertThatThrownBy(() -> backend.read("nope", 10, 5)).isInstanceOf(NotFound.class);
  }

  @Test
  void abortedMultipartWritePublishesNothingAndLeavesNoUpload() throws IOException {
    Store.AtomicOutputStream out = backend.openOutput("aborted.bin", true);
    out.write(random(12 * MIB, 2));
    assertThat(backend.listMultipartUploads("")).hasSize(1);
    out.abort();
    out.close();
    assertThat(backend.stat("aborted.bin")).isNull();
    assertThat(backend.listMultipartUploads("")).isEmpty();
  }

  @Test
  void overwriteFalseRefusesAnExistingFile() throws IOException {
    put("x.txt", new byte[] {1});
    assertThatThrownBy(() -> backend.openOutput("x.txt", false))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("x.txt");
    // a file created between open and close is detected at publish time (If-None-Match: *)
    Store.AtomicOutputStream late = backend.openOutput("y.txt", false);
    late.write(new byte[] {7});
    put("y.txt", new byte[] {1, 2});
    assertThatThrownBy(late::close).isInstanceOf(AlreadyExists.class);
    assertThat(get("y.txt", 0, -1)).containsExactly(1, 2);
  }

  @Test
  void listIsOneLevelAndRecursiveIsFlat() throws IOException {
    for (String key : List.of("d/a.txt", "d/b.txt", "d/sub/c.txt", "d/sub/deeper/d.txt", "e.txt")) {
      put(key, key.getBytes(StandardCharsets.UTF_8));
    }
    Backend.Level level = backend.list("d");
    assertThat(level.files())
        .extracting(FileInfo::path)
        .containsExactlyInAnyOrder("d/a.txt", "d/b.txt");
    assertThat(level.folders()).containsExactly("d/sub");
    Backend.Level root = backend.list("");
    assertThat(root.files()).extracting(FileInfo::path).containsExactly("e.txt");
    assertThat(root.folders()).containsExactly("d");
    assertThat(backend.listRecursive("d"))
        .extracting(FileInfo::path)
        .containsExactlyInAnyOrder("d/a.txt", "d/b.txt", "d/sub/c.txt", "d/sub/deeper/d.txt");
    assertThat(backend.folderExists("d/sub")).isTrue();
    assertThat(backend.folderExists("d/su")).isFalse();
    assertThat(backend.list("missing").files()).isEmpty();
  }

  @Test
  void deleteFolderDeletesEverythingBelowInBatches() throws Exception {
    int count = 40;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = "many/" + (i % 3 == 0 ? "sub/" : "") + "f-" + i;
        puts.add(
            pool.submit(
                () -> {
                  put(key, new byte[] {1});
                  return null;
                }));
      }
      for (Future<?> f : puts) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    put("keep/me", new byte[] {2});
    put("many-not-below/x", new byte[] {3});
    List<String> half = new ArrayList<>();
    for (FileInfo f : backend.listRecursive("many")) {
      if (half.size() < count / 2) {
        half.add(f.path());
      }
    }
    // batches of 7 keys, the last one partial; absent keys are not an error
    half.add("many/never-existed");
    assertThat(backend.deleteKeys(half, 7)).isEqualTo(half.size());
    assertThat(backend.listRecursive("many")).hasSize(count - count / 2);
    backend.deleteFolder("many");
    assertThat(backend.listRecursive("many")).isEmpty();
    assertThat(backend.stat("keep/me")).isNotNull();
    assertThat(backend.stat("many-not-below/x")).isNotNull();
  }

  @Test
  void batchDeleteSupportIsReachableThroughTheStore() throws IOException {
    put("r/b/1", new byte[] {1});
    put("r/b/2", new byte[] {2});
    org.remotestore.Store store = new org.remotestore.DefaultStore(backend, "r");
    org.remotestore.spi.BatchDeleteSupport batch =
        store.unwrap(org.remotestore.spi.BatchDeleteSupport.class).orElseThrow();
    assertThat(batch.maxBatchSize()).isEqualTo(1000);
    assertThat(batch.deleteAll(List.of("b/1", "b/2", "b/3"))).isEmpty();
    assertThatThrownBy(() -> batch.deleteAll(List.of("../escape"))).isInstanceOf(InvalidPath.class);
    assertThat(backend.listRecursive("r")).isEmpty();
  }

  @Test
  void deleteReportsWhetherAFileWasThere() throws IOException {
    put("del.txt", new byte[] {1});
    assertThat(backend.delete("del.txt")).isTrue();
    assertThat(backend.delete("del.txt")).isFalse();
  }

  @Test
  void copyIsServerSideAndHonoursOverwrite() throws IOException {
    byte[] data = random(1000, 3);
    put("src.bin", data);
    assertThat(backend.copy("src.bin", "dst/copy.bin", false)).isTrue();
    assertThat(get("dst/copy.bin", 0, -1)).isEqualTo(data);
    assertThatThrownBy(() -> backend.copy("src.bin", "dst/copy.bin", false))
        .isInstanceOf(AlreadyExists.class);
    assertThatThrownBy(() -> backend.copy("missing.bin", "dst/x.bin", true))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void conditionalReadAnswersNotModifiedWithoutBody() throws IOException {
    byte[] data = "v1".getBytes(StandardCharsets.UTF_8);
    put("cond.txt", data);
    FileInfo info = backend.stat("cond.txt");
    try (ConditionalRead same = backend.readIfChanged("cond.txt", info.etag(), null)) {
      assertThat(same.isModified()).isFalse();
      assertThat(same.info().etag()).isEqualTo(info.etag());
    }
    try (ConditionalRead other = backend.readIfChanged("cond.txt", "0123", null)) {
      assertThat(other.isModified()).isTrue();
      assertThat(other.body().readAllBytes()).isEqualTo(data);
    }
    Instant later = info.lastModified().plusSeconds(60);
    try (ConditionalRead notNewer = backend.readIfChanged("cond.txt", null, later)) {
      assertThat(notNewer.isModified()).isFalse();
    }
    Instant earlier = info.lastModified().minusSeconds(60);
    try (ConditionalRead newer = backend.readIfChanged("cond.txt", null, earlier)) {
      assertThat(newer.isModified()).isTrue();
      assertThat(newer.body().readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void closingAReadEarlyDoesNotDrainTheObject() throws IOException {
    byte[] data = random(8 * MIB, 4);
    put("partial.bin", data);
    try (InputStream in = backend.read("partial.bin", 0, -1)) {
      assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(data, 10));
    }
    // the connection pool is still usable afterwards
    assertThat(get("partial.bin", 100, 10)).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 110));
  }

  @Test
  void hiddenTemporaryPrefixStaysOutOfListings() throws IOException {
    try (S3Client client = server.newClient()) {
      client.putObject(
          b -> b.bucket(bucket).key("_rs_tmp/x/tail-1"),
          software.amazon.awssdk.core.sync.RequestBody.fromInputStream(
              new ByteArrayInputStream(new byte[] {1}), 1));
    }
    put("visible.txt", new byte[] {1});
    assertThat(backend.list("").folders()).isEmpty();
    assertThat(backend.listRecursive("")).extracting(FileInfo::path).containsExactly("visible.txt");
  }
}
