package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendUnavailable;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.testing.FaultProxy;
import org.remotestore.testing.FaultProxy.Fault;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * The azure backend behind a fault-injecting proxy in front of Azurite: throttling, 5xx, connection
 * resets in the middle of uploads and downloads, slow answers. Writes either survive (the SDK
 * retries) or fail cleanly with a {@link RemoteStoreException}; nothing partial or corrupt is ever
 * published. A second backend talks to Azurite directly to check what is really stored.
 */
class AzureFaultInjectionTest {
  private static final int BLOCK = 64 * 1024;
  private static final Predicate<FaultProxy.Request> PUT_BLOCK =
      FaultProxy.method("PUT").and(FaultProxy.queryContains("comp=block&"));
  private static final Predicate<FaultProxy.Request> PUT_BLOCK_LIST =
      FaultProxy.method("PUT").and(FaultProxy.queryContains("comp=blocklist"));
  private static final Predicate<FaultProxy.Request> GET = FaultProxy.method("GET");

  private FaultProxy proxy;
  private Backend faulty;
  private Backend direct;

  @BeforeEach
  void setUp() throws IOException {
    proxy = FaultProxy.start("127.0.0.1", Azurite.shared().port());
    String container = AzureTestSupport.newContainerName();
    Map<String, String> options =
        AzureTestSupport.options(proxy.uri() + "/" + Azurite.ACCOUNT, container);
    options.put("block-size", "64kb");
    options.put("read-block-size", "64kb");
    options.put("max-retries", "3");
    options.put("retry-delay", "10ms");
    options.put("max-retry-delay", "100ms");
    options.put("request-timeout", "3s");
    faulty = new AzureBlobBackendFactory().create(AzureTestSupport.config("faulty", options));
    direct =
        new AzureBlobBackendFactory()
            .create(
                AzureTestSupport.config(
                    "direct",
                    AzureTestSupport.options(Azurite.shared().blobEndpoint(), container)));
  }

  @AfterEach
  void tearDown() throws IOException {
    faulty.close();
    direct.close();
    proxy.close();
  }

  private static byte[] data(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private void write(Backend backend, String key, byte[] data) throws IOException {
    try (OutputStream out = backend.openOutput(key, true)) {
      out.write(data);
    }
  }

  private byte[] read(Backend backend, String key) throws IOException {
    try (InputStream in = backend.read(key, 0, -1)) {
      return in.readAllBytes();
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetried() throws IOException {
    byte[] content = data(BLOCK * 4 + 10, 1);
    FaultProxy.Rule busy = proxy.inject(Fault.azureServerBusy(), PUT_BLOCK, 2);
    FaultProxy.Rule tooMany = proxy.inject(Fault.tooManyRequests(Duration.ZERO), PUT_BLOCK, 1);
    FaultProxy.Rule error = proxy.inject(Fault.internalServerError(), PUT_BLOCK_LIST, 1);
    write(faulty, "retried.bin", content);
    assertThat(busy.triggered()).isEqualTo(2);
    assertThat(tooMany.triggered()).isEqualTo(1);
    assertThat(error.triggered()).isEqualTo(1);
    assertThat(read(direct, "retried.bin")).isEqualTo(content);
  }

  @Test
  void connectionResetsInTheMiddleOfUploadsAreRetried() throws IOException {
    byte[] content = data(BLOCK * 3 + 5, 2);
    FaultProxy.Rule reset = proxy.inject(Fault.resetAfterRequestBytes(BLOCK / 2), PUT_BLOCK, 2);
    write(faulty, "reset.bin", content);
    assertThat(reset.triggered()).isEqualTo(2);
    assertThat(read(direct, "reset.bin")).isEqualTo(content);
  }

  @Test
  void aSlowAnswerBeyondTheTryTimeoutIsRetried() throws IOException {
    byte[] content = data(BLOCK * 2 + 1, 3);
    FaultProxy.Rule slow = proxy.inject(Fault.delayResponse(Duration.ofSeconds(10)), PUT_BLOCK, 1);
    write(faulty, "slow.bin", content);
    assertThat(slow.triggered()).isEqualTo(1);
    assertThat(read(direct, "slow.bin")).isEqualTo(content);
  }

  @Test
  void interruptedDownloadsResumeWithTheRightBytes() throws IOException {
    byte[] content = data(BLOCK * 3, 4);
    write(direct, "download.bin", content);
    FaultProxy.Rule reset = proxy.inject(Fault.resetAfterResponseBytes(1000), GET, 1);
    FaultProxy.Rule truncate = proxy.inject(Fault.truncateResponse(5000), GET, 1, 1);
    assertThat(read(faulty, "download.bin")).isEqualTo(content);
    assertThat(reset.triggered()).isEqualTo(1);
    assertThat(truncate.triggered()).isEqualTo(1);
  }

  @Test
  void aCutInTheStreamedRestResumesFromTheFirstByteNotRead() throws IOException {
    byte[] content = data(BLOCK * 4, 5);
    write(direct, "rest.bin", content);
    proxy.resetCounters();
    FaultProxy.Rule cut = proxy.inject(Fault.truncateResponse(BLOCK + 1000), GET, 1, 1);
    // rules are tried in order and the first that fires wins: this one skips only GET 1
    FaultProxy.Rule again = proxy.inject(Fault.truncateResponse(500), GET, 1, 1);

    assertThat(read(faulty, "rest.bin")).isEqualTo(content);

    assertThat(cut.triggered()).isEqualTo(1);
    assertThat(again.triggered()).isEqualTo(1);
    long resumedAt = 2L * BLOCK + 1000;
    assertThat(proxy.requests())
        .filteredOn(GET)
        .extracting(r -> r.header("x-ms-range"))
        .containsExactly(
            "bytes=0-" + (BLOCK - 1),
            "bytes=" + BLOCK + "-" + (4 * BLOCK - 1),
            "bytes=" + resumedAt + "-" + (4 * BLOCK - 1),
            "bytes=" + (resumedAt + 500) + "-" + (4 * BLOCK - 1));
    assertThat(proxy.requests().stream().filter(GET).skip(1))
        .as("every GET after the first is pinned to the version the first one saw")
        .allSatisfy(r -> assertThat(r.header("If-Match")).isNotNull());
  }

  @Test
  void aResumeAfterTheBlobWasReplacedFailsInsteadOfMixingVersions() throws IOException {
    write(direct, "replaced.bin", data(BLOCK * 4, 6));
    proxy.inject(Fault.truncateResponse(BLOCK), GET, 1, 1);
    try (InputStream in = faulty.read("replaced.bin", 0, -1)) {
      in.readNBytes(BLOCK + 10);
      write(direct, "replaced.bin", data(BLOCK * 4, 7));
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("changed while");
    }
  }

  @Test
  void persistentFailuresFailCleanlyAndPublishNothing() throws IOException {
    write(direct, "kept.bin", new byte[] {1, 2, 3});

    proxy.inject(Fault.serviceUnavailable(), PUT_BLOCK_LIST, -1);
    OutputStream commitFails = faulty.openOutput("kept.bin", true);
    commitFails.write(data(BLOCK * 2 + 3, 5));
    assertThatThrownBy(commitFails::close)
        .isInstanceOf(BackendUnavailable.class)
        .hasMessageContaining("kept.bin")
        .hasMessageContaining("503")
        .satisfies(e -> AzureBlobBackendTest.assertNoSecret(e, Azurite.ACCOUNT_KEY));
    assertThat(read(direct, "kept.bin")).containsExactly(1, 2, 3);

    proxy.clearFaults();
    proxy.inject(Fault.resetAfterRequestBytes(100), PUT_BLOCK, -1);
    assertThatThrownBy(() -> write(faulty, "never.bin", data(BLOCK * 3, 6)))
        .isInstanceOf(BackendUnavailable.class)
        .hasMessageContaining("never.bin");
    assertThat(direct.stat("never.bin")).isNull();

    proxy.clearFaults();
    proxy.inject(Fault.azureServerBusy(), FaultProxy.method("HEAD"), -1);
    assertThatThrownBy(() -> faulty.stat("kept.bin"))
        .isInstanceOf(BackendUnavailable.class)
        .satisfies(e -> assertThat(((RemoteStoreException) e).isRetryable()).isTrue());
  }

  @Test
  void resumableUploadsSurviveFaultsAndCommitExactlyOnce() throws IOException {
    ResumableWrites writes = faulty.resumableWrites();
    byte[] first = data(BLOCK + 100, 7);
    byte[] second = data(BLOCK * 2, 8);
    ResumableWrites.PendingUpload upload = writes.begin("resumable.bin");
    proxy.inject(Fault.resetAfterRequestBytes(BLOCK / 4), PUT_BLOCK, 1);
    upload.write(first, 0, first.length);
    byte[] persisted = upload.persist();
    upload.close();

    ResumableWrites.PendingUpload resumed = writes.resume(persisted);
    proxy.inject(Fault.azureServerBusy(), PUT_BLOCK, 2);
    resumed.write(second, 0, second.length);
    byte[] commit = resumed.closeForCommit();

    // the commit's answer is lost after the service applied it: the retry must still succeed
    FaultProxy.Rule lostAnswer = proxy.inject(Fault.resetAfterResponseBytes(0), PUT_BLOCK_LIST, 1);
    writes.commit(commit);
    writes.commit(commit);
    byte[] expected = new byte[first.length + second.length];
    System.arraycopy(first, 0, expected, 0, first.length);
    System.arraycopy(second, 0, expected, first.length, second.length);
    assertThat(read(direct, "resumable.bin")).isEqualTo(expected);
    assertThat(lostAnswer.triggered()).isEqualTo(1);
  }
}
