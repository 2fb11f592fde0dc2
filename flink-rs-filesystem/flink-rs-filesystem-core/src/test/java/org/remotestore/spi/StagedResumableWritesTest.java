package org.remotestore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.local.LocalBackend;
import org.remotestore.memory.MemoryBackend;

/** The staged-file resumable writes of the memory and local backends, beyond Flink's suite. */
class StagedResumableWritesTest {
  @TempDir static Path tmp;

  static Stream<String> backends() {
    return Stream.of("memory", "local");
  }

  private static Backend backend(String type) throws IOException {
    return type.equals("memory")
        ? new MemoryBackend("mem", "staged-" + UUID.randomUUID())
        : new LocalBackend("disk", tmp.resolve(UUID.randomUUID().toString()), true);
  }

  private static String read(Backend backend, String key) throws IOException {
    try (InputStream in = backend.read(key, 0, -1)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void commitIsIdempotentAfterARestartButNotBlind(String type) throws IOException {
    Backend backend = backend(type);
    ResumableWrites writes = backend.resumableWrites();
    ResumableWrites.PendingUpload upload = writes.begin("out/part-0");
    upload.write(bytes("hello"), 0, 5);
    byte[] commit = upload.closeForCommit();
    upload.close();
    assertThat(backend.stat("out/part-0")).isNull(); // nothing visible before commit

    writes.commit(commit);
    writes.commit(commit); // a restart re-commits: success
    assertThat(read(backend, "out/part-0")).isEqualTo("hello");
    assertThat(backend.list("out").files()).hasSize(1);

    backend.delete("out/part-0");
    assertThatThrownBy(() -> writes.commit(commit))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("out/part-0");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void resumingDiscardsWhatWasWrittenAfterThePersist(String type) throws IOException {
    Backend backend = backend(type);
    ResumableWrites writes = backend.resumableWrites();
    ResumableWrites.PendingUpload upload = writes.begin("x/part-1");
    upload.write(bytes("kept "), 0, 5);
    byte[] resume = upload.persist();
    upload.write(bytes("lost"), 0, 4);
    upload.persist();
    upload.close();

    ResumableWrites.PendingUpload resumed = writes.resume(resume);
    assertThat(resumed.position()).isEqualTo(5);
    resumed.write(bytes("and more"), 0, 8);
    writes.commit(resumed.closeForCommit());
    assertThat(read(backend, "x/part-1")).isEqualTo("kept and more");
    assertThat(writes.requiresCleanup()).isFalse();
    assertThat(writes.cleanup(resume)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void abortRemovesTheInProgressFile(String type) throws IOException {
    Backend backend = backend(type);
    ResumableWrites writes = backend.resumableWrites();
    ResumableWrites.PendingUpload upload = writes.begin("y/part-2");
    upload.write(bytes("abc"), 0, 3);
    byte[] commit = upload.closeForCommit();
    assertThat(backend.listRecursive("y")).hasSize(1); // the hidden in-progress file
    writes.abort(commit);
    assertThat(backend.listRecursive("y")).isEmpty();
    assertThatThrownBy(() -> writes.resume(commit)).isInstanceOf(NotFound.class);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void foreignStateIsRefusedNamingTheBackend(String type) throws IOException {
    ResumableWrites writes = backend(type).resumableWrites();
    assertThatThrownBy(() -> writes.resume(new byte[] {9, 9, 9, 9, 9}))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining(type.equals("memory") ? "mem" : "disk");
  }
}
