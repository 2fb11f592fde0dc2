package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import org.remotestore.testing.s3.S3TestStores;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Flink's RecoverableWriter suite through rs:// on the s3 backend (S3Proxy), with 5 MiB parts.
 *
 * <p>Five of Flink's tests assume file-system semantics that an object store does not have: after
 * {@code recover()} they expect a visible {@code .part-0.inprogress.*} file holding the persisted
 * bytes, and they expect recovering from an older state to truncate that file so that a newer state
 * can no longer be recovered. On S3 an in-progress file is an invisible multipart upload, and every
 * persisted state stays recoverable on its own (its own tail object). Those five are replaced by
 * {@link #recoverFromEachPersistPointThenCommit} and {@link #everyPersistedStateStaysRecoverable},
 * which run the same flows and check the committed result, the absence of visible in-progress
 * files, and that no temporary objects are left.
 */
@ExtendWith(RsS3RecoverableWriterTest.FileSystemOnlyTests.class)
class RsS3RecoverableWriterTest extends AbstractRsRecoverableWriterTest {
  private static final String STORE = "writers3";
  private static final S3TestEndpoint SERVER = S3ProxyServer.shared();
  private static final Configuration CONF =
      S3TestStores.s3(STORE, SERVER, Map.of("part-size", "5mb"));

  private static final String DATA1 = "first chunk of data; ";
  private static final String DATA2 = "second chunk; ";
  private static final String DATA3 = "third.";

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return STORE;
  }

  /** Disables the tests that rely on visible, truncatable in-progress files. */
  static final class FileSystemOnlyTests implements ExecutionCondition {
    private static final Set<String> FILE_SYSTEM_ONLY =
        Set.of(
            "testRecoverWithEmptyState",
            "testRecoverWithState",
            "testRecoverFromIntermWithoutAdditionalState",
            "testRecoverAfterMultiplePersistsState",
            "testResumeWithWrongOffset");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String name = context.getTestMethod().map(Method::getName).orElse("");
      return FILE_SYSTEM_ONLY.contains(name)
          ? ConditionEvaluationResult.disabled(
              name + " expects visible, truncatable in-progress files (file-system semantics)")
          : ConditionEvaluationResult.enabled("object-store compatible");
    }
  }

  private FileSystem fs() throws Exception {
    return RsTestStores.fileSystem(CONF, STORE);
  }

  private Path newDir() {
    return new Path("rs://" + STORE + "/s3-recoverable/" + System.nanoTime());
  }

  private static void write(RecoverableFsDataOutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> visibleNames(Path dir) throws Exception {
    List<String> names = new ArrayList<>();
    FileStatus[] listed = fs().listStatus(dir);
    if (listed != null) {
      for (FileStatus status : listed) {
        names.add(status.getPath().getName());
      }
    }
    return names;
  }

  private String read(Path file) throws Exception {
    try (FSDataInputStream in = fs().open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void assertNoTemporariesOrUploadsBelow(Path dir) {
    String bucket = S3TestStores.bucket(CONF, STORE);
    try (S3Client client = SERVER.newClient()) {
      assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("_rs_tmp/")).contents())
          .as("temporary tail objects")
          .isEmpty();
      String prefix = dir.getPath().substring(1);
      assertThat(client.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads())
          .as("multipart uploads in progress below " + prefix)
          .isEmpty();
    }
  }

  /** Persist points 0..3: empty; after DATA1; again without new data; after DATA2. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void recoverFromEachPersistPointThenCommit(int point) throws Exception {
    Path dir = newDir();
    Path target = new Path(dir, "part-0");
    RecoverableWriter writer = fs().createRecoverableWriter();
    List<RecoverableWriter.ResumeRecoverable> states = new ArrayList<>();
    try (RecoverableFsDataOutputStream out = writer.open(target)) {
      states.add(out.persist());
      write(out, DATA1);
      states.add(out.persist());
      states.add(out.persist());
      write(out, DATA2);
      states.add(out.persist());
      write(out, "lost after the last persist");
    }
    SimpleVersionedSerializer<RecoverableWriter.ResumeRecoverable> serializer =
        writer.getResumeRecoverableSerializer();
    byte[] bytes = serializer.serialize(states.get(point));

    RecoverableWriter fresh = fs().createRecoverableWriter();
    RecoverableWriter.ResumeRecoverable restored =
        fresh.getResumeRecoverableSerializer().deserialize(serializer.getVersion(), bytes);
    try (RecoverableFsDataOutputStream resumed = fresh.recover(restored)) {
      assertThat(visibleNames(dir)).as("nothing visible before commit").isEmpty();
      write(resumed, DATA3);
      resumed.closeForCommit().commit();
    }
    String expected =
        switch (point) {
          case 0 -> DATA3;
          case 1, 2 -> DATA1 + DATA3;
          default -> DATA1 + DATA2 + DATA3;
        };
    assertThat(visibleNames(dir)).containsExactly("part-0");
    assertThat(read(target)).isEqualTo(expected);
    assertNoTemporariesOrUploadsBelow(dir);
  }

  @org.junit.jupiter.api.Test
  void everyPersistedStateStaysRecoverable() throws Exception {
    Path dir = newDir();
    Path target = new Path(dir, "part-0");
    RecoverableWriter writer = fs().createRecoverableWriter();
    RecoverableWriter.ResumeRecoverable first;
    RecoverableWriter.ResumeRecoverable second;
    try (RecoverableFsDataOutputStream out = writer.open(target)) {
      write(out, DATA1);
      first = out.persist();
      write(out, DATA2);
      second = out.persist();
      write(out, DATA3);
    }
    // recovering from the older state does not destroy the newer one (unlike a truncated file)
    try (RecoverableFsDataOutputStream older = writer.recover(first)) {
      assertThat(older.getPos()).isEqualTo(DATA1.length());
    }
    try (RecoverableFsDataOutputStream newer = writer.recover(second)) {
      assertThat(newer.getPos()).isEqualTo(DATA1.length() + DATA2.length());
      // the older state is superseded once the newer one is checkpointed: clean it up
      assertThat(writer.requiresCleanupOfRecoverableState()).isTrue();
      assertThat(writer.cleanupRecoverableState(first)).isTrue();
      newer.closeForCommit().commit();
    }
    assertThat(read(target)).isEqualTo(DATA1 + DATA2);
    assertNoTemporariesOrUploadsBelow(dir);
  }
}
