package org.remotestore.medallion.gold;

/** Emission status of one station's UTC day in {@link DailySummaryFunction}. A Flink POJO. */
public final class DayStatus {
  /** The last emitted version, -1 before the first emission. */
  public int version = -1;

  /** Whether the day changed since its last emission. */
  public boolean dirty;

  /** Not emitted yet. */
  public DayStatus() {}
}
