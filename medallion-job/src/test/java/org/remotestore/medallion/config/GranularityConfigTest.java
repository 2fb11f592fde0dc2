package org.remotestore.medallion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.source.PeriodMode;

/** The {@code granularity} key: flag, YAML, default period per granularity, errors naming keys. */
class GranularityConfigTest {

  @Test
  void granularityFromFlagOrYamlWithItsDefaultPeriod() {
    MedallionConfig t = MedallionConfig.fromArgs();
    assertThat(t.granularity()).isEqualTo(Granularity.T);
    assertThat(t.period()).isEqualTo(PeriodMode.NOW);
    MedallionConfig d = MedallionConfig.fromArgs("--granularity", "d");
    assertThat(d.granularity()).isEqualTo(Granularity.D);
    assertThat(d.period()).isEqualTo(PeriodMode.RECENT);
    MedallionConfig m = MedallionConfig.fromYaml("granularity: m\n", "job.yaml");
    assertThat(m.granularity()).isEqualTo(Granularity.M);
    assertThat(m.period()).isEqualTo(PeriodMode.BACKFILL);
    MedallionConfig h = MedallionConfig.fromArgs("--granularity=h", "--feed.period", "historical");
    assertThat(h.period()).isEqualTo(PeriodMode.HISTORICAL);
    assertThat(h.toString()).contains("granularity=h");
    assertThat(MedallionConfig.KEYS).containsKey("granularity");
  }

  @Test
  void badGranularityOrPeriodNamesTheKey() {
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--granularity", "w"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("'granularity' (flag --granularity)");
    assertThatThrownBy(() -> MedallionConfig.fromArgs("--granularity", "m", "--feed.period", "now"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("Invalid value 'now' for key 'feed.period' (flag --feed.period)")
        .hasMessageContaining("granularity 'm'")
        .hasMessageContaining("historical, backfill");
    assertThatThrownBy(
            () -> MedallionConfig.fromYaml("granularity: d\nfeed:\n  period: now\n", "job.yaml"))
        .isInstanceOf(MedallionConfigException.class)
        .hasMessageContaining("'feed.period' (in job.yaml)");
  }
}
