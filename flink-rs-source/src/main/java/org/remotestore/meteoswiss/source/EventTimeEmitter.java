package org.remotestore.meteoswiss.source;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.util.Collector;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * Hands the loaded files of a {@link FeedSourceReader}'s splits to Flink, always from the split
 * whose next line is the oldest, so the stations of one reader advance through event time together
 * and a split paused by watermark alignment waits. Task thread only.
 */
final class EventTimeEmitter<T> {
  private final Map<String, SplitRuntime> splits;
  private final Set<String> paused;
  private final FeedRecordMapper<T> mapper;
  private final MeteoSwissSourceConfig config;
  private final FeedReaderMetrics metrics;
  private long recordsOut;

  EventTimeEmitter(
      Map<String, SplitRuntime> splits,
      Set<String> paused,
      FeedRecordMapper<T> mapper,
      MeteoSwissSourceConfig config,
      FeedReaderMetrics metrics) {
    this.splits = splits;
    this.paused = paused;
    this.mapper = mapper;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * Emits up to {@code budget} lines; a split whose file has nothing more to emit is handed to
   * {@code fileDone}.
   */
  void emit(int budget, Consumer<SplitRuntime> fileDone) throws Exception {
    while (budget > 0 && !limitReached()) {
      SplitRuntime rt = next();
      if (rt == null) {
        return;
      }
      long limit = Long.MAX_VALUE;
      for (SplitRuntime other : splits.values()) {
        if (other != rt && emittable(other)) {
          limit = Math.min(limit, other.batch.peeked.timestamp());
        }
      }
      SplitCollector collector = new SplitCollector(rt.output);
      do {
        emitOne(rt, collector);
        budget--;
      } while (budget > 0
          && !limitReached()
          && rt.batch.peeked != null
          && rt.batch.peeked.timestamp() <= limit);
      if (rt.batch.peeked == null) {
        fileDone.accept(rt);
      }
    }
  }

  /** Whether a pushed-down limit was reached: nothing more is fetched or emitted. */
  boolean limitReached() {
    return config.hasLimit() && recordsOut >= config.limit();
  }

  /**
   * Hands a line standing for a whole quarantined file to Flink (with the event time of the split's
   * newest emitted row), outside the split's progress.
   */
  void emitQuarantined(SplitRuntime rt, RejectedRow row, FetchMetadata meta) throws Exception {
    if (rt.output == null) {
      return;
    }
    SplitCollector collector = new SplitCollector(rt.output);
    collector.timestamp = Math.max(rt.progress.lastEmitted(), 0L);
    mapper.map(row, meta, collector);
  }

  /** The loaded, unpaused split whose next line is the oldest, or {@code null}. */
  SplitRuntime next() {
    SplitRuntime best = null;
    for (SplitRuntime rt : splits.values()) {
      if (emittable(rt)
          && (best == null || rt.batch.peeked.timestamp() < best.batch.peeked.timestamp())) {
        best = rt;
      }
    }
    if (best == null) {
      for (SplitRuntime rt : splits.values()) {
        if (rt.batch != null && rt.batch.peeked == null) {
          return rt; // a loaded file with nothing to emit: complete it
        }
      }
    }
    return best;
  }

  private boolean emittable(SplitRuntime rt) {
    return rt.batch != null
        && rt.batch.peeked != null
        && rt.output != null
        && !paused.contains(rt.progress.splitId());
  }

  /** Emits the split's next line and reads ahead to the one after. */
  private void emitOne(SplitRuntime rt, SplitCollector collector) throws Exception {
    FeedBatch b = rt.batch;
    if (b.peeked == null) {
      return;
    }
    SplitProgress.Emission e = b.peeked;
    collector.timestamp = e.timestamp();
    boolean inRange = true;
    if (e.line() instanceof MeasurementRow && !config.timeRange().contains(e.timestamp())) {
      inRange = false; // outside the time range: consumed (state advances) but not handed on
      rt.pastEnd |= config.timeRange().isPastEnd(e.timestamp());
    }
    if (inRange) {
      mapper.map(e.line(), b.meta, collector);
    }
    rt.progress.markEmitted(e);
    if (!inRange) {
      metrics.rowsOutOfRange.inc();
    } else if (e.line() instanceof MeasurementRow row) {
      metrics.rowsEmitted.inc();
      if (row.isRevision()) {
        metrics.revisionsEmitted.inc();
      }
    } else if (e.line() instanceof RejectedRow) {
      metrics.rowsRejected.inc();
    }
    b.advance();
  }

  private final class SplitCollector implements Collector<T> {
    private final SourceOutput<?> output;
    long timestamp;

    SplitCollector(SourceOutput<?> output) {
      this.output = output;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void collect(T record) {
      recordsOut++;
      ((SourceOutput<T>) output).collect(record, timestamp);
    }

    @Override
    public void close() {}
  }
}
