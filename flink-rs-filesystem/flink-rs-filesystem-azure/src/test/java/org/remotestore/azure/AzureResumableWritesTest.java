package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.spi.ResumableWrites.PendingUpload;
import org.remotestore.testing.azure.AzureTestSupport;

/** Staged-block resumable writes, the basis of the Flink RecoverableWriter on Azure. */
class AzureResumableWritesTest {
  private static final int BLOCK = 16 * 1024;
  private Backend backend;
  private ResumableWrites writes;
  private Map<String, String> options;

  /** Options of the backend under test; the Testcontainers variant points them elsewhere. */
  protected Map<String, String> backendOptions() {
    return AzureTestSupport.options();
  }

  @BeforeEach
  void setUp() throws IOException {
    options = backendOptions();
    options.put("block-size", "16kb");
    backend = new AzureBlobBackendFactory().create(AzureTestSupport.config("rw", options));
    writes = backend.resumableWrites();
  }

  @AfterEach
  void tearDown() throws IOException {
    backend.close();
  }

  private static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private byte[] content(String key) throws IOException {
    try (InputStream in = backend.read(key, 0, -1)) {
      return in.readAllBytes();
    }
  }

  @Test
  void needsNoCleanupBecauseOnlyUncommittedBlocksExist() throws IOException {
    assertThat(writes.requiresCleanup()).isFalse();
    PendingUpload up = writes.begin("x");
    up.write(new byte[] {1, 2}, 0, 2);
    byte[] state = up.persist();
    assertThat(writes.cleanup(state)).isFalse();
    // still resumable after a "cleanup"
    try (PendingUpload again = writes.resume(state)) {
      assertThat(again.position()).isEqualTo(2);
    }
    up.close();
  }

  @Test
  void nothingIsVisibleBeforeCommitAndCommitPublishesEverything() throws IOException {
    byte[] a = bytes(BLOCK * 2 + 100, 1);
    byte[] b = bytes(BLOCK / 2, 2);
    PendingUpload up = writes.begin("out/part-0");
    up.write(a, 0, a.length);
    byte[] persisted = up.persist();
    up.write(b, 0, b.length);
    assertThat(up.position()).isEqualTo(a.length + b.length);
    byte[] commitState = up.closeForCommit();
    assertThatThrownBy(() -> up.write(b, 0, 1)).isInstanceOf(IOException.class);
    assertThat(persisted).isNotEmpty();
    assertThat(backend.stat("out/part-0")).isNull();
    assertThat(backend.listRecursive("")).isEmpty();

    writes.commit(commitState);
    assertThat(content("out/part-0")).isEqualTo(concat(a, b));

    // committing again (after a restart) succeeds and does not rewrite the blob
    String etag = backend.stat("out/part-0").etag();
    writes.commit(commitState);
    assertThat(backend.stat("out/part-0").etag()).isEqualTo(etag);
    assertThat(content("out/part-0")).isEqualTo(concat(a, b));
  }

  @Test
  void resumeContinuesAtThePersistedPositionAndDropsLaterBytes() throws IOException {
    byte[] a = bytes(BLOCK + 10, 3);
    byte[] lost = bytes(BLOCK * 3, 4);
    byte[] c = bytes(777, 5);
    PendingUpload first = writes.begin("resumed");
    first.write(a, 0, a.length);
    byte[] state = first.persist();
    first.write(lost, 0, lost.length); // staged after the persist point, then the task "fails"
    first.close();

    PendingUpload second = writes.resume(state);
    assertThat(second.position()).isEqualTo(a.length);
    second.write(c, 0, c.length);
    writes.commit(second.closeForCommit());
    assertThat(content("resumed")).isEqualTo(concat(a, c));
  }

  @Test
  void resumeAcrossSeveralPersistsAndSessions() throws IOException {
    byte[] a = bytes(100, 6);
    byte[] b = bytes(BLOCK * 2, 7);
    byte[] c = bytes(5, 8);
    byte[] d = bytes(BLOCK + 1, 9);
    PendingUpload s1 = writes.begin("multi");
    s1.write(a, 0, a.length);
    s1.persist();
    s1.write(b, 0, b.length);
    byte[] afterB = s1.persist();
    s1.close();
    PendingUpload s2 = writes.resume(afterB);
    s2.write(c, 0, c.length);
    byte[] afterC = s2.persist();
    s2.close();
    PendingUpload s3 = writes.resume(afterC);
    s3.write(d, 0, d.length);
    byte[] commit = s3.closeForCommit();
    writes.commit(commit);
    assertThat(content("multi")).isEqualTo(concat(a, b, c, d));
  }

  @Test
  void emptyUploadCommitsAnEmptyFileAndPersistWithoutDataResumes() throws IOException {
    PendingUpload up = writes.begin("empty");
    byte[] empty = up.persist();
    up.close();
    PendingUpload resumed = writes.resume(empty);
    assertThat(resumed.position()).isZero();
    writes.commit(resumed.closeForCommit());
    assertThat(backend.stat("empty").size()).isZero();

    PendingUpload none = writes.begin("empty2");
    byte[] commit = none.closeForCommit();
    writes.commit(commit);
    writes.commit(commit);
    assertThat(backend.stat("empty2").size()).isZero();
  }

  @Test
  void resumingAfterCommitFails() throws IOException {
    PendingUpload up = writes.begin("done");
    up.write(new byte[] {1, 2, 3}, 0, 3);
    byte[] state = up.persist();
    up.write(new byte[] {4}, 0, 1);
    writes.commit(up.closeForCommit());
    assertThatThrownBy(() -> writes.resume(state))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("done")
        .hasMessageContaining("Cannot resume");
  }

  @Test
  void resumingAnEarlierStateInvalidatesLaterStatesOfTheSameWriter() throws IOException {
    PendingUpload up = writes.begin("branch");
    up.write(new byte[] {1}, 0, 1);
    byte[] early = up.persist();
    up.write(new byte[] {2}, 0, 1);
    byte[] late = up.persist();
    up.close();
    PendingUpload fromEarly = writes.resume(early);
    fromEarly.close();
    assertThatThrownBy(() -> writes.resume(late)).isInstanceOf(RemoteStoreException.class);
    // the earlier state itself stays usable
    PendingUpload again = writes.resume(early);
    again.write(new byte[] {3}, 0, 1);
    writes.commit(again.closeForCommit());
    assertThat(content("branch")).containsExactly(1, 3);
  }

  @Test
  void commitOverAnExistingFileReplacesIt() throws IOException {
    try (var out = backend.openOutput("existing", true)) {
      out.write(bytes(50, 10));
    }
    PendingUpload up = writes.begin("existing");
    byte[] data = bytes(BLOCK * 2, 11);
    up.write(data, 0, data.length);
    assertThat(backend.stat("existing").size()).isEqualTo(50);
    writes.commit(up.closeForCommit());
    assertThat(content("existing")).isEqualTo(data);
  }

  @Test
  void commitFailsClearlyWhenTheBlocksAreGone() throws IOException {
    writes.begin("other").close(); // creates the container
    // a state whose blocks were never staged here, as after they expired or were discarded
    byte[] missing =
        new AzureUploadState(
                options.get("container"),
                "gone",
                5,
                java.util.List.of(new AzureUploadState.Run(BlockIds.newSession(), new long[] {5})))
            .encode();
    assertThatThrownBy(() -> writes.commit(missing))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("gone")
        .hasMessageContaining("staged blocks are gone");
    assertThat(backend.stat("gone")).isNull();
    assertThatThrownBy(() -> writes.resume(missing))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("Cannot resume");
  }

  @Test
  void statesAreCheckedForVersionAndContainer() throws IOException {
    PendingUpload up = writes.begin("s");
    up.write(new byte[] {1}, 0, 1);
    byte[] state = up.persist();
    up.close();
    byte[] wrongVersion = state.clone();
    wrongVersion[0] = 99;
    assertThatThrownBy(() -> writes.resume(wrongVersion))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 99");
    assertThatThrownBy(() -> writes.commit(Arrays.copyOf(state, state.length - 3)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Corrupt");

    Map<String, String> other = backendOptions();
    try (Backend otherContainer =
        new AzureBlobBackendFactory().create(AzureTestSupport.config("other", other))) {
      assertThatThrownBy(() -> otherContainer.resumableWrites().resume(state))
          .isInstanceOf(RemoteStoreException.class)
          .hasMessageContaining(options.get("container"));
    }
  }

  @Test
  void stateEncodingRoundTripsAndBlockIdsHaveEqualLength() throws IOException {
    byte[] s1 = BlockIds.newSession();
    byte[] s2 = BlockIds.newSession();
    AzureUploadState state =
        new AzureUploadState(
            "c",
            "a/b",
            10,
            java.util.List.of(
                new AzureUploadState.Run(s1, new long[] {3, 4}),
                new AzureUploadState.Run(s2, new long[] {3})));
    AzureUploadState decoded = AzureUploadState.decode(state.encode());
    assertThat(decoded.blockIds()).isEqualTo(state.blockIds()).hasSize(3).doesNotHaveDuplicates();
    assertThat(decoded.blockIds()).allMatch(id -> id.length() == 32);
    assertThat(decoded.position()).isEqualTo(10);
    assertThat(decoded.runs()).isEqualTo(state.runs());
    assertThat(BlockIds.id(s1, 1)).isEqualTo(state.blockIds().get(1));
    assertThatThrownBy(
            () ->
                new AzureUploadState(
                    "c", "k", 11, java.util.List.of(new AzureUploadState.Run(s1, new long[] {3}))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
