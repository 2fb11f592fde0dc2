package org.remotestore.medallion.gold;

import java.time.Instant;
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
import org.remotestore.medallion.silver.SilverRecord;

/**
 * The {@code daily_summary} operator, keyed by station.
 *
 * <ul>
 *   <li>Keeps the latest value (highest silver revision) of each (timestamp, parameter) of the
 *       aggregated parameters, and which timestamps had any value.
 *   <li>Emits a day (version 0) when the watermark passes its end plus the allowed lateness.
 *   <li>A row arriving later for an emitted day that changes its summary (a correction, or a late
 *       row) marks the day; it is emitted again with {@code version + 1} when the watermark next
 *       advances, so the changed parameters of one corrected row give one new version.
 *   <li>Once the watermark passes the day's end plus the correction period, the day's state is
 *       dropped and its rows are ignored (counted in the metric {@code goldRowsTooLate}).
 * </ul>
 *
 * <p>{@code emitted_at} is the event time of the emission: the operator's watermark at that moment
 * (at the end of a bounded input, whose final watermark is infinite, the time the day was due).
 */
public class DailySummaryFunction extends KeyedProcessFunction<String, SilverRecord, DailySummary> {
  private static final long serialVersionUID = 1L;

  private final GoldConfig cfg;
  private transient MapState<Long, DaySlot> slots;
  private transient MapState<Long, DayStatus> days;
  private transient Counter tooLate;

  /** An operator with these settings. */
  public DailySummaryFunction(GoldConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
  }

  @Override
  public void open(OpenContext openContext) {
    slots =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "daily-slots", Types.LONG, TypeInformation.of(DaySlot.class)));
    days =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "daily-status", Types.LONG, TypeInformation.of(DayStatus.class)));
    tooLate = getRuntimeContext().getMetricGroup().counter("goldRowsTooLate");
  }

  @Override
  public void processElement(SilverRecord r, Context ctx, Collector<DailySummary> out)
      throws Exception {
    if (!GoldParameters.isGoldInput(r)) {
      return;
    }
    long ts = r.referenceTimestamp().toEpochMilli();
    long watermark = ctx.timerService().currentWatermark();
    if (!GoldTime.correctable(ts, watermark, cfg)) {
      tooLate.inc();
      return;
    }
    long day = GoldTime.epochDay(ts);
    DaySlot slot = slots.get(ts);
    if (slot == null) {
      slot = new DaySlot();
    }
    boolean changed = slot.apply(GoldParameters.code(r), r.value(), r.revision());
    if (!changed) {
      return;
    }
    slots.put(ts, slot);
    DayStatus status = days.get(day);
    if (status == null) {
      status = new DayStatus();
      days.put(day, status);
      ctx.timerService()
          .registerEventTimeTimer(
              Math.max(GoldTime.closeTime(day, cfg), GoldTime.saturatedAdd(watermark, 1)));
      ctx.timerService().registerEventTimeTimer(GoldTime.horizon(day, cfg));
    } else if (status.version >= 0 && !status.dirty) {
      status.dirty = true;
      days.put(day, status);
      // after a restore the watermark starts from scratch: never before the day's close
      ctx.timerService()
          .registerEventTimeTimer(
              Math.max(GoldTime.closeTime(day, cfg), GoldTime.saturatedAdd(watermark, 1)));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DailySummary> out)
      throws Exception {
    List<Long> expired = new ArrayList<>();
    TreeMap<Long, DayStatus> due = new TreeMap<>();
    for (Map.Entry<Long, DayStatus> e : days.entries()) {
      long day = e.getKey();
      DayStatus status = e.getValue();
      if (GoldTime.closeTime(day, cfg) <= timestamp && (status.version < 0 || status.dirty)) {
        due.put(day, status);
      }
      if (GoldTime.horizon(day, cfg) <= timestamp) {
        expired.add(day);
      }
    }
    if (!due.isEmpty()) {
      long watermark = ctx.timerService().currentWatermark();
      Instant emittedAt = Instant.ofEpochMilli(watermark == Long.MAX_VALUE ? timestamp : watermark);
      Map<Long, TreeMap<Long, DaySlot>> byDay = slotsByDay(due.keySet());
      for (Map.Entry<Long, DayStatus> e : due.entrySet()) {
        long day = e.getKey();
        DayStatus status = e.getValue();
        status.version++;
        status.dirty = false;
        days.put(day, status);
        TreeMap<Long, DaySlot> daySlots = byDay.getOrDefault(day, new TreeMap<>());
        out.collect(
            DailySummaries.summarize(
                ctx.getCurrentKey(),
                GoldTime.date(day),
                status.version,
                daySlots.values(),
                emittedAt));
      }
    }
    if (!expired.isEmpty()) {
      List<Long> drop = new ArrayList<>();
      for (Long ts : slots.keys()) {
        if (expired.contains(GoldTime.epochDay(ts))) {
          drop.add(ts);
        }
      }
      for (Long ts : drop) {
        slots.remove(ts);
      }
      for (Long day : expired) {
        days.remove(day);
      }
    }
  }

  private Map<Long, TreeMap<Long, DaySlot>> slotsByDay(java.util.Set<Long> wanted)
      throws Exception {
    Map<Long, TreeMap<Long, DaySlot>> byDay = new TreeMap<>();
    for (Map.Entry<Long, DaySlot> e : slots.entries()) {
      long day = GoldTime.epochDay(e.getKey());
      if (wanted.contains(day)) {
        byDay.computeIfAbsent(day, d -> new TreeMap<>()).put(e.getKey(), e.getValue());
      }
    }
    return byDay;
  }
}
