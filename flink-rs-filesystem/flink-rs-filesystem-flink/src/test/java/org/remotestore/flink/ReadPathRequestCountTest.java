package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.flink.CountingHttpProxy.Request;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The requests behind {@code rs://} reads and listings on the s3 backend, counted by an HTTP proxy
 * between the backend and S3Proxy: opening sends nothing, a whole read is one GET and no HEAD (a
 * large object too), a Parquet-style footer and two column chunks are three ranged GETs (a small
 * Parquet file one), a listing is one request per page, and connections are reused, never aborted,
 * when a range was read to its end.
 */
class ReadPathRequestCountTest {
  private static final String STORE = "readpath";
  private static final int SIZE = 3 * 1024 * 1024;

  private static CountingHttpProxy proxy;
  private static S3Client direct;
  private static String bucket;
  private static FileSystem fs;
  private static byte[] data;

  @BeforeAll
  static void start() throws Exception {
    S3TestEndpoint server = S3ProxyServer.shared();
    proxy = new CountingHttpProxy(server.endpoint().getPort());
    S3TestEndpoint proxied =
        new S3TestEndpoint(proxy.uri(), server.region(), server.accessKey(), server.secretKey());
    bucket = server.createBucket(STORE);
    direct = server.newClient();
    data = new byte[SIZE];
    new Random(15).nextBytes(data);
    direct.putObject(b -> b.bucket(bucket).key("data/file.bin"), RequestBody.fromBytes(data));

    Configuration conf = new Configuration();
    proxied.flatKeys(STORE + "-s3", bucket).forEach(conf::setString);
    conf.setString("rs.stores." + STORE + ".backend", STORE + "-s3");
    fs = RsTestStores.fileSystem(conf, STORE);
  }

  @AfterAll
  static void stop() throws IOException {
    if (direct != null) {
      direct.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  void warmUpAndReset() throws IOException {
    // one request so that the client holds a pooled connection before counting starts
    fs.getFileStatus(new Path("rs://" + STORE + "/data/file.bin"));
    proxy.reset();
  }

  @Test
  void openAndReadAWholeObjectIsOneGetAndNoHead() throws Exception {
    Path file = new Path("rs://" + STORE + "/data/file.bin");
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(proxy.requests()).as("open sends nothing").isEmpty();
      assertThat(((InputStream) in).readAllBytes()).isEqualTo(data);
    }
    List<Request> requests = proxy.requests();
    assertThat(requests).as("requests").hasSize(1);
    assertThat(requests.get(0).method()).isEqualTo("GET");
    assertThat(requests.get(0).target()).contains("/data/file.bin");
    assertThat(proxy.connections()).as("new connections: the pooled one is reused").isZero();

    // many whole reads in a row: every connection is handed back, none aborted
    for (int i = 0; i < 5; i++) {
      try (FSDataInputStream in = fs.open(file)) {
        assertThat(((InputStream) in).readAllBytes()).hasSize(SIZE);
      }
    }
    assertThat(proxy.requests()).hasSize(6).allMatch(Request::isObjectGet);
    assertThat(proxy.connections()).isZero();
  }

  @Test
  void aWholeObjectLargerThanTheReadRangeIsOneGet() throws Exception {
    // larger than read-range (8 MiB): a stream read from its start before any seek is sequential,
    // so its first range covers the object (up to 64 x read-range), as the peers' one GET does
    byte[] large = new byte[20 * 1024 * 1024];
    new Random(16).nextBytes(large);
    direct.putObject(b -> b.bucket(bucket).key("data/large.bin"), RequestBody.fromBytes(large));
    proxy.reset();
    try (FSDataInputStream in = fs.open(new Path("rs://" + STORE + "/data/large.bin"))) {
      assertThat(((InputStream) in).readAllBytes()).isEqualTo(large);
    }
    List<Request> requests = proxy.requests();
    assertThat(requests).as("requests").hasSize(1).allMatch(Request::isObjectGet);
    assertThat(requests.get(0).range()).isEqualTo("bytes=0-" + (64L * 8 * 1024 * 1024 - 1));
    assertThat(proxy.connections()).as("the range was read to its end: no abort").isZero();

    // read in 1 MiB pieces, as a Flink reader does: still one GET
    proxy.reset();
    try (FSDataInputStream in = fs.open(new Path("rs://" + STORE + "/data/large.bin"))) {
      byte[] piece = new byte[1024 * 1024];
      long total = 0;
      for (int n; (n = in.read(piece)) >= 0; ) {
        total += n;
      }
      assertThat(total).isEqualTo(large.length);
    }
    assertThat(proxy.requests()).as("requests").hasSize(1);
    assertThat(proxy.connections()).isZero();
  }

  @Test
  void aFarSeekAfterReadingTheStartOpensASmallRange() throws Exception {
    // the start of the file first (a header), then a jump: the sequential first range is left
    // for a range sized for random access
    Path file = new Path("rs://" + STORE + "/data/file.bin");
    int footer = 64 * 1024;
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(readFully(in, 16)).isEqualTo(Arrays.copyOfRange(data, 0, 16));
      in.seek(SIZE - footer);
      assertThat(readFully(in, footer)).isEqualTo(Arrays.copyOfRange(data, SIZE - footer, SIZE));
      in.seek(1024 * 1024);
      assertThat(readFully(in, 1000))
          .isEqualTo(Arrays.copyOfRange(data, 1024 * 1024, 1024 * 1024 + 1000));
    }
    List<Request> requests = proxy.requests();
    assertThat(requests).as("requests").hasSize(3).allMatch(Request::isObjectGet);
    assertThat(requests.get(0).range()).startsWith("bytes=0-");
    assertThat(requests.get(1).range()).isEqualTo("bytes=" + (SIZE - footer) + "-" + (SIZE - 1));
    assertThat(requests.get(2).range())
        .isEqualTo("bytes=" + 1024 * 1024 + "-" + (1024 * 1024 + footer - 1));
  }

  @Test
  void aShortSeekAfterProbingTheStartSwitchesToRandomRanges() throws Exception {
    // a few bytes from the start (a magic number), then a short jump: a reader probing the file,
    // not a sequential one skipping ahead, so the next range is sized for random access
    Path file = new Path("rs://" + STORE + "/data/file.bin");
    int at = 100_000;
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(readFully(in, 16)).isEqualTo(Arrays.copyOfRange(data, 0, 16));
      in.seek(at);
      assertThat(readFully(in, 1000)).isEqualTo(Arrays.copyOfRange(data, at, at + 1000));
    }
    List<Request> requests = proxy.requests();
    assertThat(requests).as("requests").hasSize(2).allMatch(Request::isObjectGet);
    assertThat(requests.get(1).range()).isEqualTo("bytes=" + at + "-" + (at + 64 * 1024 - 1));
  }

  @Test
  void aParquetFooterAndTwoColumnChunksAreThreeRangedGets() throws Exception {
    Path file = new Path("rs://" + STORE + "/data/file.bin");
    int footer = 64 * 1024;
    int chunk = 256 * 1024;
    long[] chunks = {512L * 1024, 2L * 1024 * 1024};
    try (FSDataInputStream in = fs.open(file)) {
      in.seek(SIZE - footer);
      assertThat(readFully(in, footer)).isEqualTo(Arrays.copyOfRange(data, SIZE - footer, SIZE));
      for (long at : chunks) {
        in.seek(at);
        assertThat(readFully(in, chunk))
            .isEqualTo(Arrays.copyOfRange(data, (int) at, (int) at + chunk));
      }
    }
    List<Request> requests = proxy.requests();
    assertThat(requests).as("requests").hasSizeLessThanOrEqualTo(3);
    assertThat(requests).allMatch(Request::isObjectGet).allMatch(r -> r.range() != null);
    // the first read comes after a seek: its range starts 64 KiB earlier (kept in memory)
    assertThat(requests.get(0).range()).startsWith("bytes=" + (SIZE - 2 * footer) + "-");
    assertThat(proxy.connections()).as("no range was aborted: one connection throughout").isZero();
  }

  @Test
  void aSmallParquetFileIsReadWithOneGet() throws Exception {
    // Parquet's reader: the 8-byte tail (footer length and magic), then the footer before it,
    // then the column chunks from the start; the file is smaller than the look-behind
    byte[] small = Arrays.copyOf(data, 20_000);
    direct.putObject(b -> b.bucket(bucket).key("data/small.parquet"), RequestBody.fromBytes(small));
    proxy.reset();
    int footer = 1_500;
    try (FSDataInputStream in = fs.open(new Path("rs://" + STORE + "/data/small.parquet"))) {
      in.seek(small.length - 8);
      assertThat(readFully(in, 8))
          .isEqualTo(Arrays.copyOfRange(small, small.length - 8, small.length));
      in.seek(small.length - 8 - footer);
      assertThat(readFully(in, footer))
          .isEqualTo(Arrays.copyOfRange(small, small.length - 8 - footer, small.length - 8));
      in.seek(4);
      assertThat(readFully(in, 6_000)).isEqualTo(Arrays.copyOfRange(small, 4, 6_004));
      in.seek(9_000);
      assertThat(in.read()).isEqualTo(small[9_000] & 0xff);
      assertThat(readFully(in, 100)).isEqualTo(Arrays.copyOfRange(small, 9_001, 9_101));
    }
    List<Request> requests = proxy.requests();
    assertThat(requests).as("requests").hasSize(1);
    assertThat(requests.get(0).range()).startsWith("bytes=0-");
    assertThat(proxy.connections()).as("no range was aborted").isZero();
  }

  @Test
  void aFirstReadPastTheEndIsTheEndOfTheFile() throws Exception {
    try (FSDataInputStream in = fs.open(new Path("rs://" + STORE + "/data/file.bin"))) {
      in.seek(SIZE + 10);
      assertThat(in.read()).isEqualTo(-1);
      in.seek(SIZE - 1);
      assertThat(in.read()).isEqualTo(data[SIZE - 1] & 0xff);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void aSmallUnreadRemainderIsDrainedSoTheConnectionIsReused() throws Exception {
    Path file = new Path("rs://" + STORE + "/data/file.bin");
    int tail = 100 * 1024;
    try (FSDataInputStream in = fs.open(file)) {
      in.seek(SIZE - tail);
      assertThat(readFully(in, 10))
          .isEqualTo(Arrays.copyOfRange(data, SIZE - tail, SIZE - tail + 10));
      in.seek(0); // leaves almost 100 KiB of the first range unread
      assertThat(readFully(in, 10)).isEqualTo(Arrays.copyOfRange(data, 0, 10));
    }
    assertThat(proxy.requests()).hasSize(2).allMatch(Request::isObjectGet);
    assertThat(proxy.connections()).as("the remainder was drained, not aborted").isZero();
  }

  @Test
  void listStatusIsOneListingRequestPerPage() throws Exception {
    int files = 1_050; // S3 answers at most 1 000 keys per page: two pages
    for (int i = 0; i < files; i++) {
      String key = String.format("many/part-%05d.csv", i);
      direct.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[] {1}));
    }
    direct.putObject(b -> b.bucket(bucket).key("many/sub/x.csv"), RequestBody.empty());
    proxy.reset();

    FileStatus[] listed = fs.listStatus(new Path("rs://" + STORE + "/many"));
    assertThat(listed).hasSize(files + 1);
    assertThat(Arrays.stream(listed).filter(FileStatus::isDir)).hasSize(1);
    assertThat(proxy.requests()).as("requests").hasSize(2).allMatch(Request::isListing);

    proxy.reset();
    FileStatus folder = fs.getFileStatus(new Path("rs://" + STORE + "/many"));
    assertThat(folder.isDir()).isTrue();
    assertThat(proxy.requests()).as("getFileStatus of a folder").hasSizeLessThanOrEqualTo(1);
  }

  private static byte[] readFully(FSDataInputStream in, int count) throws IOException {
    byte[] out = new byte[count];
    int off = 0;
    while (off < count) {
      int n = in.read(out, off, count - off);
      assertThat(n).as("bytes before the end").isPositive();
      off += n;
    }
    return out;
  }
}
