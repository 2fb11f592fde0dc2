package org.remotestore.medallion;

import java.time.Instant;
import org.remotestore.sink.DayPartitions;

/**
 * The partition layout of bronze and silver: {@code station_abbr=<ABBR>/date=<yyyy-MM-dd>}, with
 * the date taken in UTC from the measurement's reference timestamp, and Hive escaping of the values
 * (the generic {@link DayPartitions} with the station as leading column).
 */
public final class StationDayPartitioner {

  /** The station partition column. */
  public static final String STATION_COLUMN = "station_abbr";

  /** The date partition column. */
  public static final String DATE_COLUMN = DayPartitions.DATE_COLUMN;

  /** The partition folder of a station and an instant. */
  public static String partition(String station, Instant timestamp) {
    return DayPartitions.folder(STATION_COLUMN, station, timestamp);
  }

  /**
   * The instant at which the partition's day ends (next midnight UTC), or {@code null} when the
   * folder has no {@code date=} component.
   */
  public static Instant endOf(String partition) {
    return DayPartitions.endOf(partition);
  }

  private StationDayPartitioner() {}
}
