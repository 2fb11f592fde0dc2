package org.remotestore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.testing.http.StaticHttpServer;

/** Reading {@code rs://} paths of a store on the http backend through Flink's FileSystem. */
class HttpRsFileSystemTest {
  private StaticHttpServer server;
  private FileSystem fs;

  @BeforeEach
  void start() throws Exception {
    server = StaticHttpServer.start();
    Configuration conf = new Configuration();
    conf.setString("rs.backends.web.type", "http");
    conf.setString("rs.backends.web.base-url", server.baseUri() + "feed/");
    conf.setString("rs.stores.smn.backend", "web");
    conf.setString("rs.stores.smn.read-range", "4kb");
    RsFileSystems.initialize(conf);
    fs = FileSystem.get(URI.create("rs://smn/"));
  }

  @AfterEach
  void stop() throws Exception {
    RsFileSystems.initialize(new Configuration());
    server.close();
  }

  @Test
  void openAndStatusWorkAndSeeksUseRanges() throws Exception {
    byte[] content = new byte[20_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i % 251);
    }
    Instant modified = Instant.parse("2026-11-21T10:00:00Z");
    server.put("feed/ber/ogd-smn_ber_t_now.csv", content, modified);
    Path path = new Path("rs://smn/ber/ogd-smn_ber_t_now.csv");

    FileStatus status = fs.getFileStatus(path);
    assertThat(status.isDir()).isFalse();
    assertThat(status.getLen()).isEqualTo(content.length);
    assertThat(status.getModificationTime()).isEqualTo(modified.toEpochMilli());
    assertThat(fs.exists(path)).isTrue();
    assertThat(fs.exists(new Path("rs://smn/ber/missing.csv"))).isFalse();
    assertThatThrownBy(() -> fs.getFileStatus(new Path("rs://smn/ber/missing.csv")))
        .isInstanceOf(FileNotFoundException.class);

    try (FSDataInputStream in = fs.open(path)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    server.resetCounters();
    try (FSDataInputStream in = fs.open(path)) {
      in.seek(15_000);
      byte[] got = new byte[100];
      int n = in.read(got);
      assertThat(Arrays.copyOf(got, n)).isEqualTo(Arrays.copyOfRange(content, 15_000, 15_000 + n));
    }
    assertThat(server.statusCount(206)).isPositive();
    assertThat(server.bodyBytesSent()).isLessThan(content.length);
  }

  @Test
  void writingListingAndDeletingFailClearly() throws Exception {
    server.put("feed/a.csv", StaticHttpServer.utf8("x"));
    assertThatThrownBy(
            () -> fs.create(new Path("rs://smn/new.csv"), FileSystem.WriteMode.OVERWRITE))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("'web'")
        .hasMessageContaining("http");
    assertThatThrownBy(() -> fs.listStatus(new Path("rs://smn/")))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("LIST");
    assertThatThrownBy(() -> fs.delete(new Path("rs://smn/a.csv"), false))
        .isInstanceOf(CapabilityNotSupported.class);
    assertThat(server.requestCount("PUT")).isZero();
    assertThat(server.requestCount("DELETE")).isZero();
  }
}
