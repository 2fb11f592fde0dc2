package org.remotestore.medallion.gold;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.util.TimeUtils;
import org.remotestore.config.ConfigFlattener;

/**
 * Settings of the gold layer: when daily summaries close, how long closed days stay correctable,
 * how often station statistics refresh, and the alert thresholds. Immutable; build it with {@link
 * #builder()} or from key/value settings with {@link #fromMap(Map)}.
 *
 * <p>Every setting has a key (the constants below, such as {@value #ALLOWED_LATENESS}); validation
 * errors name the key at fault.
 */
public final class GoldConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Key: how long after the end of a UTC day (in event time) its summary waits for late rows. */
  public static final String ALLOWED_LATENESS = "allowed-lateness";

  /**
   * Key: how long after the end of a UTC day (in event time) corrections are still applied; after
   * that the day's state is dropped and rows for it are ignored.
   */
  public static final String CORRECTION_PERIOD = "correction-period";

  /** Key: the event-time interval at which station statistics are refreshed. */
  public static final String STATS_REFRESH_INTERVAL = "stats-refresh-interval";

  /** Key: heat alert when {@code tre200s0} is at or above this (°C). */
  public static final String HEAT_THRESHOLD_C = "heat-threshold-c";

  /** Key: frost alert when {@code tre200s0} is at or below this (°C). */
  public static final String FROST_THRESHOLD_C = "frost-threshold-c";

  /** Key: storm gust alert when {@code fu3010z1} is at or above this (km/h). */
  public static final String STORM_GUST_THRESHOLD_KMH = "storm-gust-threshold-kmh";

  /** Key: heavy rain alert when {@code rre150z0} is at or above this (mm per 10 minutes). */
  public static final String HEAVY_RAIN_THRESHOLD_MM = "heavy-rain-threshold-mm";

  /** Default {@value #ALLOWED_LATENESS}: 1 hour. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);

  /** Default {@value #CORRECTION_PERIOD}: 6 days (MeteoSwiss corrects for about 5 days). */
  public static final Duration DEFAULT_CORRECTION_PERIOD = Duration.ofDays(6);

  /** Default {@value #STATS_REFRESH_INTERVAL}: 1 hour. */
  public static final Duration DEFAULT_STATS_REFRESH_INTERVAL = Duration.ofHours(1);

  /** Default {@value #HEAT_THRESHOLD_C}: 30 °C. */
  public static final double DEFAULT_HEAT_THRESHOLD_C = 30.0;

  /** Default {@value #FROST_THRESHOLD_C}: 0 °C. */
  public static final double DEFAULT_FROST_THRESHOLD_C = 0.0;

  /** Default {@value #STORM_GUST_THRESHOLD_KMH}: 75 km/h. */
  public static final double DEFAULT_STORM_GUST_THRESHOLD_KMH = 75.0;

  /** Default {@value #HEAVY_RAIN_THRESHOLD_MM}: 5 mm in 10 minutes. */
  public static final double DEFAULT_HEAVY_RAIN_THRESHOLD_MM = 5.0;

  private final Duration allowedLateness;
  private final Duration correctionPeriod;
  private final Duration statsRefreshInterval;
  private final double heatThresholdC;
  private final double frostThresholdC;
  private final double stormGustThresholdKmh;
  private final double heavyRainThresholdMm;

  private GoldConfig(Builder b) {
    this.allowedLateness = b.allowedLateness;
    this.correctionPeriod = b.correctionPeriod;
    this.statsRefreshInterval = b.statsRefreshInterval;
    this.heatThresholdC = b.heatThresholdC;
    this.frostThresholdC = b.frostThresholdC;
    this.stormGustThresholdKmh = b.stormGustThresholdKmh;
    this.heavyRainThresholdMm = b.heavyRainThresholdMm;
  }

  /** The defaults. */
  public static GoldConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .allowedLateness(allowedLateness)
        .correctionPeriod(correctionPeriod)
        .statsRefreshInterval(statsRefreshInterval)
        .heatThresholdC(heatThresholdC)
        .frostThresholdC(frostThresholdC)
        .stormGustThresholdKmh(stormGustThresholdKmh)
        .heavyRainThresholdMm(heavyRainThresholdMm);
  }

  /**
   * A configuration from key/value settings (for example the {@code gold:} block of a YAML file);
   * missing keys keep their defaults. Durations are Flink durations ({@code 90 min}, {@code 1 h},
   * {@code 6 d}) or ISO-8601 ({@code PT1H}); thresholds are numbers. Nested maps are flattened to
   * dotted keys by {@link ConfigFlattener}; a nested key that names no setting is unknown.
   *
   * @param prefix prepended to keys in error messages (for example {@code "gold."}), may be empty
   * @throws IllegalArgumentException naming the key for an unknown key or an invalid value
   */
  public static GoldConfig fromMap(Map<String, ?> settings, String prefix) {
    Objects.requireNonNull(settings, "settings");
    String p = prefix == null ? "" : prefix;
    Builder b = builder();
    // nested maps (a whole YAML block) become dotted keys, with the project's one flattener
    for (Map.Entry<String, ?> e : ConfigFlattener.flatten(settings).entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (value == null) {
        throw new IllegalArgumentException(p + key + ": a value is required");
      }
      switch (key) {
        case ALLOWED_LATENESS -> b.allowedLateness(duration(p + key, value));
        case CORRECTION_PERIOD -> b.correctionPeriod(duration(p + key, value));
        case STATS_REFRESH_INTERVAL -> b.statsRefreshInterval(duration(p + key, value));
        case HEAT_THRESHOLD_C -> b.heatThresholdC(number(p + key, value));
        case FROST_THRESHOLD_C -> b.frostThresholdC(number(p + key, value));
        case STORM_GUST_THRESHOLD_KMH -> b.stormGustThresholdKmh(number(p + key, value));
        case HEAVY_RAIN_THRESHOLD_MM -> b.heavyRainThresholdMm(number(p + key, value));
        default ->
            throw new IllegalArgumentException(
                p
                    + key
                    + ": unknown gold setting; known are "
                    + String.join(
                        ", ",
                        ALLOWED_LATENESS,
                        CORRECTION_PERIOD,
                        STATS_REFRESH_INTERVAL,
                        HEAT_THRESHOLD_C,
                        FROST_THRESHOLD_C,
                        STORM_GUST_THRESHOLD_KMH,
                        HEAVY_RAIN_THRESHOLD_MM));
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(p + ex.getMessage(), ex);
    }
  }

  private static Duration duration(String key, Object value) {
    if (value instanceof Duration d) {
      return d;
    }
    String text = value.toString().trim();
    try {
      if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
        return Duration.parse(text);
      }
      return TimeUtils.parseDuration(text);
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException(
          key + ": not a duration: '" + text + "' (use for example '1 h', '90 min' or 'PT1H')", ex);
    }
  }

  private static double number(String key, Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(key + ": not a number: '" + value + "'", ex);
    }
  }

  /** How long after the end of a UTC day its summary waits for late rows before it is emitted. */
  public Duration allowedLateness() {
    return allowedLateness;
  }

  /** How long after the end of a UTC day corrections still update it; then its state is dropped. */
  public Duration correctionPeriod() {
    return correctionPeriod;
  }

  /** The event-time interval of station statistics refreshes. */
  public Duration statsRefreshInterval() {
    return statsRefreshInterval;
  }

  /** Heat alert threshold on {@code tre200s0}, °C (at or above). */
  public double heatThresholdC() {
    return heatThresholdC;
  }

  /** Frost alert threshold on {@code tre200s0}, °C (at or below). */
  public double frostThresholdC() {
    return frostThresholdC;
  }

  /** Storm gust alert threshold on {@code fu3010z1}, km/h (at or above). */
  public double stormGustThresholdKmh() {
    return stormGustThresholdKmh;
  }

  /** Heavy rain alert threshold on {@code rre150z0}, mm per 10 minutes (at or above). */
  public double heavyRainThresholdMm() {
    return heavyRainThresholdMm;
  }

  /** The threshold of an alert kind. */
  public double threshold(AlertKind kind) {
    return switch (kind) {
      case HEAT -> heatThresholdC;
      case FROST -> frostThresholdC;
      case STORM_GUST -> stormGustThresholdKmh;
      case HEAVY_RAIN -> heavyRainThresholdMm;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoldConfig c
        && allowedLateness.equals(c.allowedLateness)
        && correctionPeriod.equals(c.correctionPeriod)
        && statsRefreshInterval.equals(c.statsRefreshInterval)
        && Double.compare(heatThresholdC, c.heatThresholdC) == 0
        && Double.compare(frostThresholdC, c.frostThresholdC) == 0
        && Double.compare(stormGustThresholdKmh, c.stormGustThresholdKmh) == 0
        && Double.compare(heavyRainThresholdMm, c.heavyRainThresholdMm) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        allowedLateness,
        correctionPeriod,
        statsRefreshInterval,
        heatThresholdC,
        frostThresholdC,
        stormGustThresholdKmh,
        heavyRainThresholdMm);
  }

  @Override
  public String toString() {
    return "GoldConfig{"
        + ALLOWED_LATENESS
        + "="
        + allowedLateness
        + ", "
        + CORRECTION_PERIOD
        + "="
        + correctionPeriod
        + ", "
        + STATS_REFRESH_INTERVAL
        + "="
        + statsRefreshInterval
        + ", "
        + HEAT_THRESHOLD_C
        + "="
        + heatThresholdC
        + ", "
        + FROST_THRESHOLD_C
        + "="
        + frostThresholdC
        + ", "
        + STORM_GUST_THRESHOLD_KMH
        + "="
        + stormGustThresholdKmh
        + ", "
        + HEAVY_RAIN_THRESHOLD_MM
        + "="
        + heavyRainThresholdMm
        + "}";
  }

  /** Builds a {@link GoldConfig}; {@link #build()} validates and names the setting at fault. */
  public static final class Builder {
    private Duration allowedLateness = DEFAULT_ALLOWED_LATENESS;
    private Duration correctionPeriod = DEFAULT_CORRECTION_PERIOD;
    private Duration statsRefreshInterval = DEFAULT_STATS_REFRESH_INTERVAL;
    private double heatThresholdC = DEFAULT_HEAT_THRESHOLD_C;
    private double frostThresholdC = DEFAULT_FROST_THRESHOLD_C;
    private double stormGustThresholdKmh = DEFAULT_STORM_GUST_THRESHOLD_KMH;
    private double heavyRainThresholdMm = DEFAULT_HEAVY_RAIN_THRESHOLD_MM;

    private Builder() {}

    /** See {@link GoldConfig#allowedLateness()}; zero or more. */
    public Builder allowedLateness(Duration d) {
      this.allowedLateness = Objects.requireNonNull(d, ALLOWED_LATENESS);
      return this;
    }

    /** See {@link GoldConfig#correctionPeriod()}; at least the allowed lateness. */
    public Builder correctionPeriod(Duration d) {
      this.correctionPeriod = Objects.requireNonNull(d, CORRECTION_PERIOD);
      return this;
    }

    /** See {@link GoldConfig#statsRefreshInterval()}; at least one second, at most one day. */
    public Builder statsRefreshInterval(Duration d) {
      this.statsRefreshInterval = Objects.requireNonNull(d, STATS_REFRESH_INTERVAL);
      return this;
    }

    /** See {@link GoldConfig#heatThresholdC()}. */
    public Builder heatThresholdC(double v) {
      this.heatThresholdC = v;
      return this;
    }

    /** See {@link GoldConfig#frostThresholdC()}. */
    public Builder frostThresholdC(double v) {
      this.frostThresholdC = v;
      return this;
    }

    /** See {@link GoldConfig#stormGustThresholdKmh()}. */
    public Builder stormGustThresholdKmh(double v) {
      this.stormGustThresholdKmh = v;
      return this;
    }

    /** See {@link GoldConfig#heavyRainThresholdMm()}. */
    public Builder heavyRainThresholdMm(double v) {
      this.heavyRainThresholdMm = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public GoldConfig build() {
      if (allowedLateness.isNegative()) {
        throw new IllegalArgumentException(
            ALLOWED_LATENESS + " must not be negative, got " + allowedLateness);
      }
      if (correctionPeriod.compareTo(allowedLateness) < 0) {
        throw new IllegalArgumentException(
            CORRECTION_PERIOD
                + " must be at least "
                + ALLOWED_LATENESS
                + " ("
                + allowedLateness
                + "), got "
                + correctionPeriod);
      }
      if (statsRefreshInterval.compareTo(Duration.ofSeconds(1)) < 0
          || statsRefreshInterval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            STATS_REFRESH_INTERVAL
                + " must be between 1 second and 1 day, got "
                + statsRefreshInterval);
      }
      finite(HEAT_THRESHOLD_C, heatThresholdC);
      finite(FROST_THRESHOLD_C, frostThresholdC);
      finite(STORM_GUST_THRESHOLD_KMH, stormGustThresholdKmh);
      finite(HEAVY_RAIN_THRESHOLD_MM, heavyRainThresholdMm);
      if (frostThresholdC >= heatThresholdC) {
        throw new IllegalArgumentException(
            FROST_THRESHOLD_C
                + " ("
                + frostThresholdC
                + ") must be below "
                + HEAT_THRESHOLD_C
                + " ("
                + heatThresholdC
                + ")");
      }
      if (stormGustThresholdKmh <= 0) {
        throw new IllegalArgumentException(
            STORM_GUST_THRESHOLD_KMH + " must be positive, got " + stormGustThresholdKmh);
      }
      if (heavyRainThresholdMm <= 0) {
        throw new IllegalArgumentException(
            HEAVY_RAIN_THRESHOLD_MM + " must be positive, got " + heavyRainThresholdMm);
      }
      return new GoldConfig(this);
    }

    private static void finite(String key, double v) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(key + " must be a finite number, got " + v);
      }
    }
  }
}
