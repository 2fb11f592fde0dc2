package org.remotestore.medallion.gold;

import java.time.Instant;

/**
 * Running totals of one station in {@link StationStatsFunction}. A Flink POJO (state); {@link
 * #toStats(String, Instant)} turns it into a {@code station_stats} row.
 */
public final class StationTotals {
  /** Latest station name seen, may be {@code null}. */
  public String stationName;

  /** Latest elevation seen, may be {@code null}. */
  public Double elevationM;

  /** Distinct 10-minute timestamps seen. */
  public long observations;

  /** Earliest timestamp seen (epoch ms), {@link Long#MAX_VALUE} if none. */
  public long firstObservation = Long.MAX_VALUE;

  /** Latest timestamp seen (epoch ms), {@link Long#MIN_VALUE} if none. */
  public long lastObservation = Long.MIN_VALUE;

  /** Sum of the latest {@code tre200s0} of every timestamp. */
  public double temperatureSum;

  /** Number of timestamps with a {@code tre200s0}. */
  public long temperatureCount;

  /** The pending refresh timer (event time), {@link Long#MIN_VALUE} if none. */
  public long pendingRefresh = Long.MIN_VALUE;

  /** The UTC day of the last pruning of old timestamps, {@link Long#MIN_VALUE} if none. */
  public long lastPruneDay = Long.MIN_VALUE;

  /** No observations yet. */
  public StationTotals() {}

  /** Counts a newly seen timestamp. */
  public void observe(long epochMillis) {
    observations++;
    firstObservation = Math.min(firstObservation, epochMillis);
    lastObservation = Math.max(lastObservation, epochMillis);
  }

  /** Replaces a timestamp's temperature ({@code NaN} for none) by another. */
  public void replaceTemperature(double old, double value) {
    if (Double.isNaN(old)) {
      temperatureCount++;
    } else {
      temperatureSum -= old;
    }
    temperatureSum += value;
  }

  /** The {@code station_stats} row of these totals. */
  public StationStats toStats(String station, Instant asOf) {
    long slots =
        observations == 0
            ? 0
            : Math.floorDiv(lastObservation - firstObservation, GoldTime.TEN_MINUTES_MS) + 1;
    Double mean = temperatureCount == 0 ? null : temperatureSum / temperatureCount;
    return new StationStats(
        station,
        stationName,
        elevationM,
        observations,
        slots == 0 ? 0.0 : observations / (double) slots,
        mean,
        StationStats.seaLevelAdjusted(mean, elevationM),
        observations == 0 ? null : Instant.ofEpochMilli(firstObservation),
        observations == 0 ? null : Instant.ofEpochMilli(lastObservation),
        asOf);
  }
}
