package org.remotestore.medallion.gold;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The {@code monthly_summary} operator, keyed by station, over {@link DayValues}.
 *
 * <ul>
 *   <li>Keeps the latest values of each day of the open months (at most 31 entries per month).
 *   <li>Emits a month (version 0) when the watermark passes its end plus the allowed lateness.
 *   <li>A day that changes an emitted month (a corrected or late day) marks the month; it is
 *       emitted again with {@code version + 1} when the watermark next advances.
 *   <li>Once the watermark passes the month's end plus the correction period and the allowed
 *       lateness, the month's state is dropped and its days are ignored (metric {@code
 *       goldMonthDaysTooLate}).
 * </ul>
 */
public class MonthlySummaryFunction
    extends KeyedProcessFunction<String, DayValues, MonthlySummary> {
  private static final long serialVersionUID = 1L;

  private final GoldConfig cfg;
  private final String sourceGranularity;
  private transient MapState<Long, DayValues> days;
  private transient MapState<Long, DayStatus> months;
  private transient Counter tooLate;

  /**
   * An operator with these settings.
   *
   * @param sourceGranularity {@code d} or {@code t}, written to every row
   */
  public MonthlySummaryFunction(GoldConfig cfg, String sourceGranularity) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.sourceGranularity = Objects.requireNonNull(sourceGranularity, "sourceGranularity");
  }

  @Override
  public void open(OpenContext openContext) {
    days =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "monthly-days", Types.LONG, TypeInformation.of(DayValues.class)));
    months =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "monthly-status", Types.LONG, TypeInformation.of(DayStatus.class)));
    tooLate = getRuntimeContext().getMetricGroup().counter("goldMonthDaysTooLate");
  }

  /** The month of a UTC day, as months since January 1970. */
  static long month(LocalDate day) {
    return (day.getYear() - 1970L) * 12 + day.getMonthValue() - 1;
  }

  /** The first day of a month counted by {@link #month}. */
  static LocalDate firstDay(long month) {
    return LocalDate.of(
        (int) (1970 + Math.floorDiv(month, 12)), (int) Math.floorMod(month, 12) + 1, 1);
  }

  /** The first millisecond after the month. */
  static long monthEnd(long month) {
    return firstDay(month + 1).toEpochDay() * GoldTime.DAY_MS;
  }

  private long closeTime(long month) {
    return GoldTime.saturatedAdd(monthEnd(month), cfg.allowedLateness().toMillis());
  }

  private long horizon(long month) {
    return GoldTime.saturatedAdd(
        monthEnd(month), cfg.correctionPeriod().plus(cfg.allowedLateness()).toMillis());
  }

  @Override
  public void processElement(DayValues v, Context ctx, Collector<MonthlySummary> out)
      throws Exception {
    long month = month(v.date());
    long watermark = ctx.timerService().currentWatermark();
    if (horizon(month) <= watermark) {
      tooLate.inc();
      return;
    }
    long day = v.date().toEpochDay();
    DayValues before = days.get(day);
    DayValues after = before == null ? v.apply(v) : before.apply(v);
    if (after.equals(before)) {
      return;
    }
    days.put(day, after);
    DayStatus status = months.get(month);
    if (status == null) {
      status = new DayStatus();
      months.put(month, status);
      ctx.timerService()
          .registerEventTimeTimer(Math.max(closeTime(month), GoldTime.saturatedAdd(watermark, 1)));
      ctx.timerService().registerEventTimeTimer(horizon(month));
    } else if (status.version >= 0 && !status.dirty) {
      status.dirty = true;
      months.put(month, status);
      ctx.timerService()
          .registerEventTimeTimer(Math.max(closeTime(month), GoldTime.saturatedAdd(watermark, 1)));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MonthlySummary> out)
      throws Exception {
    TreeMap<Long, DayStatus> due = new TreeMap<>();
    List<Long> expired = new ArrayList<>();
    for (Map.Entry<Long, DayStatus> e : months.entries()) {
      long month = e.getKey();
      DayStatus status = e.getValue();
      if (closeTime(month) <= timestamp && (status.version < 0 || status.dirty)) {
        due.put(month, status);
      }
      if (horizon(month) <= timestamp) {
        expired.add(month);
      }
    }
    if (due.isEmpty() && expired.isEmpty()) {
      return;
    }
    Map<Long, TreeMap<Long, DayValues>> byMonth = new TreeMap<>();
    for (Map.Entry<Long, DayValues> e : days.entries()) {
      long month = month(e.getValue().date());
      if (due.containsKey(month) || expired.contains(month)) {
        byMonth.computeIfAbsent(month, m -> new TreeMap<>()).put(e.getKey(), e.getValue());
      }
    }
    long watermark = ctx.timerService().currentWatermark();
    Instant emittedAt = Instant.ofEpochMilli(watermark == Long.MAX_VALUE ? timestamp : watermark);
    for (Map.Entry<Long, DayStatus> e : due.entrySet()) {
      long month = e.getKey();
      DayStatus status = e.getValue();
      status.version++;
      status.dirty = false;
      months.put(month, status);
      out.collect(
          MonthlySummary.of(
              ctx.getCurrentKey(),
              firstDay(month),
              status.version,
              byMonth.getOrDefault(month, new TreeMap<>()).values(),
              sourceGranularity,
              emittedAt));
    }
    for (Long month : expired) {
      for (Long day : byMonth.getOrDefault(month, new TreeMap<>()).keySet()) {
        days.remove(day);
      }
      months.remove(month);
    }
  }
}
