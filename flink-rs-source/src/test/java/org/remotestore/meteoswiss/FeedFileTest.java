package org.remotestore.meteoswiss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedFileTest {

  @Test
  void buildsThePublishedLayout() {
    assertThat(FeedFile.now("BER", Granularity.T).path()).isEqualTo("ber/ogd-smn_ber_t_now.csv");
    assertThat(FeedFile.recent("ber", Granularity.H).path())
        .isEqualTo("ber/ogd-smn_ber_h_recent.csv");
    assertThat(FeedFile.historicalDecade("BER", Granularity.T, 2004).path())
        .isEqualTo("ber/ogd-smn_ber_t_historical_2000-2009.csv");
    assertThat(FeedFile.historicalDaily("KLO").path())
        .isEqualTo("klo/ogd-smn_klo_d_historical.csv");
    assertThat(FeedFile.whole("SMA", Granularity.M).path()).isEqualTo("sma/ogd-smn_sma_m.csv");
    assertThat(FeedFile.whole("SMA", Granularity.Y).fileName()).isEqualTo("ogd-smn_sma_y.csv");
  }

  @Test
  void parsesWhatItBuilds() {
    for (FeedFile f :
        new FeedFile[] {
          FeedFile.now("BER", Granularity.T),
          FeedFile.now("BER", Granularity.H),
          FeedFile.recent("JUN", Granularity.D),
          FeedFile.historicalDecade("LUG", Granularity.H, 1999),
          FeedFile.historicalDaily("GVE"),
          FeedFile.whole("DAV", Granularity.Y)
        }) {
      assertThat(FeedFile.parse(f.path())).isEqualTo(f);
      assertThat(FeedFile.parse("https://data.geo.admin.ch/ch.meteoschweiz.ogd-smn/" + f.path()))
          .isEqualTo(f);
    }
    assertThat(FeedFile.parse("OGD-SMN_BER_T_NOW.CSV").station()).isEqualTo("BER");
  }

  @Test
  void rejectsCombinationsTheFeedDoesNotPublish() {
    assertThatThrownBy(() -> FeedFile.now("BER", Granularity.D))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not published");
    assertThatThrownBy(() -> new FeedFile("BER", Granularity.T, Period.HISTORICAL, null))
        .hasMessageContaining("decade");
    assertThatThrownBy(() -> FeedFile.parse("ber/ogd-smn_meta_stations.csv"))
        .hasMessageContaining("ogd-smn_meta_stations.csv");
    assertThatThrownBy(() -> FeedFile.parse("ber/ogd-smn_ber_t_historical_2000-2019.csv"))
        .hasMessageContaining("ten years");
    assertThat(FeedFile.isFeedFile("ber/ogd-smn_ber_x_now.csv")).isFalse();
  }

  @Test
  void listsHistoricalDecades() {
    assertThat(FeedFile.historical("BER", Granularity.T, 1981, 2025))
        .extracting(FeedFile::fileName)
        .containsExactly(
            "ogd-smn_ber_t_historical_1980-1989.csv",
            "ogd-smn_ber_t_historical_1990-1999.csv",
            "ogd-smn_ber_t_historical_2000-2009.csv",
            "ogd-smn_ber_t_historical_2010-2019.csv",
            "ogd-smn_ber_t_historical_2020-2029.csv");
    assertThat(FeedFile.historical("BER", Granularity.D, 1981, 2025))
        .containsExactly(FeedFile.historicalDaily("BER"));
  }

  @Test
  void granularityCalendarArithmetic() {
    Instant t = Instant.parse("2024-02-28T23:57:00Z");
    assertThat(Granularity.T.floor(t)).isEqualTo(Instant.parse("2024-02-28T23:50:00Z"));
    assertThat(Granularity.T.next(Granularity.T.floor(t)))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(Granularity.M.next(Instant.parse("2024-01-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(Granularity.Y.floor(t)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(Granularity.T.intervalStart(Instant.parse("2024-01-01T16:00:00Z")))
        .isEqualTo(Instant.parse("2024-01-01T15:50:00Z"));
    assertThat(Granularity.D.intervalEnd(Instant.parse("2024-01-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
    assertThat(Granularity.T.timestampIsIntervalEnd()).isTrue();
    assertThat(Granularity.D.timestampIsIntervalEnd()).isFalse();
    assertThat(Granularity.of("H")).isEqualTo(Granularity.H);
    assertThatThrownBy(() -> Granularity.of("x")).hasMessageContaining("'x'");
    assertThat(Period.of("Recent")).isEqualTo(Period.RECENT);
  }
}
