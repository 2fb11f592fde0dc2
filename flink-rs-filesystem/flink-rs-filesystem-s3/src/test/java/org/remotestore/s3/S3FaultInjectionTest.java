package org.remotestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendUnavailable;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.testing.FaultProxy;
import org.remotestore.testing.FaultProxy.Fault;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * Writes and reads through a fault-injecting proxy in front of S3Proxy: throttling, 5xx and
 * connection resets are retried and the data arrives intact; faults that outlast the retries fail
 * cleanly, and nothing partial or corrupt is ever published.
 */
class S3FaultInjectionTest {
  private static final int MIB = 1 << 20;

  private S3TestEndpoint server;
  private String bucket;
  private FaultProxy proxy;
  private S3Backend direct;

  @BeforeEach
  void setUp() throws IOException {
    server = S3ProxyServer.shared();
    bucket = server.createBucket("faults");
    proxy = FaultProxy.start(server.endpoint());
    direct = server.newBackend("direct", bucket, Map.of());
  }

  @AfterEach
  void tearDown() throws IOException {
    direct.close();
    proxy.close();
  }

  private S3Backend throughProxy(int attempts) {
    return server.newBackend(
        "faulty",
        bucket,
        Map.of(
            "endpoint",
            proxy.uri().toString(),
            "retries",
            Integer.toString(attempts),
            "part-size",
            "5mb",
            "multipart-threshold",
            "5mb"));
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private byte[] readDirect(String key) throws IOException {
    try (InputStream in = direct.read(key, 0, -1)) {
      return in.readAllBytes();
    }
  }

  private static java.util.function.Predicate<FaultProxy.Request> partUpload() {
    return r -> r.method().equals("PUT") && r.query() != null && r.query().contains("partNumber=");
  }

  private static java.util.function.Predicate<FaultProxy.Request> completeUpload() {
    return r -> r.method().equals("POST") && r.query() != null && r.query().contains("uploadId=");
  }

  @Test
  void throttlingAndResetsDuringAMultipartWriteAreRetried() throws IOException {
    byte[] data = random(12 * MIB, 1);
    try (S3Backend backend = throughProxy(5)) {
      FaultProxy.Rule slowDown = proxy.inject(Fault.s3SlowDown(), partUpload(), 2);
      FaultProxy.Rule reset = proxy.inject(Fault.resetAfterRequestBytes(MIB), partUpload(), 1);
      FaultProxy.Rule busy = proxy.inject(Fault.serviceUnavailable(), completeUpload(), 1);
      try (OutputStream out = backend.openOutput("survives.bin", false)) {
        out.write(data);
      }
      assertThat(slowDown.triggered()).isEqualTo(2);
      assertThat(reset.triggered()).isEqualTo(1);
      assertThat(busy.triggered()).isEqualTo(1);
    }
    assertThat(readDirect("survives.bin")).isEqualTo(data);
    assertThat(direct.listMultipartUploads("")).isEmpty();
  }

  @Test
  void aFailureThatOutlastsTheRetriesPublishesNothing() throws IOException {
    byte[] data = random(11 * MIB, 2);
    try (S3Backend backend = throughProxy(2)) {
      proxy.inject(Fault.s3SlowDown(), completeUpload(), 100);
      OutputStream out = backend.openOutput("never.bin", true);
      out.write(data);
      assertThatThrownBy(out::close)
          .isInstanceOf(BackendUnavailable.class)
          .hasMessageContaining("never.bin");
      proxy.clearFaults();
    }
    assertThat(direct.stat("never.bin")).isNull();
    assertThat(direct.listMultipartUploads("")).as("the failed upload was aborted").isEmpty();
  }

  @Test
  void aSmallPutResetMidBodyIsRetriedWithTheWholeBody() throws IOException {
    byte[] data = random(3 * MIB, 3);
    try (S3Backend backend = throughProxy(4)) {
      proxy.inject(Fault.resetAfterRequestBytes(MIB), FaultProxy.method("PUT"), 1);
      try (OutputStream out = backend.openOutput("small.bin", true)) {
        out.write(data);
      }
    }
    assertThat(readDirect("small.bin")).isEqualTo(data);
  }

  @Test
  void aTruncatedDownloadFailsInsteadOfReturningShortData() throws IOException {
    byte[] data = random(2 * MIB, 4);
    try (OutputStream out = direct.openOutput("full.bin", true)) {
      out.write(data);
    }
    try (S3Backend backend = throughProxy(3)) {
      proxy.inject(Fault.truncateResponse(100_000), FaultProxy.method("GET"), 1);
      assertThatThrownBy(
              () -> {
                try (InputStream in = backend.read("full.bin", 0, -1)) {
                  in.readAllBytes();
                }
              })
          .isInstanceOf(IOException.class);
      // the next read is whole again
      try (InputStream in = backend.read("full.bin", 0, -1)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
    }
  }

  @Test
  void resumableWritesSurviveFaultsAndPublishExactlyOnce() throws IOException {
    byte[] first = random(6 * MIB, 5);
    byte[] second = random(2 * MIB, 6);
    try (S3Backend backend = throughProxy(5)) {
      ResumableWrites writes = backend.resumableWrites();
      ResumableWrites.PendingUpload upload = writes.begin("exactly/once.bin");
      proxy.inject(Fault.s3SlowDown(), partUpload(), 1);
      upload.write(first, 0, first.length);
      proxy.inject(Fault.resetAfterRequestBytes(1000), FaultProxy.method("PUT"), 1);
      byte[] state = upload.persist();
      upload.close();

      ResumableWrites.PendingUpload resumed = writes.resume(state);
      resumed.write(second, 0, second.length);
      byte[] commit = resumed.closeForCommit();
      // the completion answer is lost after the server acted on it: the retry finds the upload
      // gone and the object complete, which is a success; so is a later re-commit
      FaultProxy.Rule lost = proxy.inject(Fault.resetAfterResponseBytes(0), completeUpload(), 1);
      writes.commit(commit);
      assertThat(lost.triggered()).isEqualTo(1);
      writes.commit(commit);
    }
    byte[] expected = new byte[first.length + second.length];
    System.arraycopy(first, 0, expected, 0, first.length);
    System.arraycopy(second, 0, expected, first.length, second.length);
    assertThat(readDirect("exactly/once.bin")).isEqualTo(expected);
    assertThat(direct.listMultipartUploads("")).isEmpty();
    assertThat(direct.listRecursive("")).hasSize(1);
  }
}
