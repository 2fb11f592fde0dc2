package org.remotestore.medallion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.medallion.MedallionJob;

/** {@code --lake} and {@code --checkpoints}: the lake as an {@code rs://} URI on any store. */
class LakeFlagTest {
  @TempDir Path tmp;

  @AfterEach
  void reset() {
    RsFileSystems.initialize(new Configuration());
  }

  @Test
  void lakeAndCheckpointsFlagsSetTheirKeys() {
    MedallionConfig cfg = MedallionConfig.fromArgs("--lake", "rs://s3lake/medallion");
    assertThat(cfg.lakePath()).isEqualTo("rs://s3lake/medallion/");
    assertThat(cfg.checkpointPath()).isEqualTo("rs://s3lake/medallion/_checkpoints");

    cfg = MedallionConfig.fromArgs("--lake=rs://az/lake/", "--checkpoints", "rs://az/chk");
    assertThat(cfg.lakePath()).isEqualTo("rs://az/lake/");
    assertThat(cfg.checkpointPath()).isEqualTo("rs://az/chk");

    // the long form and the short flag set the same key; the later one wins
    cfg = MedallionConfig.fromArgs("--lake.path", "rs://a/", "--lake", "rs://b/");
    assertThat(cfg.lakePath()).isEqualTo("rs://b/");
  }

  @Test
  void aBadLakeUriNamesTheFlagAsGiven() {
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--lake", "/data/lake"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("'/data/lake'")
        .hasMessageContaining("(flag --lake)")
        .hasMessageContaining("rs://lake/");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--lake", "rs:///lake/"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("(flag --lake)")
        .hasMessageContaining("rs://<store>/<path>");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--checkpoints", "chk"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("(flag --checkpoints)")
        .satisfies(
            e -> assertThat(((MedallionConfigException) e).key()).isEqualTo("checkpoints.path"));
  }

  @Test
  void aLakeOnAStoreTheJobsKeysDoNotDefineNamesTheFlagAndTheStores() {
    assertThatThrownBy(
            () ->
                MedallionConfig.fromArgs(
                    "--lake", "rs://nowhere/medallion/",
                    "--rs.backends.disk.type", "local",
                    "--rs.backends.disk.root", tmp.toString(),
                    "--rs.stores.lake.backend", "disk"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("(flag --lake)")
        .hasMessageContaining("no store 'nowhere'")
        .hasMessageContaining("[lake]");
  }

  @Test
  void anUnknownStoreOfTheClustersFileSystemStopsTheProgramNamingTheFlag() {
    // as on a cluster client: the rs:// file system configured by Flink's configuration, the job
    // given no rs. keys of its own
    Configuration flink = new Configuration();
    flink.setString("rs.backends.disk.type", "local");
    flink.setString("rs.backends.disk.root", tmp.toString());
    flink.setString("rs.stores.lake.backend", "disk");
    RsFileSystems.initialize(flink);

    MedallionJob.checkReachable(MedallionConfig.fromArgs("--lake", "rs://lake/medallion/"));
    assertThatThrownBy(
            () ->
                MedallionJob.checkReachable(
                    MedallionConfig.fromArgs("--lake", "rs://elsewhere/medallion/")))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("(flag --lake)")
        .hasMessageContaining("Unknown store 'elsewhere'")
        .hasMessageContaining("[lake]");
    assertThatThrownBy(
            () ->
                MedallionJob.checkReachable(
                    MedallionConfig.fromArgs(
                        "--lake", "rs://lake/medallion/", "--checkpoints", "rs://gone/chk")))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("(flag --checkpoints)")
        .hasMessageContaining("Unknown store 'gone'");
  }
}
