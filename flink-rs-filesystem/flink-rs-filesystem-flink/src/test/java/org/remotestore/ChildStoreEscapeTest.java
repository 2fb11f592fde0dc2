package org.remotestore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.ext.TestStores;
import org.remotestore.ext.TestStores.BatchingMemoryBackend;
import org.remotestore.ext.batch.BatchResult;
import org.remotestore.ext.batch.StoreBatch;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.flink.RsTestStores;
import org.remotestore.spi.BatchDeleteSupport;

/**
 * A child store can never touch a key outside its folder: batch delete (plain and native), copy,
 * move and the resume, commit and cleanup of recoverable uploads refuse every path or state that
 * would escape, with {@link InvalidPath}, before anything is changed; {@code rs://} paths are
 * checked the same way.
 */
class ChildStoreEscapeTest {
  private static final List<String> ESCAPES =
      List.of(
          "../outside.txt", "a/../../outside.txt", "/abs.txt", "a\\..\\..\\outside.txt", "a\0b");

  private BatchingMemoryBackend backend;
  private Store root;
  private Store child;

  @BeforeEach
  void setUp() throws IOException {
    backend = new BatchingMemoryBackend("escape", 100);
    root = TestStores.over(backend);
    root.write("outside.txt", "keep".getBytes(UTF_8), false);
    root.write("sibling/secret.txt", "keep".getBytes(UTF_8), false);
    child = root.child("box");
    child.write("inside.txt", "mine".getBytes(UTF_8), false);
  }

  private void outsideIsUntouched() throws IOException {
    assertThat(root.readBytes("outside.txt")).isEqualTo("keep".getBytes(UTF_8));
    assertThat(root.readBytes("sibling/secret.txt")).isEqualTo("keep".getBytes(UTF_8));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void batchDeleteOnAChildCannotEscape(boolean nativeBatch) throws IOException {
    Store target =
        nativeBatch ? child : new org.remotestore.ext.ForwardingStoreWithoutFacets(child);
    List<String> paths = new java.util.ArrayList<>(ESCAPES);
    paths.add("../sibling/secret.txt");
    paths.add("inside.txt");
    BatchResult<Void> result = StoreBatch.sequential(target).batchDelete(paths);
    for (String escape : paths.subList(0, paths.size() - 1)) {
      assertThat(result.failures().get(escape)).as(escape).isInstanceOf(InvalidPath.class);
    }
    assertThat(result.succeeded()).containsExactly("inside.txt");
    outsideIsUntouched();
    if (nativeBatch) {
      assertThat(backend.requests)
          .as("native requests")
          .containsExactly(List.of("root/box/inside.txt"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../outside.txt", "../sibling/secret.txt", "/outside.txt"})
  void theNativeFacetOfAChildTakesCheckedStorePaths(String escape) throws IOException {
    BatchDeleteSupport batch = child.unwrap(BatchDeleteSupport.class).orElseThrow();
    assertThatThrownBy(() -> batch.deleteAll(List.of("inside.txt", escape)))
        .isInstanceOf(InvalidPath.class);
    assertThat(backend.requests).as("nothing sent").isEmpty();
    assertThat(child.exists("inside.txt")).isTrue();
    outsideIsUntouched();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../outside.txt", "a/../../outside.txt", "/outside.txt", "..\\outside.txt"})
  void copyAndMoveOnAChildCannotEscape(String escape) throws IOException {
    assertThatThrownBy(() -> child.copy("inside.txt", escape, true))
        .isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> child.copy(escape, "stolen.txt", true))
        .isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> child.move("inside.txt", escape, true))
        .isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> child.move(escape, "stolen.txt", true))
        .isInstanceOf(InvalidPath.class);
    assertThat(child.exists("stolen.txt")).isFalse();
    assertThat(child.exists("inside.txt")).isTrue();
    outsideIsUntouched();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../outside.txt", "/abs", "a/../../x"})
  void uploadsOnAChildRefuseEscapingPaths(String escape) throws IOException {
    RecoverableUploads uploads = TestStores.memory("uploads").child("box").recoverableUploads();
    assertThatThrownBy(() -> uploads.create(escape)).isInstanceOf(InvalidPath.class);
  }

  @org.junit.jupiter.api.Test
  void aResumeStateIsAcceptedOnlyForItsOwnPathInItsOwnStore() throws IOException {
    Store root = TestStores.memory("uploads");
    root.write("sibling/secret.txt", "keep".getBytes(UTF_8), false);
    Store child = root.child("box");
    // A state made by the sibling store for its own file ...
    RecoverableUploads sibling = root.child("sibling").recoverableUploads();
    RecoverableUploads.Upload upload = sibling.create("secret.txt");
    upload.write("evil".getBytes(UTF_8), 0, 4);
    byte[] resume = upload.persist();
    byte[] commit = upload.closeForCommit();

    // ... cannot be resumed, committed, cleaned up or aborted through the child ...
    RecoverableUploads mine = child.recoverableUploads();
    assertThatThrownBy(() -> mine.recover("secret.txt", resume)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> mine.commit("secret.txt", commit)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> mine.cleanup("secret.txt", resume)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> mine.abort("secret.txt", commit)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> mine.commit("../sibling/secret.txt", commit))
        .isInstanceOf(InvalidPath.class);
    // ... nor for another path of its own store.
    assertThatThrownBy(() -> sibling.commit("other.txt", commit)).isInstanceOf(InvalidPath.class);
    assertThat(root.readBytes("sibling/secret.txt")).isEqualTo("keep".getBytes(UTF_8));
    assertThat(root.exists("sibling/other.txt")).isFalse();

    sibling.commit("secret.txt", commit);
    assertThat(root.readBytes("sibling/secret.txt")).isEqualTo("evil".getBytes(UTF_8));
  }

  @org.junit.jupiter.api.Test
  void rsPathsAndRecoverablesAreCheckedToo() throws Exception {
    Configuration conf = RsTestStores.memory("escapefs");
    RsFileSystems.initialize(conf);
    FileSystem fs = FileSystem.get(URI.create("rs://escapefs/"));
    assertThatThrownBy(
            () ->
                fs.create(new Path("rs://escapefs/../outside.txt"), FileSystem.WriteMode.OVERWRITE))
        .isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> fs.open(new Path("rs://escapefs/a/../../outside.txt")))
        .isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> fs.createRecoverableWriter().open(new Path("rs://escapefs/../x")))
        .isInstanceOf(InvalidPath.class);

    RecoverableWriter writer = fs.createRecoverableWriter();
    RecoverableFsDataOutputStream out = writer.open(new Path("rs://escapefs/box/part-0"));
    out.write("data".getBytes(UTF_8));
    RecoverableWriter.ResumeRecoverable resumable = out.persist();
    out.closeForCommit().commit();

    // A recoverable whose path was changed (as a tampered checkpoint would) is refused.
    SimpleVersionedSerializer<RecoverableWriter.ResumeRecoverable> serializer =
        writer.getResumeRecoverableSerializer();
    byte[] bytes = serializer.serialize(resumable);
    // Only the recoverable's own path (written before the backend state) is changed.
    byte[] tampered =
        new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
            .replaceFirst("box/part-0", "box/part-9")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    RecoverableWriter.ResumeRecoverable changed =
        serializer.deserialize(serializer.getVersion(), tampered);
    assertThatThrownBy(() -> writer.recover(changed)).isInstanceOf(InvalidPath.class);
  }
}
