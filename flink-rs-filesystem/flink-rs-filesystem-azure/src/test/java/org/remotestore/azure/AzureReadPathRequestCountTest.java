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
import org.remotestore.spi.Backend;
import org.remotestore.testing.FaultProxy;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * The azure backend's requests, counted by a proxy in front of Azurite: a read is ranged GETs only
 * (no HEAD first), a one-level listing is one List Blobs request, and every finished range leaves
 * its connection for the next request (one connection for a series of requests: none aborted).
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
    assertThat(proxy.requestCount(FaultProxy.method("GET"))).isEqualTo(3);
    for (int i = 0; i < 5; i++) {
      try (InputStream in = counted.read("dir/small-" + i + ".txt", 0, -1)) {
        assertThat(in.read()).isNotNegative(); // read one byte, close the rest unread
      }
    }
    assertThat(proxy.requestCount(FaultProxy.method("GET"))).isEqualTo(3 + 5);
    assertThat(proxy.requestCount(FaultProxy.method("HEAD"))).isZero();

    assertThat(counted.list("dir").files()).hasSize(6);
    assertThat(proxy.requestCount(FaultProxy.queryContains("comp=list"))).isEqualTo(1);
    assertThat(proxy.connectionCount() - connectionsBefore)
        .as("every request after the first reuses the pooled connection")
        .isLessThanOrEqualTo(1);
  }
}
