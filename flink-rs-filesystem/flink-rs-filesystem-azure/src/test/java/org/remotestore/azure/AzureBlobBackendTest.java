package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.AlreadyExists;
import org.remotestore.BackendConfig;
import org.remotestore.BackendUnavailable;
import org.remotestore.Capability;
import org.remotestore.ConditionalRead;
import org.remotestore.ConfigException;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/** The azure backend's own behaviour against Azurite, below the Store. */
class AzureBlobBackendTest {
  private final AzureBlobBackendFactory factory = new AzureBlobBackendFactory();
  private Backend backend;
  private Map<String, String> options;

  @BeforeEach
  void setUp() {
    options = AzureTestSupport.options();
    options.put("block-size", "64kb");
    backend = factory.create(AzureTestSupport.config("az", options));
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
  void factoryIsFoundByServiceLoader() {
    assertThat(java.util.ServiceLoader.load(org.remotestore.spi.BackendFactory.class))
        .anyMatch(f -> f.type().equals("azure") && f instanceof AzureBlobBackendFactory);
    assertThat(factory.secretOptions())
        .containsExactlyInAnyOrder("connection-string", "account-key", "sas-token");
    assertThat(factory.options()).containsAll(factory.secretOptions()).contains("container");
    assertThat(backend.capabilities().supports(Capability.RESUMABLE_WRITE)).isTrue();
    assertThat(backend.capabilities().supports(Capability.CONDITIONAL_READ)).isTrue();
    assertThat(backend.isObjectStore()).isTrue();
  }

  @Test
  void smallAndMultiBlockWritesReadBackWholeAndInRanges() throws IOException {
    byte[] small = "hello azure".getBytes(StandardCharsets.UTF_8);
    byte[] big = random(64 * 1024 * 5 + 123, 1); // six blocks of 64 KiB, the last one short
    put("a/small.txt", small);
    put("a/b/big.bin", big);

    assertThat(get("a/small.txt", 0, -1)).isEqualTo(small);
    assertThat(get("a/b/big.bin", 0, -1)).isEqualTo(big);
    assertThat(get("a/b/big.bin", 70_000, 200_000))
        .isEqualTo(java.util.Arrays.copyOfRange(big, 70_000, 270_000));
    assertThat(get("a/b/big.bin", big.length - 10, 100))
        .isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 10, big.length));
    assertThat(get("a/b/big.bin", big.length, 10)).isEmpty();
    assertThat(get("a/b/big.bin", big.length + 5, -1)).isEmpty();
    assertThat(get("a/small.txt", 3, 0)).isEmpty();

    FileInfo info = backend.stat("a/b/big.bin");
    assertThat(info.path()).isEqualTo("a/b/big.bin");
    assertThat(info.size()).isEqualTo(big.length);
    assertThat(info.etag()).startsWith("\"");
    assertThat(info.lastModified()).isNotNull();
  }

  @Test
  void emptyFileExistsAndReadsEmpty() throws IOException {
    put("empty", new byte[0]);
    assertThat(backend.stat("empty").size()).isZero();
    assertThat(get("empty", 0, -1)).isEmpty();
    assertThat(get("empty", 0, 10)).isEmpty();
  }

  @Test
  void missingFilesAreNotFoundOrNull() throws IOException {
    assertThat(backend.stat("nope")).isNull();
    assertThatThrownBy(() -> backend.read("nope", 0, -1))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> backend.read("nope", 10, 0)).isInstanceOf(NotFound.class);
    assertThat(backend.delete("nope")).isFalse();
  }

  @Test
  void listingIsHierarchicalAndRecursiveIsFlat() throws IOException {
    put("root.txt", new byte[1]);
    put("d/one.txt", new byte[2]);
    put("d/two.txt", new byte[3]);
    put("d/sub/three.txt", new byte[4]);
    put("d/sub/deeper/four.txt", new byte[5]);
    put("dx/other.txt", new byte[6]);

    Backend.Level top = backend.list("");
    assertThat(top.files()).extracting(FileInfo::path).containsExactly("root.txt");
    assertThat(top.folders()).containsExactlyInAnyOrder("d", "dx");

    Backend.Level d = backend.list("d");
    assertThat(d.files())
        .extracting(FileInfo::path)
        .containsExactlyInAnyOrder("d/one.txt", "d/two.txt");
    assertThat(d.files()).extracting(FileInfo::size).containsExactlyInAnyOrder(2L, 3L);
    assertThat(d.folders()).containsExactly("d/sub");

    assertThat(backend.listRecursive("d"))
        .extracting(FileInfo::path)
        .containsExactlyInAnyOrder(
            "d/one.txt", "d/two.txt", "d/sub/three.txt", "d/sub/deeper/four.txt");
    assertThat(backend.list("missing").files()).isEmpty();
    assertThat(backend.folderExists("d/sub")).isTrue();
    assertThat(backend.folderExists("d/su")).isFalse();
    // listing and stat agree on metadata
    FileInfo listed =
        d.files().stream().filter(f -> f.path().equals("d/one.txt")).findFirst().get();
    FileInfo stat = backend.stat("d/one.txt");
    assertThat(listed.etag()).isEqualTo(stat.etag());
    assertThat(listed.lastModified()).isEqualTo(stat.lastModified());
  }

  @Test
  void abortedAndUnclosedStreamsPublishNothing() throws IOException {
    Store.AtomicOutputStream out = backend.openOutput("aborted.bin", true);
    out.write(random(64 * 1024 * 3, 2)); // stages three blocks
    out.abort();
    out.close();
    assertThat(backend.stat("aborted.bin")).isNull();
    assertThat(backend.listRecursive("")).isEmpty();
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);

    Store.AtomicOutputStream open = backend.openOutput("pending.bin", true);
    open.write(random(64 * 1024 * 2 + 7, 3));
    assertThat(backend.stat("pending.bin")).isNull();
    open.close();
    assertThat(backend.stat("pending.bin").size()).isEqualTo(64 * 1024 * 2 + 7);
  }

  @Test
  void overwriteFalseIsCheckedAtOpenAndAgainWhenPublishing() throws IOException {
    put("x", new byte[] {1});
    assertThatThrownBy(() -> backend.openOutput("x", false))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("x");

    // single-request publish (fits in one block)
    OutputStream small = backend.openOutput("race-small", false);
    small.write(new byte[] {1, 2, 3});
    put("race-small", new byte[] {9});
    assertThatThrownBy(small::close).isInstanceOf(AlreadyExists.class);
    assertThat(get("race-small", 0, -1)).containsExactly(9);

    // block-list publish
    OutputStream large = backend.openOutput("race-large", false);
    large.write(random(64 * 1024 * 2 + 1, 4));
    put("race-large", new byte[] {8});
    assertThatThrownBy(large::close).isInstanceOf(AlreadyExists.class);
    assertThat(get("race-large", 0, -1)).containsExactly(8);

    // overwrite=true replaces
    put("x", new byte[] {2, 2});
    assertThat(get("x", 0, -1)).containsExactly(2, 2);
  }

  @Test
  void copyIsServerSideAndHonoursOverwrite() throws IOException {
    byte[] data = random(200_000, 5);
    put("src/file.bin", data);
    assertThat(backend.copy("src/file.bin", "dst/file.bin", false)).isTrue();
    assertThat(get("dst/file.bin", 0, -1)).isEqualTo(data);

    put("other", new byte[] {1});
    assertThatThrownBy(() -> backend.copy("src/file.bin", "other", false))
        .isInstanceOf(AlreadyExists.class);
    assertThat(get("other", 0, -1)).containsExactly(1);
    assertThat(backend.copy("src/file.bin", "other", true)).isTrue();
    assertThat(get("other", 0, -1)).isEqualTo(data);

    assertThatThrownBy(() -> backend.copy("missing", "x", true))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("missing");
  }

  @Test
  void conditionalReadAnswersNotModifiedWithoutBody() throws IOException {
    put("c.txt", "v1".getBytes(StandardCharsets.UTF_8));
    FileInfo v1 = backend.stat("c.txt");

    try (ConditionalRead same = backend.readIfChanged("c.txt", v1.etag(), null)) {
      assertThat(same.isModified()).isFalse();
      assertThat(same.info().etag()).isEqualTo(v1.etag());
      assertThat(same.info().size()).isEqualTo(2);
    }
    try (ConditionalRead other = backend.readIfChanged("c.txt", "\"0x8D000000000000\"", null)) {
      assertThat(other.isModified()).isTrue();
      assertThat(other.body().readAllBytes()).isEqualTo("v1".getBytes(StandardCharsets.UTF_8));
      assertThat(other.info().etag()).isEqualTo(v1.etag());
    }
    Instant later = v1.lastModified().plusSeconds(60);
    try (ConditionalRead notNewer = backend.readIfChanged("c.txt", null, later)) {
      assertThat(notNewer.isModified()).isFalse();
    }
    Instant earlier = v1.lastModified().minusSeconds(60);
    try (ConditionalRead newer = backend.readIfChanged("c.txt", null, earlier)) {
      assertThat(newer.isModified()).isTrue();
      assertThat(newer.body().readAllBytes()).hasSize(2);
    }
    // unquoted ETags (as some callers keep them) work too
    String bare = v1.etag().replace("\"", "");
    try (ConditionalRead same = backend.readIfChanged("c.txt", bare, null)) {
      assertThat(same.isModified()).isFalse();
    }
    put("c.txt", "v2!".getBytes(StandardCharsets.UTF_8));
    try (ConditionalRead changed = backend.readIfChanged("c.txt", v1.etag(), null)) {
      assertThat(changed.isModified()).isTrue();
      assertThat(changed.body().readAllBytes()).isEqualTo("v2!".getBytes(StandardCharsets.UTF_8));
      assertThat(changed.info().etag()).isNotEqualTo(v1.etag());
    }
    assertThatThrownBy(() -> backend.readIfChanged("gone", "\"x\"", null))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void aReaderNeverMixesTwoVersions() throws IOException {
    byte[] v1 = random(64 * 1024 * 3, 6);
    put("v", v1);
    Map<String, String> smallReads = new HashMap<>(options);
    smallReads.put("read-block-size", "64kb");
    try (Backend reader = factory.create(AzureTestSupport.config("reader", smallReads))) {
      InputStream in = reader.read("v", 0, -1);
      byte[] first = in.readNBytes(1000);
      assertThat(first).isEqualTo(java.util.Arrays.copyOf(v1, 1000));
      put("v", random(64 * 1024 * 3, 7));
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("changed while");
    }
  }

  @Test
  void aReaderStreamingTheRestHoldsAConnectionAndAnExhaustedPoolNamesTheKey() throws IOException {
    put("held.bin", random(64 * 1024 * 8, 11));
    Map<String, String> tight = new HashMap<>(options);
    tight.put("read-block-size", "64kb");
    tight.put("max-connections", "1");
    tight.put("request-timeout", "1s");
    tight.put("max-retries", "0");
    try (Backend one = factory.create(AzureTestSupport.config("tight", tight))) {
      InputStream in = one.read("held.bin", 0, -1);
      assertThat(in.readNBytes(64 * 1024 + 10)).hasSize(64 * 1024 + 10);
      // the rest of the range is streaming: its answer holds the pool's only connection
      assertThatThrownBy(() -> one.stat("held.bin"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("all 1 of")
          .hasMessageContaining("tight")
          .hasMessageContaining("max-connections");
      in.close();
      assertThat(one.stat("held.bin").size()).isEqualTo(64 * 1024 * 8);
    }
    Map<String, String> none = new HashMap<>(options);
    none.put("max-connections", "0");
    assertThatThrownBy(() -> factory.create(AzureTestSupport.config("none", none)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max-connections");
  }

  @Test
  void deleteRemovesTheFile() throws IOException {
    put("del/me", new byte[] {1});
    assertThat(backend.delete("del/me")).isTrue();
    assertThat(backend.stat("del/me")).isNull();
    assertThat(backend.delete("del/me")).isFalse();
  }

  @Test
  void wrongKeyIsPermissionDeniedWithoutTheKeyInTheMessage() throws IOException {
    String wrongKey =
        java.util.Base64.getEncoder().encodeToString(random(64, 8)); // valid base64, wrong key
    Map<String, String> bad = new HashMap<>(options);
    bad.put("account-key", wrongKey);
    try (Backend denied = factory.create(AzureTestSupport.config("denied", bad))) {
      assertThatThrownBy(() -> denied.stat("anything"))
          .isInstanceOf(PermissionDenied.class)
          .satisfies(e -> assertNoSecret(e, wrongKey))
          .hasMessageContaining("denied")
          .hasMessageContaining("403");
      assertThatThrownBy(
              () -> {
                try (OutputStream out = denied.openOutput("f", true)) {
                  out.write(1);
                }
              })
          .isInstanceOf(PermissionDenied.class)
          .satisfies(e -> assertNoSecret(e, wrongKey));
    }
  }

  @Test
  void unreachableEndpointIsBackendUnavailable() throws IOException {
    Map<String, String> dead = new HashMap<>(options);
    dead.put("endpoint", "http://127.0.0.1:" + unusedPort() + "/" + Azurite.ACCOUNT);
    dead.put("max-retries", "1");
    dead.put("connect-timeout", "2s");
    try (Backend unreachable = factory.create(AzureTestSupport.config("dead", dead))) {
      assertThatThrownBy(() -> unreachable.stat("f"))
          .isInstanceOf(BackendUnavailable.class)
          .hasMessageContaining("dead")
          .satisfies(e -> assertNoSecret(e, Azurite.ACCOUNT_KEY));
    }
  }

  @Test
  void connectionStringAndSasTokenWork() throws IOException {
    put("shared.txt", "via key".getBytes(StandardCharsets.UTF_8));
    Map<String, String> cs = new HashMap<>();
    cs.put("container", options.get("container"));
    cs.put("connection-string", Azurite.shared().connectionString());
    try (Backend viaConnectionString = factory.create(AzureTestSupport.config("cs", cs))) {
      assertThat(viaConnectionString.stat("shared.txt").size()).isEqualTo(7);
      assertThat(viaConnectionString.toString()).doesNotContain(Azurite.ACCOUNT_KEY);
    }

    String sas = AzureSas.containerSas(Azurite.shared().blobEndpoint(), options.get("container"));
    Map<String, String> viaSas = new HashMap<>(options);
    viaSas.remove("account-key");
    viaSas.remove("create-container");
    viaSas.put("sas-token", sas);
    try (Backend sasBackend = factory.create(AzureTestSupport.config("sas", viaSas))) {
      try (InputStream in = sasBackend.read("shared.txt", 0, -1)) {
        assertThat(in.readAllBytes()).isEqualTo("via key".getBytes(StandardCharsets.UTF_8));
      }
      try (OutputStream out = sasBackend.openOutput("by-sas.txt", false)) {
        out.write(random(64 * 1024 + 1, 9));
      }
      assertThat(sasBackend.copy("by-sas.txt", "by-sas-copy.txt", false)).isTrue();
      assertThat(sasBackend.stat("by-sas-copy.txt").size()).isEqualTo(64 * 1024 + 1);
      assertThat(sasBackend.toString()).doesNotContain(sas).doesNotContain("sig=");
    }
  }

  @Test
  void configurationErrorsNameTheKeyAndHideSecrets() {
    Map<String, String> both = new HashMap<>(options);
    both.put("sas-token", "sv=2024&sig=supersecret");
    assertThatThrownBy(() -> factory.create(AzureTestSupport.config("cfg", both)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.cfg.")
        .satisfies(e -> assertNoSecret(e, "supersecret"))
        .satisfies(e -> assertNoSecret(e, Azurite.ACCOUNT_KEY));

    Map<String, String> noContainer = new HashMap<>(options);
    noContainer.remove("container");
    assertThatThrownBy(() -> factory.create(AzureTestSupport.config("cfg", noContainer)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.cfg.container");

    Map<String, String> badContainer = new HashMap<>(options);
    badContainer.put("container", "Bad_Name");
    assertThatThrownBy(() -> factory.create(AzureTestSupport.config("cfg", badContainer)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.cfg.container");

    Map<String, String> sasInEndpoint = new HashMap<>(options);
    sasInEndpoint.put("endpoint", "https://acct.blob.core.windows.net/?sv=1&sig=topsecret");
    assertThatThrownBy(() -> factory.create(AzureTestSupport.config("cfg", sasInEndpoint)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.cfg.endpoint")
        .satisfies(e -> assertNoSecret(e, "topsecret"));

    Map<String, String> badBlock = new HashMap<>(options);
    badBlock.put("block-size", "1gb");
    assertThatThrownBy(() -> factory.create(AzureTestSupport.config("cfg", badBlock)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.cfg.block-size");

    Map<String, String> noAccount = new HashMap<>(options);
    noAccount.remove("account-name");
    assertThatThrownBy(() -> factory.create(AzureTestSupport.config("cfg", noAccount)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.cfg.account-name");

    // the registry finds the same errors up front, before any backend is created
    assertThatThrownBy(
            () ->
                org.remotestore.Registry.create(
                    org.remotestore.RegistryConfig.builder()
                        .backend("early", "azure", badBlock)
                        .store("s", "early", "")
                        .build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.early.block-size");

    BackendConfig config = AzureTestSupport.config("shown", options);
    try (Backend b = factory.create(config)) {
      assertThat(b.toString())
          .contains("shown")
          .contains(options.get("container"))
          .contains("auth=account-key")
          .doesNotContain(Azurite.ACCOUNT_KEY);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static void assertNoSecret(Throwable e, String secret) {
    java.io.StringWriter trace = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(secret);
    for (Throwable c = e; c != null; c = c.getCause()) {
      assertThat(c.getClass().getName()).doesNotStartWith("com.azure");
    }
  }

  static int unusedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
