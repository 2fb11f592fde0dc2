package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.core.fs.RecoverableWriter;
import org.junit.jupiter.api.Test;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.StagedFileState;

class RsRecoverableSerializersTest {
  /** A version-1 staged-file state, as written by the first release. */
  private static final String STATE_V1 =
      "5253534601001e73696c7665722f2e706172742d302e696e70726f67726573732e30303031000d73696c7665"
          + "722f706172742d300000000000000011";

  /** A version-1 resume recoverable of store "lake", as written by the first release. */
  private static final String RESUME_V1 =
      "5253525200046c616b65000d73696c7665722f706172742d3000000000000000110000003c" + STATE_V1;

  /** A version-1 commit recoverable of store "lake", as written by the first release. */
  private static final String COMMIT_V1 =
      "5253524300046c616b65000d73696c7665722f706172742d3000000000000000110000003c" + STATE_V1;

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void resumeRecoverableRoundTrips() throws IOException {
    byte[] state = {1, 2, 3, -4};
    RsResumeRecoverable original = new RsResumeRecoverable("lake", "a/b/part-0", 42, state);
    byte[] bytes = RsRecoverableSerializers.RESUME.serialize(original);
    RecoverableWriter.ResumeRecoverable back =
        RsRecoverableSerializers.RESUME.deserialize(
            RsRecoverableSerializers.RESUME.getVersion(), bytes);
    assertThat(back).isEqualTo(original);
  }

  @Test
  void commitRecoverableRoundTrips() throws IOException {
    RsCommitRecoverable original = new RsCommitRecoverable("disk", "x/part-1", 7, new byte[0]);
    byte[] bytes = RsRecoverableSerializers.COMMIT.serialize(original);
    assertThat(
            RsRecoverableSerializers.COMMIT.deserialize(
                RsRecoverableSerializers.COMMIT.getVersion(), bytes))
        .isEqualTo(original);
  }

  @Test
  void versionOneBlobsWrittenByTheFirstReleaseStillDeserialize() throws IOException {
    RsResumeRecoverable resume =
        (RsResumeRecoverable)
            RsRecoverableSerializers.RESUME.deserialize(1, HEX.parseHex(RESUME_V1));
    assertThat(resume.store()).isEqualTo("lake");
    assertThat(resume.path()).isEqualTo("silver/part-0");
    assertThat(resume.position()).isEqualTo(17);
    assertThat(StagedFileState.decode(resume.backendState(), "test"))
        .isEqualTo(new StagedFileState("silver/.part-0.inprogress.0001", "silver/part-0", 17));

    RsCommitRecoverable commit =
        (RsCommitRecoverable)
            RsRecoverableSerializers.COMMIT.deserialize(1, HEX.parseHex(COMMIT_V1));
    assertThat(commit.store()).isEqualTo("lake");
    assertThat(commit.position()).isEqualTo(17);
    assertThat(HEX.formatHex(commit.backendState())).isEqualTo(STATE_V1);
  }

  @Test
  void theCurrentVersionStillWritesTheVersionOneLayout() throws IOException {
    byte[] state = HEX.parseHex(STATE_V1);
    assertThat(RsRecoverableSerializers.RESUME.getVersion()).isEqualTo(1);
    assertThat(
            HEX.formatHex(
                RsRecoverableSerializers.RESUME.serialize(
                    new RsResumeRecoverable("lake", "silver/part-0", 17, state))))
        .isEqualTo(RESUME_V1);
    assertThat(new StagedFileState("silver/.part-0.inprogress.0001", "silver/part-0", 17).encode())
        .isEqualTo(state);
  }

  @Test
  void unknownVersionsAndForeignBytesFailClearly() {
    assertThatThrownBy(
            () -> RsRecoverableSerializers.RESUME.deserialize(2, HEX.parseHex(RESUME_V1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(
            () -> RsRecoverableSerializers.RESUME.deserialize(1, HEX.parseHex(COMMIT_V1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Not an rs:// resume recoverable");
    assertThatThrownBy(() -> StagedFileState.decode(new byte[] {1, 2, 3}, "disk"))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("disk");
  }
}
