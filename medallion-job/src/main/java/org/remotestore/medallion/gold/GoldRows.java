package org.remotestore.medallion.gold;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/** Conversions into Flink's internal row values, shared by the gold records. */
final class GoldRows {
  static StringData str(String s) {
    return s == null ? null : StringData.fromString(s);
  }

  static TimestampData ts(Instant i) {
    return i == null ? null : TimestampData.fromInstant(i);
  }

  static Integer date(LocalDate d) {
    return d == null ? null : (int) d.toEpochDay();
  }

  private GoldRows() {}
}
