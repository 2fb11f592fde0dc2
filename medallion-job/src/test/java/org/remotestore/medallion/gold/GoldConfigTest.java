package org.remotestore.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoldConfigTest {

  @Test
  void defaultsFollowTheIssue() {
    GoldConfig cfg = GoldConfig.defaults();
    assertThat(cfg.allowedLateness()).isEqualTo(Duration.ofHours(1));
    assertThat(cfg.correctionPeriod()).isEqualTo(Duration.ofDays(6));
    assertThat(cfg.statsRefreshInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(cfg.threshold(AlertKind.HEAT)).isEqualTo(30.0);
    assertThat(cfg.threshold(AlertKind.FROST)).isEqualTo(0.0);
    assertThat(cfg.threshold(AlertKind.STORM_GUST)).isEqualTo(75.0);
    assertThat(cfg.threshold(AlertKind.HEAVY_RAIN)).isEqualTo(5.0);
  }

  @Test
  void fromMapParsesDurationsAndNumbers() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("allowed-lateness", "30 min");
    m.put("correction-period", "PT120H");
    m.put("stats-refresh-interval", "2 h");
    m.put("heat-threshold-c", 28);
    m.put("frost-threshold-c", "-2.5");
    m.put("storm-gust-threshold-kmh", "90");
    m.put("heavy-rain-threshold-mm", 3.5);
    GoldConfig cfg = GoldConfig.fromMap(m, "gold.");
    assertThat(cfg)
        .isEqualTo(
            GoldConfig.builder()
                .allowedLateness(Duration.ofMinutes(30))
                .correctionPeriod(Duration.ofDays(5))
                .statsRefreshInterval(Duration.ofHours(2))
                .heatThresholdC(28)
                .frostThresholdC(-2.5)
                .stormGustThresholdKmh(90)
                .heavyRainThresholdMm(3.5)
                .build());
    assertThat(cfg.toBuilder().build()).isEqualTo(cfg);
    assertThat(cfg.toString()).contains("heat-threshold-c=28.0");
  }

  @Test
  void errorsNameTheSetting() {
    assertThatThrownBy(() -> GoldConfig.fromMap(Map.of("hot", 1), "gold."))
        .hasMessageContaining("gold.hot")
        .hasMessageContaining("unknown");
    assertThatThrownBy(() -> GoldConfig.fromMap(Map.of("allowed-lateness", "soon"), "gold."))
        .hasMessageContaining("gold.allowed-lateness")
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> GoldConfig.fromMap(Map.of("heat-threshold-c", "warm"), "gold."))
        .hasMessageContaining("gold.heat-threshold-c");
    assertThatThrownBy(() -> GoldConfig.builder().allowedLateness(Duration.ofMinutes(-1)).build())
        .hasMessageContaining("allowed-lateness");
    assertThatThrownBy(
            () ->
                GoldConfig.fromMap(
                    Map.of("allowed-lateness", "2 d", "correction-period", "1 d"), "gold."))
        .hasMessageContaining("gold.correction-period");
    assertThatThrownBy(
            () -> GoldConfig.builder().statsRefreshInterval(Duration.ofMillis(10)).build())
        .hasMessageContaining("stats-refresh-interval");
    assertThatThrownBy(() -> GoldConfig.builder().frostThresholdC(31).build())
        .hasMessageContaining("frost-threshold-c");
    assertThatThrownBy(() -> GoldConfig.builder().heatThresholdC(Double.NaN).build())
        .hasMessageContaining("heat-threshold-c");
    assertThatThrownBy(() -> GoldConfig.builder().stormGustThresholdKmh(0).build())
        .hasMessageContaining("storm-gust-threshold-kmh");
    assertThatThrownBy(() -> GoldConfig.builder().heavyRainThresholdMm(-1).build())
        .hasMessageContaining("heavy-rain-threshold-mm");
  }
}
