package org.remotestore.medallion.gold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.remotestore.medallion.silver.SilverRecord;

/**
 * The {@code alerts} operator, keyed by station: emits an alert as soon as a 10-minute value
 * reaches a threshold of {@link GoldConfig} ({@link AlertRules}), at most one per station, {@link
 * AlertKind} and UTC day. Which kinds a day has raised is kept until the day's correction period
 * has passed (bounded state); rows of older days are ignored, as in {@link DailySummaryFunction}.
 */
public class AlertFunction extends KeyedProcessFunction<String, SilverRecord, Alert> {
  private static final long serialVersionUID = 1L;

  private final GoldConfig cfg;
  // UTC day -> bit set of AlertKind ordinals already raised that day
  private transient MapState<Long, Integer> raised;
  private transient Counter tooLate;

  /** An operator with these settings. */
  public AlertFunction(GoldConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
  }

  @Override
  public void open(OpenContext openContext) {
    raised =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("alerts-raised", Types.LONG, Types.INT));
    tooLate = getRuntimeContext().getMetricGroup().counter("goldRowsTooLate");
  }

  @Override
  public void processElement(SilverRecord r, Context ctx, Collector<Alert> out) throws Exception {
    if (!GoldParameters.isGoldInput(r)) {
      return;
    }
    String parameter = GoldParameters.code(r);
    AlertKind kind = AlertRules.triggered(cfg, parameter, r.value());
    if (kind == null) {
      return;
    }
    long ts = r.referenceTimestamp().toEpochMilli();
    long watermark = ctx.timerService().currentWatermark();
    if (!GoldTime.correctable(ts, watermark, cfg)) {
      tooLate.inc();
      return;
    }
    long day = GoldTime.epochDay(ts);
    Integer mask = raised.get(day);
    if (mask == null) {
      mask = 0;
      ctx.timerService().registerEventTimeTimer(GoldTime.horizon(day, cfg));
    }
    int bit = 1 << kind.ordinal();
    if ((mask & bit) != 0) {
      return;
    }
    raised.put(day, mask | bit);
    out.collect(
        new Alert(
            ctx.getCurrentKey(),
            kind.code(),
            GoldTime.date(day),
            r.referenceTimestamp(),
            parameter,
            r.value(),
            cfg.threshold(kind),
            Instant.ofEpochMilli(Math.max(ts, watermark))));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    List<Long> expired = new ArrayList<>();
    for (Long day : raised.keys()) {
      if (GoldTime.horizon(day, cfg) <= timestamp) {
        expired.add(day);
      }
    }
    for (Long day : expired) {
      raised.remove(day);
    }
  }
}
