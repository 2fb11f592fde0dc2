package org.remotestore.medallion.silver;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops exact repeats and numbers corrections. The stream is keyed by station ({@link
 * SilverValue#station()}), so a station's values keep their order from the source to every
 * downstream operator keyed by station (gold); inside, the state maps each reference timestamp to
 * the values of that timestamp (by granularity and parameter): the value last emitted and how often
 * it changed.
 *
 * <p>A value equal to the last one is an exact repeat and is dropped; a different value is a
 * correction and is emitted with {@code revision} = the number of changes so far (0 for the first
 * value, 1 for the first correction, ...). A value that goes back to an earlier one (A, B, A) is
 * therefore emitted again (revision 2), so the highest revision is always the current value.
 *
 * <p>The values of a timestamp are forgotten once the watermark passes that timestamp plus {@code
 * retention} (an event-time timer per timestamp), so the state holds the data of {@code retention}
 * behind the watermark, however fast the input arrives (a backfill holds more only while a station
 * not yet read holds the watermark back). A repeat of a forgotten timestamp is emitted again as
 * revision 0.
 */
public final class SilverDeduplicator
    extends KeyedProcessFunction<String, SilverValue, SilverValue> {
  private static final long serialVersionUID = 1L;

  private final long retentionMillis;
  private transient MapState<Long, Map<String, Tuple2<Double, Integer>>> byTimestamp;
  private transient Map<String, Map<String, String>> fields;

  /** Remembers the values of each timestamp until the watermark is {@code retention} past it. */
  public SilverDeduplicator(Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    this.retentionMillis = retention.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    fields = new HashMap<>();
    byTimestamp =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "values-by-timestamp",
                    Types.LONG,
                    Types.MAP(Types.STRING, Types.TUPLE(Types.DOUBLE, Types.INT))));
  }

  @Override
  public void processElement(SilverValue in, Context ctx, Collector<SilverValue> out)
      throws Exception {
    long timestamp = in.referenceTimestamp().toEpochMilli();
    String field = field(in.granularity(), in.parameter());
    Map<String, Tuple2<Double, Integer>> values = byTimestamp.get(timestamp);
    if (values == null) {
      values = new HashMap<>();
      ctx.timerService().registerEventTimeTimer(forgetAt(timestamp));
    }
    Tuple2<Double, Integer> seen = values.get(field);
    int revision;
    if (seen == null) {
      revision = 0;
    } else if (Double.compare(seen.f0, in.value()) != 0) {
      revision = seen.f1 + 1;
    } else {
      return; // an exact repeat
    }
    values.put(field, Tuple2.of(in.value(), revision));
    byTimestamp.put(timestamp, values); // written back: a serializing state backend copies
    out.collect(in.withRevision(revision));
  }

  @Override
  public void onTimer(long timer, OnTimerContext ctx, Collector<SilverValue> out) throws Exception {
    byTimestamp.remove(timer - retentionMillis);
  }

  /**
   * The state's key of a value inside its timestamp: {@code granularity|parameter}, one shared
   * instance per distinct key. Every remembered value holds its key, so a fresh string per value
   * (about 56 bytes on a 64-bit JVM) would be a third of the state of a backfill; the set of keys
   * is small (the feed's parameters times its granularities), so they are kept per operator
   * instance, looked up without building the string again.
   */
  private String field(String granularity, String parameter) {
    return fields
        .computeIfAbsent(granularity, g -> new HashMap<>())
        .computeIfAbsent(parameter, p -> granularity + "|" + p);
  }

  private long forgetAt(long timestamp) {
    return timestamp > Long.MAX_VALUE - retentionMillis
        ? Long.MAX_VALUE
        : timestamp + retentionMillis;
  }
}
