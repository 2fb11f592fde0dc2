package org.remotestore.meteoswiss.source;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.MetricGroup;

/**
 * The reader's metrics, registered in its Flink metric group:
 *
 * <ul>
 *   <li>{@code polls}: requests sent (conditional or not);
 *   <li>{@code notModified}: answers "not modified" (no body);
 *   <li>{@code bytesReceived}: body bytes received;
 *   <li>{@code rowsEmitted}: measurement rows emitted (revisions included);
 *   <li>{@code revisionsEmitted}: corrected rows emitted again;
 *   <li>{@code rowsRejected}: malformed lines reported;
 *   <li>{@code rowsOutOfRange}: rows read but dropped because they lie outside the time range;
 *   <li>{@code fetchFailures}: failed requests (each is retried with backoff);
 *   <li>{@code filesMissing}: files that do not exist (skipped historical decades, for example);
 *   <li>{@code checksumsVerified}: downloaded bodies that matched their STAC {@code file:checksum};
 *   <li>{@code checksumMismatches}: downloaded bodies that did not (each quarantined, none of its
 *       rows emitted);
 *   <li>{@code fetchLatencyMs}: histogram of request latency; {@code lastFetchLatencyMs}: gauge;
 *   <li>{@code filesRead}: files read to their end (a poll file's repeated reads are {@code
 *       polls});
 *   <li>the backlog, as gauges updated by the reader's task thread: {@code backlogFiles} (files its
 *       splits have still to read once), {@code backlogSplits} (splits not finished), {@code
 *       eventTimeMs} (the oldest newest-emitted timestamp over its unfinished splits that emitted
 *       anything, epoch ms; {@code -1} if none): how far the slowest station has come.
 * </ul>
 *
 * <p>The reader's store operations are counted as well, in the group {@code remote_store} ({@link
 * org.remotestore.flink.FlinkMetricsObserver}): {@code operations}, {@code errors}, {@code
 * bytesRead}, and per operation.
 */
final class FeedReaderMetrics {
  final Counter polls;
  final Counter notModified;
  final Counter bytesReceived;
  final Counter rowsEmitted;
  final Counter revisionsEmitted;
  final Counter rowsRejected;
  final Counter rowsOutOfRange;
  final Counter fetchFailures;
  final Counter filesMissing;
  final Counter checksumsVerified;
  final Counter checksumMismatches;
  final Counter filesRead;
  final Histogram fetchLatency;
  private volatile long lastFetchLatencyMs;
  private volatile long backlogFiles;
  private volatile long backlogSplits;
  private volatile long eventTimeMs = -1;

  FeedReaderMetrics(MetricGroup group) {
    polls = group.counter("polls");
    notModified = group.counter("notModified");
    bytesReceived = group.counter("bytesReceived");
    rowsEmitted = group.counter("rowsEmitted");
    revisionsEmitted = group.counter("revisionsEmitted");
    rowsRejected = group.counter("rowsRejected");
    rowsOutOfRange = group.counter("rowsOutOfRange");
    fetchFailures = group.counter("fetchFailures");
    filesMissing = group.counter("filesMissing");
    checksumsVerified = group.counter("checksumsVerified");
    checksumMismatches = group.counter("checksumMismatches");
    fetchLatency = group.histogram("fetchLatencyMs", new WindowHistogram(1024));
    group.gauge("lastFetchLatencyMs", () -> lastFetchLatencyMs);
    filesRead = group.counter("filesRead");
    group.gauge("backlogFiles", () -> backlogFiles);
    group.gauge("backlogSplits", () -> backlogSplits);
    group.gauge("eventTimeMs", () -> eventTimeMs);
  }

  /** Publishes the backlog of the reader's unfinished splits (called by the task thread). */
  void backlog(java.util.Collection<SplitProgress> splits) {
    long files = 0;
    long eventTime = Long.MAX_VALUE;
    for (SplitProgress p : splits) {
      files += p.filesPending();
      if (p.lastEmitted() != FeedSplit.NOTHING_EMITTED) {
        eventTime = Math.min(eventTime, p.lastEmitted());
      }
    }
    backlogFiles = files;
    backlogSplits = splits.size();
    eventTimeMs = eventTime == Long.MAX_VALUE ? -1 : eventTime;
  }

  void recordLatency(long millis) {
    lastFetchLatencyMs = millis;
    fetchLatency.update(millis);
  }

  /** A histogram over the last {@code size} values. Thread-safe. */
  static final class WindowHistogram implements Histogram {
    private final long[] values;
    private long count;

    WindowHistogram(int size) {
      this.values = new long[size];
    }

    @Override
    public synchronized void update(long value) {
      values[(int) (count % values.length)] = value;
      count++;
    }

    @Override
    public synchronized long getCount() {
      return count;
    }

    @Override
    public synchronized HistogramStatistics getStatistics() {
      int n = (int) Math.min(count, values.length);
      long[] sorted = java.util.Arrays.copyOf(values, n);
      java.util.Arrays.sort(sorted);
      return new HistogramStatistics() {
        @Override
        public double getQuantile(double quantile) {
          if (n == 0) {
            return 0;
          }
          int index = (int) Math.min(n - 1, Math.max(0, Math.ceil(quantile * n) - 1));
          return sorted[index];
        }

        @Override
        public long[] getValues() {
          return sorted.clone();
        }

        @Override
        public int size() {
          return n;
        }

        @Override
        public double getMean() {
          return n == 0 ? 0 : java.util.Arrays.stream(sorted).average().orElse(0);
        }

        @Override
        public double getStdDev() {
          if (n < 2) {
            return 0;
          }
          double mean = getMean();
          double sum = 0;
          for (long v : sorted) {
            sum += (v - mean) * (v - mean);
          }
          return Math.sqrt(sum / (n - 1));
        }

        @Override
        public long getMax() {
          return n == 0 ? 0 : sorted[n - 1];
        }

        @Override
        public long getMin() {
          return n == 0 ? 0 : sorted[0];
        }
      };
    }
  }
}
