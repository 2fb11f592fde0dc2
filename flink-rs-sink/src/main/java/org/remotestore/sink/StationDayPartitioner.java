package org.remotestore.sink;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import org.remotestore.ext.partition.HivePartitions;

/**
 * The partition layout of bronze and silver: {@code station_abbr=<ABBR>/date=<yyyy-MM-dd>}, with
 * the date taken in UTC from the measurement's reference timestamp, and Hive escaping of the
 * values.
 */
public final class StationDayPartitioner implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The station partition column. */
  public static final String STATION_COLUMN = "station_abbr";

  /** The date partition column. */
  public static final String DATE_COLUMN = "date";

  /** The partition folder of a station and an instant. */
  public static String partition(String station, Instant timestamp) {
    LinkedHashMap<String, String> spec = new LinkedHashMap<>();
    spec.put(STATION_COLUMN, station);
    spec.put(DATE_COLUMN, LocalDate.ofInstant(timestamp, ZoneOffset.UTC).toString());
    String path = HivePartitions.partitionPath(spec);
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * The instant at which the partition's day ends (next midnight UTC), or {@code null} when the
   * folder has no {@code date=} component.
   */
  public static Instant endOf(String partition) {
    String date = HivePartitions.parsePartition(partition).get(DATE_COLUMN);
    if (date == null) {
      return null;
    }
    return LocalDate.parse(date).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private StationDayPartitioner() {}
}
