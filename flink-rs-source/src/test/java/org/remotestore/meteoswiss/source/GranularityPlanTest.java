package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;

/** Which files a split reads per granularity and period, and which combinations are refused. */
class GranularityPlanTest {

  private static FeedSplit plan(Granularity g, PeriodMode mode, boolean bounded) {
    return new SplitPlanner(g, mode, bounded, 2020).plan(DiscoveredStation.of("BER"), 2026);
  }

  @Test
  void everyGranularityHasItsFiles() {
    FeedSplit h = plan(Granularity.H, PeriodMode.BACKFILL, true);
    assertThat(h.pendingFiles())
        .containsExactly(
            "ber/ogd-smn_ber_h_historical_2020-2029.csv",
            "ber/ogd-smn_ber_h_recent.csv",
            "ber/ogd-smn_ber_h_now.csv");
    FeedSplit d = plan(Granularity.D, PeriodMode.BACKFILL, false);
    assertThat(d.pendingFiles()).containsExactly("ber/ogd-smn_ber_d_historical.csv");
    assertThat(d.pollFile()).isEqualTo("ber/ogd-smn_ber_d_recent.csv");
    FeedSplit m = plan(Granularity.M, PeriodMode.BACKFILL, false);
    assertThat(m.pendingFiles()).isEmpty();
    assertThat(m.pollFile()).isEqualTo("ber/ogd-smn_ber_m.csv");
    FeedSplit y = plan(Granularity.Y, PeriodMode.HISTORICAL, false);
    assertThat(y.pendingFiles()).containsExactly("ber/ogd-smn_ber_y.csv");
    assertThat(y.pollFile()).isNull();
    assertThat(plan(Granularity.T, PeriodMode.NOW, false).pollFile())
        .isEqualTo("ber/ogd-smn_ber_t_now.csv");
  }

  @Test
  void combinationsTheFeedDoesNotPublishAreRefused() {
    for (Granularity g : List.of(Granularity.M, Granularity.Y)) {
      for (PeriodMode mode : List.of(PeriodMode.NOW, PeriodMode.RECENT)) {
        assertThat(mode.supports(g)).isFalse();
        assertThatThrownBy(
                () -> MeteoSwissSource.builder().granularity(g).period(mode).buildConfig())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("period '" + mode.code() + "'")
            .hasMessageContaining("granularity '" + g + "'")
            .hasMessageContaining("historical, backfill");
      }
    }
    assertThatThrownBy(
            () ->
                MeteoSwissSource.builder()
                    .granularity(Granularity.D)
                    .period(PeriodMode.NOW)
                    .buildConfig())
        .hasMessageContaining("period 'now' is not published for granularity 'd'");
    for (Granularity g : Granularity.values()) {
      assertThat(MeteoSwissSource.builder().granularity(g).buildConfig().period())
          .isEqualTo(PeriodMode.defaultFor(g));
      assertThat(PeriodMode.defaultFor(g).supports(g)).isTrue();
      assertThat(PeriodMode.BACKFILL.supports(g)).isTrue();
    }
  }
}
