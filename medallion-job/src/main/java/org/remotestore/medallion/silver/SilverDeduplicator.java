package org.remotestore.medallion.silver;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops exact repeats and numbers corrections. The stream is keyed by station ({@link
 * SilverValue#station()}), so a station's values keep their order from the source to every
 * downstream operator keyed by station (gold); inside, the state is a map from {@link
 * SilverValue#valueKey()} (granularity, timestamp, parameter) to the value last emitted and how
 * often it changed.
 *
 * <p>A value equal to the last one is an exact repeat and is dropped; a different value is a
 * correction and is emitted with {@code revision} = the number of changes so far (0 for the first
 * value, 1 for the first correction, ...). A value that goes back to an earlier one (A, B, A) is
 * therefore emitted again (revision 2), so the highest revision is always the current value. The
 * state expires {@code ttl} after its last update (processing time); a repeat arriving later than
 * that is emitted again as revision 0.
 */
public final class SilverDeduplicator
    extends KeyedProcessFunction<String, SilverValue, SilverValue> {
  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private transient MapState<String, Tuple2<Double, Integer>> last;

  /** Remembers each key for {@code ttl} after its last change. */
  public SilverDeduplicator(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext context) {
    MapStateDescriptor<String, Tuple2<Double, Integer>> descriptor =
        new MapStateDescriptor<>("last-values", Types.STRING, Types.TUPLE(Types.DOUBLE, Types.INT));
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    last = getRuntimeContext().getMapState(descriptor);
  }

  @Override
  public void processElement(SilverValue in, Context ctx, Collector<SilverValue> out)
      throws Exception {
    String key = in.valueKey();
    Tuple2<Double, Integer> seen = last.get(key);
    if (seen == null) {
      last.put(key, Tuple2.of(in.value(), 0));
      out.collect(in.withRevision(0));
    } else if (Double.compare(seen.f0, in.value()) != 0) {
      int revision = seen.f1 + 1;
      last.put(key, Tuple2.of(in.value(), revision));
      out.collect(in.withRevision(revision));
    }
  }
}
