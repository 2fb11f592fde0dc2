package org.remotestore.medallion.gold;

import java.time.Instant;
import java.time.LocalDate;

/** The daily summary computation over a day's {@link DaySlot}s, free of Flink. */
public final class DailySummaries {

  /**
   * Summarises the slots of one station and UTC day.
   *
   * @param slots the day's slots in timestamp order (the order of summation)
   */
  public static DailySummary summarize(
      String station, LocalDate date, int version, Iterable<DaySlot> slots, Instant emittedAt) {
    int samples = 0;
    int temperatures = 0;
    double temperatureSum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    Double rain = null;
    Double sun = null;
    Double gust = null;
    for (DaySlot s : slots) {
      if (!s.present) {
        continue;
      }
      samples++;
      if (!Double.isNaN(s.temperature)) {
        temperatures++;
        temperatureSum += s.temperature;
        min = Math.min(min, s.temperature);
        max = Math.max(max, s.temperature);
      }
      if (!Double.isNaN(s.precipitation)) {
        rain = (rain == null ? 0 : rain) + s.precipitation;
      }
      if (!Double.isNaN(s.sunshine)) {
        sun = (sun == null ? 0 : sun) + s.sunshine;
      }
      if (!Double.isNaN(s.gust)) {
        gust = gust == null ? s.gust : Math.max(gust, s.gust);
      }
    }
    boolean anyTemperature = temperatures > 0;
    return new DailySummary(
        station,
        date,
        version,
        anyTemperature ? temperatureSum / temperatures : null,
        anyTemperature ? min : null,
        anyTemperature ? max : null,
        rain,
        sun,
        gust,
        samples,
        samples / (double) GoldTime.SLOTS_PER_DAY,
        emittedAt);
  }

  private DailySummaries() {}
}
