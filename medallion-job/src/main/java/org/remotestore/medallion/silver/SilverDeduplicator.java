package org.remotestore.medallion.silver;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.internal.InternalValueState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops exact repeats and numbers corrections. The stream is keyed by station ({@link
 * SilverValue#station()}), so a station's values keep their order from the source to every
 * downstream operator keyed by station (gold).
 *
 * <p>A value equal to the last one of its (station, reference timestamp, granularity, parameter) is
 * an exact repeat and is dropped; a different value is a correction and is emitted with {@code
 * revision} = the number of changes so far (0 for the first value, 1 for the first correction,
 * ...). A value that goes back to an earlier one (A, B, A) is therefore emitted again (revision 2),
 * so the highest revision is always the current value.
 *
 * <p><b>State (layout 2).</b> One {@link DedupeDay} per station and UTC day of the reference
 * timestamp: a value state in the namespace of the day ({@value #STATE}), so the {@code hashmap}
 * state backend, which copies an entry the first time it is touched while a checkpoint is being
 * written, copies only the days touched since the last checkpoint (in a backfill one or two per
 * station), not everything the station remembers. A day is forgotten whole once the watermark
 * passes its end plus {@code retention} (one event-time timer per station and day), so the state
 * holds at most {@code retention} plus one day behind the watermark, however fast the input
 * arrives; a repeat of a forgotten timestamp is emitted again as revision 0.
 *
 * <p><b>Earlier layout.</b> Up to layout 1 the state was one map per station, {@value
 * #LEGACY_STATE}, timestamp to the values of that timestamp, with a timer per timestamp. On
 * restore, {@link LegacyDedupeState} moves whatever a checkpoint or savepoint of that layout holds
 * into the days; its timers still fire and are ignored, except those that fall on the end of a day
 * plus {@code retention}, which forget that day as a timer of this layout would.
 */
public final class SilverDeduplicator extends AbstractStreamOperator<SilverValue>
    implements OneInputStreamOperator<SilverValue, SilverValue>,
        Triggerable<String, VoidNamespace> {
  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(SilverDeduplicator.class);

  /** The name of the state: one {@link DedupeDay} per station in the namespace of the day. */
  public static final String STATE = "dedupe-days";

  /** The name of layout 1's state, read once on restore (see {@link LegacyDedupeState}). */
  public static final String LEGACY_STATE = "values-by-timestamp";

  /** The timer service, shared with layout 1 (whose operator used Flink's default name). */
  static final String TIMERS = "user-timers";

  private final long retentionMillis;
  private transient InternalValueState<String, Long, DedupeDay> days;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient Map<String, Map<String, String>> fields;

  /** Remembers each day's values until the watermark is {@code retention} past the day's end. */
  public SilverDeduplicator(Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    this.retentionMillis = retention.toMillis();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    super.open();
    fields = new HashMap<>();
    days =
        (InternalValueState<String, Long, DedupeDay>)
            getKeyedStateBackend()
                .getOrCreateKeyedState(
                    LongSerializer.INSTANCE,
                    new ValueStateDescriptor<>(STATE, DedupeDaySerializer.INSTANCE));
    timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
    long moved =
        LegacyDedupeState.migrate(getKeyedStateBackend(), this::setCurrentKey, this::restore);
    if (moved > 0) {
      LOG.info("silver dedupe: moved {} remembered values of state layout 1 into days", moved);
    }
  }

  @Override
  public void processElement(StreamRecord<SilverValue> element) throws Exception {
    SilverValue in = element.getValue();
    long timestamp = in.referenceTimestamp().toEpochMilli();
    DedupeDay day = day(DedupeDay.dayOf(timestamp));
    int revision = day.observe(timestamp, field(in.granularity(), in.parameter()), in.value());
    if (revision < 0) {
      return; // an exact repeat
    }
    days.update(day); // written back: a serializing state backend copies
    output.collect(element.replace(in.withRevision(revision)));
  }

  /** The state of {@code day} for the current station, new (and its timer set) if there is none. */
  private DedupeDay day(long day) throws Exception {
    days.setCurrentNamespace(day);
    DedupeDay d = days.value();
    if (d == null) {
      d = new DedupeDay();
      timers.registerEventTimeTimer(VoidNamespace.INSTANCE, forgetAt(day));
    }
    return d;
  }

  /** Layout 1's entry of the current station, moved into its day. */
  private void restore(long timestamp, String field, double value, int revision) throws Exception {
    DedupeDay day = day(DedupeDay.dayOf(timestamp));
    day.restore(timestamp, field, value, revision);
    days.update(day);
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    long dayEnd = timer.getTimestamp() - retentionMillis;
    if (timer.getTimestamp() == Long.MAX_VALUE
        || Math.floorMod(dayEnd, DedupeDay.DAY_MILLIS) != 0) {
      return; // a timer of layout 1 for a timestamp inside a day, or the end of the input
    }
    days.setCurrentNamespace(DedupeDay.dayOf(dayEnd) - 1);
    days.clear();
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
    // no processing-time timers
  }

  /**
   * The key of a value inside its day: {@code granularity|parameter}, one shared instance per
   * distinct key (a day keeps the names once, and compares them by identity first).
   */
  private String field(String granularity, String parameter) {
    return fields
        .computeIfAbsent(granularity, g -> new HashMap<>())
        .computeIfAbsent(parameter, p -> granularity + "|" + p);
  }

  /** When {@code day} is forgotten: the end of the day plus the retention. */
  private long forgetAt(long day) {
    long end = (day + 1) * DedupeDay.DAY_MILLIS;
    return end > Long.MAX_VALUE - retentionMillis ? Long.MAX_VALUE : end + retentionMillis;
  }
}
