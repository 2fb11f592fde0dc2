package org.remotestore.medallion.gold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.remotestore.medallion.silver.SilverRecord;

/**
 * The {@code station_stats} operator, keyed by station.
 *
 * <p>Running totals over all the station's 10-minute data. Whenever they change, an event-time
 * timer is set at the next multiple of the refresh interval (every full simulated hour by default);
 * when the watermark reaches it, the station's row is emitted with {@code as_of} = the timer's
 * time. A station that keeps sending data is therefore refreshed every interval, and a silent one
 * is not repeated.
 *
 * <p>The latest temperature of every timestamp inside the correction period is kept, so a
 * correction replaces its old value in the mean; older timestamps are pruned and their rows
 * ignored, as in {@link DailySummaryFunction} (pruning runs at the first refresh of each UTC day).
 */
public class StationStatsFunction extends KeyedProcessFunction<String, SilverRecord, StationStats> {
  private static final long serialVersionUID = 1L;

  private final GoldConfig cfg;
  private transient ValueState<StationTotals> totals;
  // every timestamp seen inside the correction period, with its latest temperature (NaN: none)
  private transient MapState<Long, Double> temperatures;
  // the silver revision of each temperature kept in `temperatures`
  private transient MapState<Long, Integer> revisions;
  private transient Counter tooLate;

  /** An operator with these settings. */
  public StationStatsFunction(GoldConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
  }

  @Override
  public void open(OpenContext openContext) {
    totals =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "station-totals", TypeInformation.of(StationTotals.class)));
    temperatures =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("station-recent", Types.LONG, Types.DOUBLE));
    revisions =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("station-recent-rev", Types.LONG, Types.INT));
    tooLate = getRuntimeContext().getMetricGroup().counter("goldRowsTooLate");
  }

  @Override
  public void processElement(SilverRecord r, Context ctx, Collector<StationStats> out)
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
    StationTotals t = totals.value();
    if (t == null) {
      t = new StationTotals();
    }
    boolean changed = false;
    Double stored = temperatures.get(ts);
    if (stored == null) {
      t.observe(ts);
      stored = Double.NaN;
      temperatures.put(ts, stored);
      changed = true;
    }
    if (GoldParameters.TEMPERATURE.equals(GoldParameters.code(r))) {
      Integer storedRevision = revisions.get(ts);
      if (storedRevision == null || r.revision() >= storedRevision) {
        if (Double.compare(stored, r.value()) != 0) {
          t.replaceTemperature(stored, r.value());
          temperatures.put(ts, r.value());
          changed = true;
        }
        revisions.put(ts, r.revision());
      }
    }
    if (r.stationName() != null && !r.stationName().equals(t.stationName)) {
      t.stationName = r.stationName();
      changed = true;
    }
    if (r.elevationM() != null && !r.elevationM().equals(t.elevationM)) {
      t.elevationM = r.elevationM();
      changed = true;
    }
    if (changed && t.pendingRefresh == Long.MIN_VALUE) {
      long interval = cfg.statsRefreshInterval().toMillis();
      long at = GoldTime.ceilTo(Math.max(ts, GoldTime.saturatedAdd(watermark, 1)), interval);
      ctx.timerService().registerEventTimeTimer(at);
      t.pendingRefresh = at;
    }
    if (changed) {
      totals.update(t);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<StationStats> out)
      throws Exception {
    StationTotals t = totals.value();
    if (t == null) {
      return;
    }
    t.pendingRefresh = Long.MIN_VALUE;
    totals.update(t);
    out.collect(t.toStats(ctx.getCurrentKey(), Instant.ofEpochMilli(timestamp)));
    // rows past their horizon are rejected anyway, so pruning once per UTC day only bounds state
    long day = GoldTime.epochDay(timestamp);
    if (day <= t.lastPruneDay) {
      return;
    }
    t.lastPruneDay = day;
    totals.update(t);
    List<Long> expired = new ArrayList<>();
    for (Long ts : temperatures.keys()) {
      if (!GoldTime.correctable(ts, timestamp, cfg)) {
        expired.add(ts);
      }
    }
    for (Long ts : expired) {
      temperatures.remove(ts);
      revisions.remove(ts);
    }
  }
}
