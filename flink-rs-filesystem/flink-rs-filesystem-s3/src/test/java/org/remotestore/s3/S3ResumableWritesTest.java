package org.remotestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.NotFound;
import org.remotestore.spi.ResumableWrites;
import org.remotestore.spi.ResumableWrites.PendingUpload;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The multipart-upload based resumable writes behind the Flink RecoverableWriter on s3. */
class S3ResumableWritesTest {
  private static final int MIB = 1 << 20;

  private S3TestEndpoint server;
  private String bucket;
  private S3Backend backend;
  private ResumableWrites writes;

  @BeforeEach
  void setUp() {
    server = S3ProxyServer.shared();
    bucket = server.createBucket("resumable");
    backend = server.newBackend("lake", bucket, Map.of("part-size", "5mb"));
    writes = backend.resumableWrites();
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

  private byte[] read(String key) throws IOException {
    try (InputStream in = backend.read(key, 0, -1)) {
      return in.readAllBytes();
    }
  }

  private List<String> tmpObjects() {
    try (S3Client client = server.newClient()) {
      return client.listObjectsV2(b -> b.bucket(bucket).prefix("_rs_tmp/")).contents().stream()
          .map(S3Object::key)
          .toList();
    }
  }

  private void assertNothingLeftBehind() throws IOException {
    assertThat(tmpObjects()).as("temporary tail objects").isEmpty();
    assertThat(backend.listMultipartUploads("")).as("multipart uploads in progress").isEmpty();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void resumeAfterCrashKeepsTheTailAndDropsWhatCameAfterPersist() throws IOException {
    byte[] first = random(7 * MIB + 11, 1); // one full part + a 2 MiB tail
    byte[] lost = random(4 * MIB, 2); // completes part 2 after the persist, then "crash"
    byte[] second = random(3 * MIB + 5, 3);

    PendingUpload upload = writes.begin("out/part-0");
    upload.write(first, 0, first.length);
    byte[] state = upload.persist();
    upload.write(lost, 0, lost.length);
    // crash: the task dies without closing; a new attempt resumes from the checkpointed state

    PendingUpload resumed = writes.resume(state);
    assertThat(resumed.position()).isEqualTo(first.length);
    resumed.write(second, 0, second.length);
    byte[] commitState = resumed.closeForCommit();
    assertThat(backend.stat("out/part-0")).as("invisible before commit").isNull();
    writes.commit(commitState);

    assertThat(read("out/part-0")).isEqualTo(concat(first, second));
    assertNothingLeftBehind();
  }

  @Test
  void commitIsIdempotentAndChecksTheExistingObject() throws IOException {
    byte[] data = random(6 * MIB, 4);
    PendingUpload upload = writes.begin("x/committed");
    upload.write(data, 0, data.length);
    byte[] commitState = upload.closeForCommit();
    upload.close();
    writes.commit(commitState);
    writes.commit(commitState); // a restart re-commits: success, nothing changes
    assertThat(read("x/committed")).isEqualTo(data);

    // the object was replaced by something else: re-commit cannot claim success
    backend.deleteKeys(List.of("x/committed"));
    assertThatThrownBy(() -> writes.commit(commitState))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("x/committed");
    assertNothingLeftBehind();
  }

  @Test
  void cleanupDeletesTheTailOfASupersededStateOnly() throws IOException {
    PendingUpload upload = writes.begin("c/file");
    upload.write(new byte[] {1, 2, 3}, 0, 3);
    byte[] older = upload.persist();
    upload.write(new byte[] {4}, 0, 1);
    byte[] newer = upload.persist();
    assertThat(tmpObjects()).hasSize(2);

    assertThat(writes.requiresCleanup()).isTrue();
    assertThat(writes.cleanup(older)).isTrue();
    assertThat(tmpObjects()).hasSize(1);
    // the upload itself survives cleanup: the newer state still resumes
    upload.close();
    assertThat(backend.listMultipartUploads("c/")).hasSize(1);
    assertThatThrownBy(() -> writes.resume(older))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("tail");

    PendingUpload resumed = writes.resume(newer);
    assertThat(resumed.position()).isEqualTo(4);
    resumed.write(new byte[] {5}, 0, 1);
    writes.commit(resumed.closeForCommit());
    assertThat(read("c/file")).containsExactly(1, 2, 3, 4, 5);
    assertNothingLeftBehind();
  }

  @Test
  void persistWithoutNewBytesStillGivesEachStateItsOwnTail() throws IOException {
    PendingUpload upload = writes.begin("same/file");
    upload.write(new byte[] {9, 8}, 0, 2);
    byte[] a = upload.persist();
    byte[] b = upload.persist(); // no write in between
    assertThat(writes.cleanup(a)).isTrue();
    PendingUpload resumed = writes.resume(b);
    writes.commit(resumed.closeForCommit());
    assertThat(read("same/file")).containsExactly(9, 8);
    assertNothingLeftBehind();
  }

  @Test
  void closingAnUnpersistedUploadAbortsIt() throws IOException {
    PendingUpload upload = writes.begin("abandoned/file");
    byte[] data = random(6 * MIB, 5);
    upload.write(data, 0, data.length);
    assertThat(backend.listMultipartUploads("abandoned/")).hasSize(1);
    upload.close();
    assertThat(backend.stat("abandoned/file")).isNull();
    assertNothingLeftBehind();
  }

  @Test
  void closingAPersistedUploadKeepsItForRecovery() throws IOException {
    PendingUpload upload = writes.begin("kept/file");
    upload.write(new byte[] {1}, 0, 1);
    byte[] state = upload.persist();
    upload.close();
    assertThat(backend.listMultipartUploads("kept/")).hasSize(1);
    PendingUpload resumed = writes.resume(state);
    resumed.write(new byte[] {2}, 0, 1);
    writes.commit(resumed.closeForCommit());
    assertThat(read("kept/file")).containsExactly(1, 2);
    assertNothingLeftBehind();
  }

  @Test
  void resumeAfterCommitFails() throws IOException {
    PendingUpload upload = writes.begin("done/file");
    upload.write(new byte[] {1}, 0, 1);
    byte[] state = upload.persist();
    writes.commit(upload.closeForCommit());
    assertThatThrownBy(() -> writes.resume(state))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("no longer exists");
    assertThat(writes.cleanup(state)).isTrue(); // the tail is already gone: still fine
    assertNothingLeftBehind();
  }

  @Test
  void emptyAndTinyFilesCommit() throws IOException {
    PendingUpload empty = writes.begin("t/empty");
    writes.commit(empty.closeForCommit());
    assertThat(read("t/empty")).isEmpty();

    PendingUpload tiny = writes.begin("t/tiny");
    tiny.write(new byte[] {42}, 0, 1);
    writes.commit(tiny.closeForCommit());
    assertThat(read("t/tiny")).containsExactly(42);
    assertNothingLeftBehind();
  }

  @Test
  void multiplePersistsAcrossPartBoundaries() throws IOException {
    byte[] data = random(16 * MIB + 3, 6);
    PendingUpload upload = writes.begin("m/file");
    byte[] state = null;
    int offset = 0;
    for (int chunk : new int[] {3 * MIB, 4 * MIB, 5 * MIB, 4 * MIB + 3}) {
      upload.write(data, offset, chunk);
      offset += chunk;
      byte[] next = upload.persist();
      if (state != null) {
        writes.cleanup(state);
      }
      state = next;
      // every state resumes at its own position
      upload = writes.resume(state);
      assertThat(upload.position()).isEqualTo(offset);
    }
    writes.commit(upload.closeForCommit());
    assertThat(read("m/file")).isEqualTo(data);
    assertNothingLeftBehind();
  }

  @Test
  void abortRemovesUploadAndTails() throws IOException {
    PendingUpload upload = writes.begin("ab/file");
    upload.write(new byte[] {1}, 0, 1);
    upload.persist();
    byte[] commitState = upload.closeForCommit();
    writes.abort(commitState);
    assertThat(backend.stat("ab/file")).isNull();
    assertNothingLeftBehind();
  }

  @Test
  void statesAreVersionedAndTyped() throws IOException {
    PendingUpload upload = writes.begin("v/file");
    upload.write(new byte[] {1}, 0, 1);
    byte[] state = upload.persist();
    byte[] future = Arrays.copyOf(state, state.length);
    future[1] = 99;
    assertThatThrownBy(() -> writes.resume(future)).hasMessageContaining("version 99");
    assertThatThrownBy(() -> writes.commit(state)).hasMessageContaining("commit");
    assertThatThrownBy(() -> writes.resume(new byte[] {1})).hasMessageContaining("s3 upload state");
    writes.abort(upload.closeForCommit());
  }
}
