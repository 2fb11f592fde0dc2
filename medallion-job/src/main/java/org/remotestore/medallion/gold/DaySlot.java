package org.remotestore.medallion.gold;

/**
 * The latest values of one station at one 10-minute timestamp, as kept by {@link
 * DailySummaryFunction}: the four parameters the daily summary aggregates, each with the silver
 * revision it came from, and whether any parameter had a value. A Flink POJO (state).
 */
public final class DaySlot {
  /** Whether any 10-minute parameter had a value at this timestamp. */
  public boolean present;

  /** Latest {@code tre200s0}, {@code NaN} if none. */
  public double temperature = Double.NaN;

  /** Silver revision of {@link #temperature}, -1 if none. */
  public int temperatureRevision = -1;

  /** Latest {@code rre150z0}, {@code NaN} if none. */
  public double precipitation = Double.NaN;

  /** Silver revision of {@link #precipitation}, -1 if none. */
  public int precipitationRevision = -1;

  /** Latest {@code sre000z0}, {@code NaN} if none. */
  public double sunshine = Double.NaN;

  /** Silver revision of {@link #sunshine}, -1 if none. */
  public int sunshineRevision = -1;

  /** Latest {@code fu3010z1}, {@code NaN} if none. */
  public double gust = Double.NaN;

  /** Silver revision of {@link #gust}, -1 if none. */
  public int gustRevision = -1;

  /** An empty slot. */
  public DaySlot() {}

  /**
   * Applies one silver value: it replaces the stored value of its parameter unless the stored one
   * comes from a higher revision.
   *
   * @param parameter lower-case parameter code
   * @return whether the day's summary changes (a first value at this timestamp, or a new value of
   *     an aggregated parameter)
   */
  public boolean apply(String parameter, double value, int revision) {
    boolean changed = !present;
    present = true;
    switch (parameter) {
      case GoldParameters.TEMPERATURE -> {
        if (revision >= temperatureRevision) {
          changed |= Double.compare(temperature, value) != 0;
          temperature = value;
          temperatureRevision = revision;
        }
      }
      case GoldParameters.PRECIPITATION -> {
        if (revision >= precipitationRevision) {
          changed |= Double.compare(precipitation, value) != 0;
          precipitation = value;
          precipitationRevision = revision;
        }
      }
      case GoldParameters.SUNSHINE -> {
        if (revision >= sunshineRevision) {
          changed |= Double.compare(sunshine, value) != 0;
          sunshine = value;
          sunshineRevision = revision;
        }
      }
      case GoldParameters.GUST -> {
        if (revision >= gustRevision) {
          changed |= Double.compare(gust, value) != 0;
          gust = value;
          gustRevision = revision;
        }
      }
      default -> {
        // other parameters only count towards samples
      }
    }
    return changed;
  }
}
