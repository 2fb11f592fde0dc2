package org.remotestore.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
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
import org.remotestore.flink.AbstractRsRecoverableWriterTest;
import org.remotestore.flink.RsTestStores;
import org.remotestore.testing.azure.AzureTestSupport;

/**
 * Flink's AbstractRecoverableWriterTest through rs:// on the azure backend (Azurite): staged
 * blocks.
 *
 * <p>Four of Flink's tests ({@link #LOCAL_FILE_ONLY}) assert, right after {@code recover()}, that a
 * hidden {@code .part-0.inprogress.*} file with the bytes so far is visible in the folder: an
 * artefact of the local file system writer. On Azure an upload in progress is a set of uncommitted
 * blocks, invisible by design until the commit. Those four are therefore replaced by {@link
 * #resumeFromEachPersistPointThenCommit}, which runs the same scenario (persist when empty, after
 * data, again without new data, and at the end; recover each; write on; commit) and checks the
 * opposite visibility (nothing before commit) and the exact committed content.
 */
@ExtendWith(AzureRsRecoverableWriterTest.InProgressFilesAreInvisible.class)
class AzureRsRecoverableWriterTest extends AbstractRsRecoverableWriterTest {
  static final Set<String> LOCAL_FILE_ONLY =
      Set.of(
          "testRecoverWithEmptyState",
          "testRecoverWithState",
          "testRecoverFromIntermWithoutAdditionalState",
          "testRecoverAfterMultiplePersistsState");

  private static final String STORE = "azurerecoverablewriter";
  private static final Configuration CONF = Configuration.fromMap(AzureTestSupport.flatKeys(STORE));
  private static final String DATA1 = "THIS IS A TEST 1.";
  private static final String DATA2 = "THIS IS A TEST 2.";
  private static final String DATA3 = "THIS IS A TEST 3.";

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return STORE;
  }

  @ParameterizedTest
  @ValueSource(strings = {"EMPTY", "INTERM", "IMMEDIATE", "FINAL"})
  void resumeFromEachPersistPointThenCommit(String point) throws Exception {
    FileSystem fs = RsTestStores.fileSystem(CONF, STORE);
    Path folder = new Path("rs://" + STORE + "/resume-" + UUID.randomUUID());
    Path target = new Path(folder, "part-0");
    RecoverableWriter writer = fs.createRecoverableWriter();

    Map<String, RecoverableWriter.ResumeRecoverable> states = new LinkedHashMap<>();
    RecoverableFsDataOutputStream out = writer.open(target);
    states.put("EMPTY", out.persist());
    out.write(DATA1.getBytes(UTF_8));
    states.put("INTERM", out.persist());
    states.put("IMMEDIATE", out.persist());
    out.write(DATA2.getBytes(UTF_8));
    states.put("FINAL", out.persist());
    out.close();

    SimpleVersionedSerializer<RecoverableWriter.ResumeRecoverable> serializer =
        writer.getResumeRecoverableSerializer();
    byte[] bytes = serializer.serialize(states.get(point));
    RecoverableWriter fresh = fs.createRecoverableWriter();
    RecoverableWriter.ResumeRecoverable restored =
        fresh.getResumeRecoverableSerializer().deserialize(serializer.getVersion(), bytes);

    RecoverableFsDataOutputStream resumed = fresh.recover(restored);
    assertThat(listNames(fs, folder)).as("nothing visible before the commit").isEmpty();
    resumed.write(DATA3.getBytes(UTF_8));
    resumed.closeForCommit().commit();

    String expected =
        switch (point) {
          case "EMPTY" -> DATA3;
          case "INTERM", "IMMEDIATE" -> DATA1 + DATA3;
          default -> DATA1 + DATA2 + DATA3;
        };
    assertThat(listNames(fs, folder)).containsExactly("part-0");
    try (InputStream in = fs.open(target)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo(expected);
    }
  }

  private static java.util.List<String> listNames(FileSystem fs, Path folder) throws IOException {
    if (!fs.exists(folder)) {
      return java.util.List.of();
    }
    FileStatus[] statuses = fs.listStatus(folder);
    return statuses == null
        ? java.util.List.of()
        : java.util.Arrays.stream(statuses).map(s -> s.getPath().getName()).toList();
  }

  /** Disables exactly the four local-file assertions named in {@link #LOCAL_FILE_ONLY}. */
  static final class InProgressFilesAreInvisible implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context
          .getTestMethod()
          .filter(m -> LOCAL_FILE_ONLY.contains(m.getName()))
          .map(
              m ->
                  ConditionEvaluationResult.disabled(
                      m.getName()
                          + " expects a visible .inprogress file after recover(); Azure keeps"
                          + " uploads invisible until commit (covered by"
                          + " resumeFromEachPersistPointThenCommit)"))
          .orElseGet(() -> ConditionEvaluationResult.enabled("applies to object stores"));
    }
  }
}
