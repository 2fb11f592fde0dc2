package org.remotestore.medallion.silver;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Silver's deduplication as built up to state layout 1 (the job of the savepoint fixture
 * 2026-12-06-main): one {@link MapState} per station from reference timestamp to the values of that
 * timestamp, a timer per timestamp at timestamp + retention. Kept in the tests only, to write state
 * of that layout and restore it into {@link SilverDeduplicator}.
 */
final class Layout1Deduplicator extends KeyedProcessFunction<String, SilverValue, SilverValue> {
  private static final long serialVersionUID = 1L;

  private final long retentionMillis;
  private transient MapState<Long, Map<String, Tuple2<Double, Integer>>> byTimestamp;

  Layout1Deduplicator(long retentionMillis) {
    this.retentionMillis = retentionMillis;
  }

  @Override
  public void open(OpenContext context) {
    byTimestamp = getRuntimeContext().getMapState(LegacyDedupeState.descriptor());
  }

  @Override
  public void processElement(SilverValue in, Context ctx, Collector<SilverValue> out)
      throws Exception {
    long timestamp = in.referenceTimestamp().toEpochMilli();
    String field = in.granularity() + "|" + in.parameter();
    Map<String, Tuple2<Double, Integer>> values = byTimestamp.get(timestamp);
    if (values == null) {
      values = new HashMap<>();
      ctx.timerService().registerEventTimeTimer(timestamp + retentionMillis);
    }
    Tuple2<Double, Integer> seen = values.get(field);
    int revision;
    if (seen == null) {
      revision = 0;
    } else if (Double.compare(seen.f0, in.value()) != 0) {
      revision = seen.f1 + 1;
    } else {
      return;
    }
    values.put(field, Tuple2.of(in.value(), revision));
    byTimestamp.put(timestamp, values);
    out.collect(in.withRevision(revision));
  }

  @Override
  public void onTimer(long timer, OnTimerContext ctx, Collector<SilverValue> out) throws Exception {
    byTimestamp.remove(timer - retentionMillis);
  }
}
