package org.remotestore.medallion.gold;

/** Which alert, if any, a 10-minute value triggers under a {@link GoldConfig}. */
public final class AlertRules {

  /**
   * The alert kind a value triggers, or {@code null}.
   *
   * @param parameter lower-case parameter code
   */
  public static AlertKind triggered(GoldConfig cfg, String parameter, double value) {
    switch (parameter) {
      case GoldParameters.TEMPERATURE:
        if (value >= cfg.heatThresholdC()) {
          return AlertKind.HEAT;
        }
        if (value <= cfg.frostThresholdC()) {
          return AlertKind.FROST;
        }
        return null;
      case GoldParameters.GUST:
        return value >= cfg.stormGustThresholdKmh() ? AlertKind.STORM_GUST : null;
      case GoldParameters.PRECIPITATION:
        return value >= cfg.heavyRainThresholdMm() ? AlertKind.HEAVY_RAIN : null;
      default:
        return null;
    }
  }

  private AlertRules() {}
}
