package org.remotestore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.memory.MemoryBackend;

class DefaultStoreTest {
  private String instance;
  private RecordingBackend backend;
  private DefaultStore store;

  @BeforeEach
  void setUp() throws InvalidPath {
    instance = "default-store-" + UUID.randomUUID();
    backend = new RecordingBackend(new MemoryBackend("lake", instance));
    store = new DefaultStore(backend, "bronze", "data/bronze");
  }

  @AfterEach
  void tearDown() {
    MemoryBackend.clear(instance);
  }

  @Test
  void rootPrefixIsNormalisedAndApplied() throws IOException {
    DefaultStore s = new DefaultStore(backend, "x", "./data//bronze/");
    assertThat(s.rootPrefix()).isEqualTo("data/bronze");
    s.write("a.txt", "x".getBytes(UTF_8), false);
    assertThat(MemoryBackend.instance(instance).stat("data/bronze/a.txt")).isNotNull();
    assertThat(s.getFileInfo("sub/../a.txt").path()).isEqualTo("a.txt");
    assertThatThrownBy(() -> new DefaultStore(backend, "x", "../up"))
        .isInstanceOf(InvalidPath.class);
  }

  @Test
  void namesDescribeStoreAndChildren() throws InvalidPath {
    assertThat(store.name()).isEqualTo("bronze");
    assertThat(store.child("a/b").name()).isEqualTo("bronze/a/b");
    assertThat(store.child("").name()).isEqualTo("bronze");
    assertThat(new DefaultStore(backend, "p/q").name()).isEqualTo("lake/p/q");
    assertThat(new DefaultStore(backend, "").name()).isEqualTo("lake");
    assertThat(store.toString()).contains("bronze", "lake", "data/bronze");
    assertThat(((DefaultStore) store.child("c")).backend()).isSameAs(backend);
  }

  @Test
  void invalidPathsNeverReachTheBackend() {
    assertThatThrownBy(() -> store.readBytes("../../x")).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.write("/abs", new byte[0], true))
        .isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.listFiles("a\\b", true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.child("x/../../y")).isInstanceOf(InvalidPath.class);
    assertThat(backend.calls).isEmpty();
  }

  @Test
  void missingCapabilityFailsNamingBackendAndOperationWithoutBackendCall() {
    backend.capabilities = Capabilities.of(Capability.READ, Capability.LIST, Capability.METADATA);
    assertThatThrownBy(() -> store.write("a.txt", new byte[1], true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("'lake'")
        .hasMessageContaining("write")
        .satisfies(
            e -> assertThat(((CapabilityNotSupported) e).capability()).isEqualTo(Capability.WRITE));
    assertThatThrownBy(() -> store.openAtomic("a.txt", true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("openAtomic");
    assertThatThrownBy(() -> store.delete("a.txt", true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("delete");
    assertThatThrownBy(() -> store.deleteFolder("a")).isInstanceOf(CapabilityNotSupported.class);
    assertThatThrownBy(() -> store.copy("a", "b", true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("copy");
    assertThatThrownBy(() -> store.move("a", "b", true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("move");
    assertThat(backend.calls).isEmpty();

    backend.capabilities = Capabilities.of(Capability.WRITE);
    assertThatThrownBy(() -> store.readBytes("a.txt"))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("read");
    assertThatThrownBy(() -> store.listFiles("", true))
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining("listFiles");
    assertThatThrownBy(() -> store.getFileInfo("a.txt")).isInstanceOf(CapabilityNotSupported.class);
    assertThat(backend.calls).isEmpty();
  }

  @Test
  void runtimeFailuresBecomeRemoteStoreExceptionsNamingBackendAndPath() {
    backend.failWith = new IllegalStateException("boom");
    assertThatThrownBy(() -> store.readBytes("dir/a.txt"))
        .isExactlyInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("'lake'")
        .hasMessageContaining("dir/a.txt")
        .hasMessageContaining("boom")
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(
            e -> {
              assertThat(((RemoteStoreException) e).backend()).isEqualTo("lake");
              assertThat(((RemoteStoreException) e).path()).isEqualTo("dir/a.txt");
            });
    backend.failWith = new UncheckedIOException(new IOException("disk"));
    assertThatThrownBy(() -> store.listFiles("dir", true))
        .isExactlyInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("listFiles");
  }

  @Test
  void plainIoExceptionsAreWrappedButRemoteStoreExceptionsPassThrough() {
    backend.failWithIo = new IOException("socket closed");
    assertThatThrownBy(() -> store.write("w.txt", new byte[3], true))
        .isExactlyInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("socket closed")
        .hasMessageContaining("w.txt");
    backend.failWithIo =
        new BackendUnavailable("throttled", "lake", "w.txt", null, Duration.ofSeconds(30));
    assertThatThrownBy(() -> store.write("w.txt", new byte[3], true))
        .isExactlyInstanceOf(BackendUnavailable.class)
        .satisfies(e -> assertThat(((RemoteStoreException) e).isRetryable()).isTrue())
        .satisfies(
            e ->
                assertThat(((BackendUnavailable) e).retryAfter()).hasValue(Duration.ofSeconds(30)));
  }

  @Test
  void backendUnavailableCarriesAnOptionalRetryAfterThroughJavaSerialization() throws Exception {
    assertThat(new BackendUnavailable("down", "lake", "p").retryAfter()).isEmpty();
    assertThat(new BackendUnavailable("down", "lake", "p", null).retryAfter()).isEmpty();
    assertThat(
            new BackendUnavailable("late", "lake", "p", null, Duration.ofSeconds(-5)).retryAfter())
        .as("a date in the past means: retry now")
        .hasValue(Duration.ZERO);
    BackendUnavailable original =
        new BackendUnavailable("throttled", "lake", "p", null, Duration.ofMinutes(2));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      BackendUnavailable copy = (BackendUnavailable) in.readObject();
      assertThat(copy.retryAfter()).hasValue(Duration.ofMinutes(2));
      assertThat(copy.backend()).isEqualTo("lake");
      assertThat(copy.getMessage()).isEqualTo("throttled");
    }
  }

  @Test
  void failuresWhileStreamingAreMapped() throws IOException {
    RecordingBackend failingStream =
        new RecordingBackend(new MemoryBackend("lake", instance)) {
          @Override
          public InputStream read(String key, long offset, long length) {
            return new InputStream() {
              @Override
              public int read() {
                throw new IllegalStateException("connection reset");
              }
            };
          }
        };
    DefaultStore s = new DefaultStore(failingStream, "s", "");
    try (InputStream in = s.read("f.txt")) {
      assertThatThrownBy(in::read)
          .isExactlyInstanceOf(RemoteStoreException.class)
          .hasMessageContaining("f.txt")
          .hasMessageContaining("connection reset");
    }
  }

  @Test
  void copyStreamsWhenTheBackendHasNoNativeCopy() throws IOException {
    backend.nativeCopy = false;
    store.write("src.txt", "payload".getBytes(UTF_8), false);
    backend.calls.clear();
    store.copy("src.txt", "dst.txt", false);
    assertThat(new String(store.readBytes("dst.txt"), UTF_8)).isEqualTo("payload");
    assertThat(backend.calls).contains("copy:data/bronze/src.txt", "read:data/bronze/src.txt");
    assertThat(backend.calls).contains("openOutput:data/bronze/dst.txt");

    backend.capabilities = backend.delegate.capabilities().without(Capability.COPY);
    backend.calls.clear();
    store.copy("src.txt", "dst2.txt", false);
    assertThat(backend.count("copy:")).isZero();
    assertThat(new String(store.readBytes("dst2.txt"), UTF_8)).isEqualTo("payload");
  }

  @Test
  void moveCopiesAndDeletesWhenTheBackendHasNoNativeMove() throws IOException {
    backend.nativeMove = false;
    store.write("src.txt", "payload".getBytes(UTF_8), false);
    backend.calls.clear();
    store.move("src.txt", "dst.txt", false);
    assertThat(backend.calls)
        .contains(
            "move:data/bronze/src.txt", "copy:data/bronze/src.txt", "delete:data/bronze/src.txt");
    assertThat(store.exists("src.txt")).isFalse();
    assertThat(new String(store.readBytes("dst.txt"), UTF_8)).isEqualTo("payload");
  }

  @Test
  void depthLimitedListingCostsOneListPerFolderPerLevel() throws IOException {
    for (String p : new String[] {"a/1", "a/b/2", "a/b/c/3", "a/b/c/d/4", "e/5", "6"}) {
      store.write(p, new byte[1], true);
    }
    backend.calls.clear();
    assertThat(store.listFiles("", true, 2))
        .extracting(FileInfo::path)
        .containsExactly("6", "a/1", "e/5");
    // level 1: the root; level 2: a and e. Nothing deeper is touched.
    assertThat(backend.calls)
        .containsExactly("list:data/bronze", "list:data/bronze/a", "list:data/bronze/e");

    backend.calls.clear();
    assertThat(store.listFiles("", true)).hasSize(6);
    assertThat(backend.calls).containsExactly("listRecursive:data/bronze");

    backend.calls.clear();
    assertThat(store.listFolders("a", 1)).containsExactly("a/b");
    assertThat(backend.calls).containsExactly("list:data/bronze/a");
  }

  @Test
  void unwrapFindsTheStoreButNeverHandsOutTheBackend() throws InvalidPath {
    assertThat(store.unwrap(DefaultStore.class)).containsSame(store);
    assertThat(store.unwrap(Store.class)).containsSame(store);
    assertThat(store.unwrap(org.remotestore.spi.Backend.class)).isEmpty();
    assertThat(store.child("x").unwrap(RecordingBackend.class)).isEmpty();
    assertThat(store.unwrap(MemoryBackend.class)).isEmpty();
    assertThat(store.unwrap(String.class)).isEmpty();
  }

  @Test
  void resultsAreReRootedToTheStore() throws IOException {
    store.write("x/y.txt", new byte[2], true);
    Store child = store.child("x");
    assertThat(child.listFiles("")).extracting(FileInfo::path).containsExactly("y.txt");
    assertThat(child.getFileInfo("y.txt").path()).isEqualTo("y.txt");
    assertThat(store.getFileInfo("x/y.txt").path()).isEqualTo("x/y.txt");
    assertThat(store.listFolders("", 0)).containsExactly("x");
  }
}
