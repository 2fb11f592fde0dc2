package org.remotestore.medallion.silver;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops exact repeats and numbers corrections, keyed by {@link SilverValue#key()} (station,
 * granularity, timestamp, parameter).
 *
 * <p>The state of a key is the value last emitted and how often it changed. A value equal to the
 * last one is an exact repeat and is dropped; a different value is a correction and is emitted with
 * {@code revision} = the number of changes so far (0 for the first value, 1 for the first
 * correction, ...). A value that goes back to an earlier one (A, B, A) is therefore emitted again
 * (revision 2), so the highest revision is always the current value. The state expires {@code ttl}
 * after its last update (processing time); a repeat arriving later than that is emitted again as
 * revision 0.
 */
public final class SilverDeduplicator
    extends KeyedProcessFunction<String, SilverValue, SilverValue> {
  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private transient ValueState<Tuple2<Double, Integer>> last;

  /** Remembers each key for {@code ttl} after its last change. */
  public SilverDeduplicator(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Tuple2<Double, Integer>> descriptor =
        new ValueStateDescriptor<>("last-value", Types.TUPLE(Types.DOUBLE, Types.INT));
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    last = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(SilverValue in, Context ctx, Collector<SilverValue> out)
      throws Exception {
    Tuple2<Double, Integer> seen = last.value();
    if (seen == null) {
      last.update(Tuple2.of(in.value(), 0));
      out.collect(in.withRevision(0));
    } else if (Double.compare(seen.f0, in.value()) != 0) {
      int revision = seen.f1 + 1;
      last.update(Tuple2.of(in.value(), revision));
      out.collect(in.withRevision(revision));
    }
  }
}
