package org.remotestore.medallion.gold;

import java.util.Locale;

/** The kinds of gold alerts, each a threshold on one 10-minute parameter. */
public enum AlertKind {
  /** {@code tre200s0} (air temperature 2 m, °C) at or above the heat threshold. */
  HEAT(GoldParameters.TEMPERATURE),
  /** {@code tre200s0} (air temperature 2 m, °C) at or below the frost threshold. */
  FROST(GoldParameters.TEMPERATURE),
  /** {@code fu3010z1} (gust peak, km/h) at or above the storm gust threshold. */
  STORM_GUST(GoldParameters.GUST),
  /** {@code rre150z0} (precipitation, mm per 10 minutes) at or above the heavy rain threshold. */
  HEAVY_RAIN(GoldParameters.PRECIPITATION);

  private final String parameter;

  AlertKind(String parameter) {
    this.parameter = parameter;
  }

  /** The parameter code the alert watches. */
  public String parameter() {
    return parameter;
  }

  /** The name stored in the {@code kind} column: {@code heat}, {@code frost}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a {@link #code()}. */
  public static AlertKind ofCode(String code) {
    for (AlertKind k : values()) {
      if (k.code().equals(code)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown alert kind: " + code);
  }
}
