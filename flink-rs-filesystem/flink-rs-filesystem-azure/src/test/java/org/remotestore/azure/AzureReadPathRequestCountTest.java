package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.FaultProxy;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * The azure backend's requests, counted by a proxy in front of Azurite: a read is ranged GETs only
 * (no HEAD first): the first chunk, then the rest of the range in one GET; a one-level listing is
 * one List Blobs request; every finished range leaves its connection for the next request (one
 * connection for a series of requests: none aborted), and only a stream closed with a long rest
 * unread drops its connection (a short one is read to its end by the store's ranged reader).
 */
class AzureReadPathRequestCountTest {
  private static final int CHUNK = 64 * 1024;

  private FaultProxy proxy;
  private Backend counted;

  @BeforeEach
  void setUp() throws IOException {
    proxy = FaultProxy.start("127.0.0.1", Azurite.shared().port());
    Map<String, String> options =
        AzureTestSupport.options(
            proxy.uri() + "/" + Azurite.ACCOUNT, AzureTestSupport.newContainerName());
    options.put("read-block-size", "64kb");
    counted = new AzureBlobBackendFactory().create(AzureTestSupport.config("counted", options));
  }

  @AfterEach
  void tearDown() throws IOException {
    counted.close();
    proxy.close();
  }

  private void write(String key, int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    try (OutputStream out = counted.openOutput(key, true)) {
      out.write(data);
    }
  }

  @Test
  void readsAreRangedGetsWithoutHeadOnOneReusedConnection() throws IOException {
    write("dir/big.bin", 3 * CHUNK);
    for (int i = 0; i < 5; i++) {
      write("dir/small-" + i + ".txt", 100 + i);
    }
    proxy.resetCounters();
    long connectionsBefore = proxy.connectionCount();

    try (InputStream in = counted.read("dir/big.bin", 0, -1)) {
      assertThat(in.readAllBytes()).hasSize(3 * CHUNK);
    }
    assertThat(proxy.requests())
        .extracting(r -> r.header("x-ms-range"))
        .containsExactly("bytes=0-" + (CHUNK - 1), "bytes=" + CHUNK + "-" + (3 * CHUNK - 1));
    for (int i = 0; i < 5; i++) {
      try (InputStream in = counted.read("dir/small-" + i + ".txt", 0, -1)) {
        assertThat(in.read()).isNotNegative(); // read one byte, close the rest unread
      }
    }
    assertThat(proxy.requestCount(FaultProxy.method("GET"))).isEqualTo(2 + 5);
    assertThat(proxy.requestCount(FaultProxy.method("HEAD"))).isZero();

    assertThat(counted.list("dir").files()).hasSize(6);
    assertThat(proxy.requestCount(FaultProxy.queryContains("comp=list"))).isEqualTo(1);
    assertThat(proxy.connectionCount() - connectionsBefore)
        .as("every request after the first reuses the pooled connection")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void aStreamClosedEarlyDrainsAShortRestAndDropsTheConnectionOfALongOne() throws IOException {
    // through the store's ranged reader (what rs:// opens), which reads a rest of at most 128 KiB
    // to its end for every backend; the backend's own stream drops the connection of any other
    int shortRest = 100 * 1024;
    write("short-rest.bin", CHUNK + 10 + shortRest);
    write("long-rest.bin", CHUNK + 10 + 1024 * 1024);
    Store store = new DefaultStore(counted, "");

    try (InputStream in = store.readSeekable("short-rest.bin")) {
      assertThat(in.readNBytes(CHUNK + 10)).hasSize(CHUNK + 10);
    }
    long afterShort = proxy.connectionCount();
    assertThat(counted.stat("short-rest.bin")).isNotNull();
    assertThat(proxy.connectionCount() - afterShort)
        .as(
            "a rest of %d bytes is read to its end: the next request reuses the connection",
            shortRest)
        .isZero();

    try (InputStream in = store.readSeekable("long-rest.bin")) {
      assertThat(in.readNBytes(CHUNK + 10)).hasSize(CHUNK + 10);
    }
    long afterLong = proxy.connectionCount();
    assertThat(counted.stat("long-rest.bin")).isNotNull();
    assertThat(proxy.connectionCount() - afterLong)
        .as("a long rest is not downloaded: its connection is dropped, the next request opens one")
        .isEqualTo(1);
  }

  @Test
  void aShortSkipReadsOnInTheOpenAnswerAndALongOneAsksForTheNewPosition() throws IOException {
    byte[] data = new byte[CHUNK + 4 * 1024 * 1024];
    new Random(9).nextBytes(data);
    try (OutputStream out = counted.openOutput("seek.bin", true)) {
      out.write(data);
    }
    proxy.resetCounters();

    try (InputStream in = counted.read("seek.bin", 0, -1)) {
      in.skipNBytes(CHUNK + 100);
      assertThat(in.read()).isEqualTo(data[CHUNK + 100] & 0xff);
      in.skipNBytes(1000); // short: read on in the same answer
      assertThat(in.read()).isEqualTo(data[CHUNK + 1101] & 0xff);
      in.skipNBytes(2 * 1024 * 1024); // long: a new range from there
      int at = CHUNK + 1102 + 2 * 1024 * 1024;
      assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOfRange(data, at, at + 10));
    }
    assertThat(proxy.requests())
        .extracting(r -> r.header("x-ms-range"))
        .containsExactly(
            "bytes=0-" + (CHUNK - 1),
            "bytes=" + (CHUNK + 100) + "-" + (data.length - 1),
            "bytes=" + (CHUNK + 1102 + 2 * 1024 * 1024) + "-" + (data.length - 1));
  }
}
