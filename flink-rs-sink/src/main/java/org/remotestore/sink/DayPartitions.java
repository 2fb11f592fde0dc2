package org.remotestore.sink;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.ext.partition.HivePartitions;

/**
 * Hive-style partition folders that end with a UTC day, such as {@code
 * station_abbr=BER/date=2026-03-01} or {@code tenant=acme/region=eu/date=2026-03-01}, and the
 * instant at which such a folder's day ends (for {@code _SUCCESS} markers, see {@link
 * ParquetSinks#partitioned}). Values are escaped as Hive and Flink's filesystem connector do.
 *
 * <pre>{@code
 * SerializableFunction<Order, String> partitionOf =
 *     order -> DayPartitions.folder("shop", order.shop(), order.placedAt());
 * ParquetSinks.partitioned(base, fileType, Order::toRow, partitionOf, DayPartitions::endOf);
 * }</pre>
 */
public final class DayPartitions {

  /** The day partition column. */
  public static final String DATE_COLUMN = "date";

  /**
   * The folder {@code <column>=<value>/date=<yyyy-MM-dd>}, the day taken in UTC.
   *
   * @param column the leading partition column
   * @param value its value (escaped)
   * @param timestamp the instant whose UTC day is the last component
   */
  public static String folder(String column, String value, Instant timestamp) {
    LinkedHashMap<String, String> keys = new LinkedHashMap<>();
    keys.put(column, value);
    return folder(keys, timestamp);
  }

  /**
   * The folder of the leading partition columns in iteration order followed by {@code
   * date=<yyyy-MM-dd>}, the day taken in UTC.
   *
   * @param leading the leading partition columns and their values (may be empty)
   * @param timestamp the instant whose UTC day is the last component
   */
  public static String folder(Map<String, String> leading, Instant timestamp) {
    LinkedHashMap<String, String> spec = new LinkedHashMap<>(leading);
    if (spec.containsKey(DATE_COLUMN)) {
      throw new IllegalArgumentException(
          "The leading partition columns must not include '" + DATE_COLUMN + "'");
    }
    spec.put(DATE_COLUMN, LocalDate.ofInstant(timestamp, ZoneOffset.UTC).toString());
    String path = HivePartitions.partitionPath(spec);
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * The instant at which the folder's day ends (next midnight UTC), or {@code null} when the folder
   * has no {@code date=} component.
   */
  public static Instant endOf(String folder) {
    String date = HivePartitions.parsePartition(folder).get(DATE_COLUMN);
    if (date == null) {
      return null;
    }
    return LocalDate.parse(date).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private DayPartitions() {}
}
