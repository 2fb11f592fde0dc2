package org.remotestore.medallion;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.remotestore.medallion.config.MedallionConfigException;

/** The main class stops before building anything when the configuration is invalid. */
class MedallionJobTest {
  @Test
  void anInvalidFlagEndsTheProgramNamingIt() {
    assertThatThrownBy(() -> MedallionJob.main(new String[] {"--checkpoints.interval", "often"}))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("flag --checkpoints.interval");
    assertThatThrownBy(() -> MedallionJob.main(new String[] {"--config", "/no/such/job.yaml"}))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("/no/such/job.yaml");
  }
}
