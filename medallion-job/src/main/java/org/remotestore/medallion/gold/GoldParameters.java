package org.remotestore.medallion.gold;

import java.util.Locale;
import org.remotestore.medallion.silver.SilverRecord;

/** The 10-minute parameters the gold layer reads, and which silver rows it takes. */
public final class GoldParameters {
  /** Air temperature 2 m above ground, °C. */
  public static final String TEMPERATURE = "tre200s0";

  /** Precipitation, 10-minute sum, mm. */
  public static final String PRECIPITATION = "rre150z0";

  /** Sunshine duration, 10-minute sum, minutes. */
  public static final String SUNSHINE = "sre000z0";

  /** Gust peak (one second), km/h. */
  public static final String GUST = "fu3010z1";

  /** The granularity gold aggregates: 10-minute ({@code t}) data. */
  public static final String TEN_MINUTE_GRANULARITY = "t";

  /**
   * Whether gold uses a silver row: a finite value of 10-minute ({@code t}) data. Rows of other
   * granularities (hourly, daily) are ignored so they are not counted twice.
   */
  public static boolean isGoldInput(SilverRecord r) {
    return r != null
        && Double.isFinite(r.value())
        && (r.granularity() == null
            || TEN_MINUTE_GRANULARITY.equals(r.granularity().toLowerCase(Locale.ROOT)));
  }

  /** The parameter code in lower case. */
  static String code(SilverRecord r) {
    return r.parameter().toLowerCase(Locale.ROOT);
  }

  private GoldParameters() {}
}
