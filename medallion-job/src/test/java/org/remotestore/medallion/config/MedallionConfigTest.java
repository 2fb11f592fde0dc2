package org.remotestore.medallion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;

class MedallionConfigTest {
  private static final String FULL =
      """
      stations: [BER, kLo]
      feed:
        base-url: http://127.0.0.1:8099/ch.meteoschweiz.ogd-smn
        discovery: metadata
        period: backfill
        bounded: false
        poll-interval: 5 min
        revision-window: 3 d
        meta-poll-interval: 30 min
        watermark:
          out-of-orderness: 20 min
          idleness: 1 h
      lake:
        path: rs://lake/prod
      checkpoints:
        interval: 30 s
      parallelism: 3
      silver:
        dedupe-ttl: 10 d
        metadata-refresh-interval: 2 min
      rs:
        backends:
          disk:
            type: local
            root: /tmp/lake
        stores:
          lake:
            backend: disk
      """;

  @TempDir Path tmp;

  @Test
  void defaultsReadTheLiveFeedIntoTheLakeStore() {
    MedallionConfig cfg = MedallionConfig.builder().build();
    assertThat(cfg.allStations()).isTrue();
    assertThat(cfg.feedBaseUrl()).isEqualTo(MeteoSwissSourceConfig.DEFAULT_BASE_URL);
    assertThat(cfg.period()).isEqualTo(PeriodMode.NOW);
    assertThat(cfg.discovery()).isEqualTo(StationDiscovery.STAC);
    assertThat(cfg.bounded()).isFalse();
    assertThat(cfg.pollInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(cfg.lakePath()).isEqualTo("rs://lake/");
    assertThat(cfg.checkpointPath()).isEqualTo("rs://lake/_checkpoints");
    assertThat(cfg.checkpointInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(cfg.parallelism()).isNull();
    assertThat(cfg.dedupeTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(cfg.rsKeys()).isEmpty();
    assertThat(cfg.lake("silver").toString()).isEqualTo("rs://lake/silver");
  }

  @Test
  void readsEveryKeyOfTheYamlFile() throws Exception {
    Path file = tmp.resolve("job.yaml");
    Files.writeString(file, FULL);
    MedallionConfig cfg = MedallionConfig.fromArgs("--config", file.toString());
    assertThat(cfg.stations()).containsExactly("BER", "KLO");
    assertThat(cfg.feedBaseUrl()).isEqualTo("http://127.0.0.1:8099/ch.meteoschweiz.ogd-smn/");
    assertThat(cfg.discovery()).isEqualTo(StationDiscovery.METADATA);
    assertThat(cfg.period()).isEqualTo(PeriodMode.BACKFILL);
    assertThat(cfg.pollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(cfg.revisionWindow()).isEqualTo(Duration.ofDays(3));
    assertThat(cfg.metaPollInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(cfg.watermarkOutOfOrderness()).isEqualTo(Duration.ofMinutes(20));
    assertThat(cfg.watermarkIdleness()).isEqualTo(Duration.ofHours(1));
    assertThat(cfg.lakePath()).isEqualTo("rs://lake/prod/");
    assertThat(cfg.checkpointPath()).isEqualTo("rs://lake/prod/_checkpoints");
    assertThat(cfg.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(cfg.parallelism()).isEqualTo(3);
    assertThat(cfg.dedupeTtl()).isEqualTo(Duration.ofDays(10));
    assertThat(cfg.metadataRefreshInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(cfg.rsKeys())
        .containsOnlyKeys(
            "rs.backends.disk.type", "rs.backends.disk.root", "rs.stores.lake.backend")
        .containsEntry("rs.backends.disk.root", "/tmp/lake");

    Configuration flink = cfg.flinkConfiguration();
    assertThat(flink.getString("rs.stores.lake.backend", null)).isEqualTo("disk");
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("rs://lake/prod/_checkpoints");
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
  }

  @Test
  void flagsOverrideTheFileInEveryForm() throws Exception {
    Path file = tmp.resolve("job.yaml");
    Files.writeString(file, FULL);
    MedallionConfig cfg =
        MedallionConfig.fromArgs(
            "--config",
            file.toString(),
            "--stations",
            "all",
            "--feed.poll-interval=2min",
            "-Dparallelism=1",
            "--checkpoints.path",
            "file:///tmp/chk",
            "--rs.backends.disk.root",
            "/data/lake");
    assertThat(cfg.allStations()).isTrue();
    assertThat(cfg.pollInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(cfg.parallelism()).isEqualTo(1);
    assertThat(cfg.checkpointPath()).isEqualTo("file:///tmp/chk");
    assertThat(cfg.rsKeys()).containsEntry("rs.backends.disk.root", "/data/lake");
    assertThat(cfg.period()).as("from the file").isEqualTo(PeriodMode.BACKFILL);
    assertThat(MedallionConfig.fromArgs("--stations", "ber, sma").stations())
        .containsExactly("BER", "SMA");
  }

  @Test
  void flatRsKeysAtTopLevelWork() {
    MedallionConfig cfg =
        MedallionConfig.fromYaml(
            "rs.backends.m.type: memory\nrs.stores.lake.backend: m\nstations: BER\n", "job.yaml");
    assertThat(cfg.rsKeys()).containsEntry("rs.stores.lake.backend", "m");
    assertThat(cfg.stations()).containsExactly("BER");
  }

  @Test
  void unknownKeysAreErrorsNamingKeyAndOrigin() {
    assertThatThrownBy(() -> MedallionConfig.fromYaml("feed:\n  pol-interval: 5 min\n", "job.yaml"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("Unknown key 'feed.pol-interval'")
        .hasMessageContaining("in job.yaml")
        .hasMessageContaining("feed.poll-interval")
        .satisfies(
            e -> assertThat(((MedallionConfigException) e).key()).isEqualTo("feed.pol-interval"));
    // --lake is short for lake.path (LakeFlagTest); a near miss is an unknown key
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--lakes", "rs://x/"))
        .hasMessageContaining("Unknown key 'lakes'")
        .hasMessageContaining("flag --lakes");
  }

  @Test
  void invalidValuesNameKeyAndFlag() {
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--feed.poll-interval", "soon"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("'feed.poll-interval'")
        .hasMessageContaining("flag --feed.poll-interval")
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--feed.poll-interval", "0 s"))
        .hasMessageContaining("'feed.poll-interval' (flag --feed.poll-interval)")
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> MedallionConfig.fromYaml("parallelism: 0", "job.yaml"))
        .hasMessageContaining("'parallelism' (in job.yaml)");
    assertThatThrownBy(() -> MedallionConfig.fromYaml("parallelism: many", "job.yaml"))
        .hasMessageContaining("'parallelism' (in job.yaml)");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--stations", "BER,B/R"))
        .hasMessageContaining("'stations' (flag --stations)");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--feed.period", "yesterday"))
        .hasMessageContaining("'feed.period' (flag --feed.period)");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--feed.bounded", "yes"))
        .hasMessageContaining("'feed.bounded' (flag --feed.bounded)");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--feed.discovery", "guess"))
        .hasMessageContaining("'feed.discovery' (flag --feed.discovery)");
    assertThatThrownBy(
            () -> MedallionConfig.fromArgs("--stations", "all", "--feed.discovery", "none"))
        .hasMessageContaining("'feed.discovery' (flag --feed.discovery)")
        .hasMessageContaining("list the stations");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--feed.base-url", "ftp://x/"))
        .hasMessageContaining("'feed.base-url' (flag --feed.base-url)");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--lake.path", "/data/lake"))
        .hasMessageContaining("'lake.path' (flag --lake.path)")
        .hasMessageContaining("scheme");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--lake.path", "rs:///silver"))
        .hasMessageContaining("'lake.path' (flag --lake.path)");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--feed.poll-interval"))
        .hasMessageContaining("--feed.poll-interval has no value");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("job.yaml"))
        .hasMessageContaining("Unexpected argument 'job.yaml'");
  }

  @Test
  void rsKeysAreValidatedAndMustServeTheLake() {
    assertThatThrownBy(
            () ->
                MedallionConfig.fromArgs(
                    "--rs.backends.disk.type", "floppy", "--rs.stores.lake.backend", "disk"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("rs.backends.disk.type")
        .hasMessageContaining("flag --rs.backends.disk.type");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--rs.stores.lake.backend", "nowhere"))
        .hasMessageContaining("rs.stores.lake.backend");
    assertThatThrownBy(
            () ->
                MedallionConfig.fromArgs(
                    "--rs.backends.m.type", "memory", "--rs.stores.other.backend", "m"))
        .hasMessageContaining("'lake.path'")
        .hasMessageContaining("no store 'lake'")
        .hasMessageContaining("[other]");
  }

  @Test
  void badYamlNamesTheFileAndPosition() throws Exception {
    Path file = tmp.resolve("broken.yaml");
    Files.writeString(file, "stations: [BER\nfeed: {\n");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--config", file.toString()))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("broken.yaml")
        .hasMessageContaining("line");
    assertThatThrownBy(
            () -> MedallionConfig.fromArgs("--config", tmp.resolve("none.yaml").toString()))
        .hasMessageContaining("none.yaml")
        .hasMessageContaining("--config");
    assertThatThrownBy(() -> MedallionConfig.fromYaml("- a\n- b\n", "list.yaml"))
        .hasMessageContaining("list.yaml");
  }

  @Test
  void goldSettingsComeFromTheGoldSection() {
    MedallionConfig cfg =
        MedallionConfig.fromArgs(
            "-Dgold.allowed-lateness=30 min", "--gold.heat-threshold-c", "28.5");
    assertThat(cfg.gold().allowedLateness()).isEqualTo(Duration.ofMinutes(30));
    assertThat(cfg.gold().heatThresholdC()).isEqualTo(28.5);
    assertThat(cfg.gold().frostThresholdC()).as("default").isEqualTo(0.0);
    assertThat(MedallionConfig.builder().build().gold())
        .isEqualTo(org.remotestore.medallion.gold.GoldConfig.defaults());
    assertThat(
            MedallionConfig.fromYaml("gold:\n  stats-refresh-interval: 2 h\n", "job.yaml")
                .gold()
                .statsRefreshInterval())
        .isEqualTo(Duration.ofHours(2));

    assertThatThrownBy(() -> MedallionConfig.fromArgs("--gold.heat-threshold-c", "hot"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("gold.heat-threshold-c")
        .hasMessageContaining("flag --gold.heat-threshold-c")
        .satisfies(
            e ->
                assertThat(((MedallionConfigException) e).key())
                    .isEqualTo("gold.heat-threshold-c"));
    assertThatThrownBy(
            () -> MedallionConfig.fromYaml("gold:\n  frost-threshold-c: 40\n", "job.yaml"))
        .hasMessageContaining("gold.frost-threshold-c")
        .hasMessageContaining("in job.yaml");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--gold.colour", "gold"))
        .hasMessageContaining("Unknown key 'gold.colour' (flag --gold.colour)");
  }

  @Test
  void fileErrorsNameTheLineAndRsVariablesAreResolved() {
    assertThatThrownBy(
            () ->
                MedallionConfig.fromYaml(
                    "stations: BER\nfeed:\n  poll-interval: soon\n", "job.yaml"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("'feed.poll-interval' (in job.yaml) at line 3");
    String yaml =
        """
        rs:
          backends:
            m: {type: memory, instance: "${RS_TEST_UNSET_VARIABLE_7}"}
          stores:
            lake: {backend: m}
        """;
    assertThatThrownBy(() -> MedallionConfig.fromYaml(yaml, "job.yaml"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("rs.backends.m.instance")
        .hasMessageContaining("RS_TEST_UNSET_VARIABLE_7")
        .hasMessageContaining("(in job.yaml) at line 3");
    MedallionConfig cfg =
        MedallionConfig.fromYaml(yaml.replace("RS_TEST_UNSET_VARIABLE_7", "X:-mem"), "job.yaml");
    assertThat(cfg.rsKeys()).containsEntry("rs.backends.m.instance", "${X:-mem}");
  }

  @Test
  void toStringShowsRsKeyNamesButNoValues() {
    MedallionConfig cfg =
        MedallionConfig.builder()
            .stations(List.of("BER"))
            .rsKey("rs.backends.m.type", "memory")
            .rsKey("rs.backends.m.instance", "secret-instance-name")
            .rsKey("rs.stores.lake.backend", "m")
            .build();
    assertThat(cfg.toString())
        .contains("rs.backends.m.instance")
        .doesNotContain("secret-instance-name")
        .contains("stations=[BER]");
    assertThat(cfg.toBuilder().build()).isEqualTo(cfg);
    assertThat(cfg.toBuilder().stations(List.of()).build()).isNotEqualTo(cfg);
  }

  @Test
  void discoveryNoneReadsTheListedStationsWithoutTheirStacItems() {
    MedallionConfig cfg =
        MedallionConfig.fromArgs("--stations", "BER,KLO", "--feed.discovery", "none");
    assertThat(cfg.discovery()).isEqualTo(StationDiscovery.EXPLICIT_UNVERIFIED);
    MeteoSwissSourceConfig source = MedallionPipeline.source(cfg).config();
    assertThat(source.discovery()).isEqualTo(StationDiscovery.EXPLICIT_UNVERIFIED);
    assertThat(source.stations()).containsExactly("BER", "KLO");
    assertThat(
            MedallionPipeline.source(MedallionConfig.fromArgs("--stations", "BER"))
                .config()
                .discovery())
        .as("by default an explicit list reads each station's STAC item for its checksums")
        .isEqualTo(StationDiscovery.EXPLICIT);
  }
}
