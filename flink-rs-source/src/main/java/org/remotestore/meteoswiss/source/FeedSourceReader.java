package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.util.FlinkRuntimeException;
import org.remotestore.NotFound;
import org.remotestore.flink.FlinkMetricsObserver;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.RejectedRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader of the MeteoSwiss source. All split state lives on the task thread; fetches run on
 * {@link ReaderTimers#io()} threads and hand their results back through a queue, waking the task
 * thread with the availability future.
 *
 * <p>One split has at most one fetch in flight and its next fetch is only scheduled after every row
 * of the previous one was emitted, so a checkpoint always describes emitted rows exactly. Every
 * split gets its own {@link SourceOutput}, so watermarks are generated per split (per station) and
 * an idle station does not hold back the others when the watermark strategy has idleness.
 */
final class FeedSourceReader<T> implements SourceReader<T, FeedSplit> {
  private static final Logger LOG = LoggerFactory.getLogger(FeedSourceReader.class);

  /** Emissions per {@link #pollNext} call, so checkpoints are not held back by a large file. */
  static final int EMIT_BATCH = 1000;

  /** Checksum mismatches in a row after which a file read once is given up. */
  static final int MAX_CHECKSUM_MISMATCHES = 3;

  private final SourceReaderContext context;
  private final MeteoSwissSourceConfig config;
  private final FeedRecordMapper<T> mapper;
  private final FileFetcher.Factory fetcherFactory;
  private final ReaderTimers.Factory timersFactory;
  private final FeedReaderMetrics metrics;
  private final Random random;
  private final long windowMillis;

  private final Map<String, SplitRuntime> splits = new LinkedHashMap<>();
  private final Set<String> paused = new HashSet<>();
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final AtomicLong armedWakeUp = new AtomicLong(Long.MAX_VALUE);
  private final Object availabilityLock = new Object();
  private CompletableFuture<Void> available = new CompletableFuture<>();

  private final EventTimeEmitter<T> emitter;
  private ReaderTimers timers;
  private FileFetcher fetcher;
  private int inFlight;
  private boolean noMoreSplits;
  private volatile boolean closed;

  FeedSourceReader(
      SourceReaderContext context,
      MeteoSwissSourceConfig config,
      FeedRecordMapper<T> mapper,
      FileFetcher.Factory fetcherFactory,
      ReaderTimers.Factory timersFactory) {
    this.context = context;
    this.config = config;
    this.mapper = mapper;
    this.fetcherFactory = fetcherFactory;
    this.timersFactory = timersFactory;
    this.metrics = new FeedReaderMetrics(context.metricGroup());
    this.random = new Random(31L * context.getIndexOfSubtask() + System.nanoTime());
    this.windowMillis = config.revisionWindow().toMillis();
    this.emitter = new EventTimeEmitter<>(splits, paused, mapper, config, metrics);
  }

  @Override
  public void start() {
    timers = timersFactory.create(config.maxConcurrentRequestsPerHost());
    long now = timers.nowMillis();
    for (SplitRuntime rt : splits.values()) {
      rt.dueAt = now; // splits restored before start are due at once
    }
    try {
      fetcher = fetcherFactory.create(config, FlinkMetricsObserver.register(context.metricGroup()));
    } catch (java.io.IOException e) {
      throw new FlinkRuntimeException("Cannot open the MeteoSwiss feed at " + config.baseUrl(), e);
    }
  }

  /**
   * Takes new or restored splits; each is due at once. Flink hands the splits restored from a
   * checkpoint to the reader before {@link #start()}, so this must not need the timers.
   */
  @Override
  public void addSplits(List<FeedSplit> newSplits) {
    long now = timers == null ? 0 : timers.nowMillis(); // start() sets the real time
    for (FeedSplit split : newSplits) {
      SplitRuntime rt = new SplitRuntime(new SplitProgress(split, windowMillis));
      rt.dueAt = now;
      splits.put(split.splitId(), rt);
      LOG.info("MeteoSwiss reader {} got split {}", context.getIndexOfSubtask(), split);
    }
    signal();
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    signal();
  }

  @Override
  public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
    synchronized (availabilityLock) {
      if (available.isDone()) {
        available = new CompletableFuture<>();
      }
    }
    for (SplitRuntime rt : splits.values()) {
      if (rt.output == null) {
        rt.output = output.createOutputForSplit(rt.progress.splitId());
      }
    }
    reportUnknownStations();
    Completion done;
    while ((done = completions.poll()) != null) {
      inFlight--;
      handle(done);
    }
    if (emitter.limitReached()) {
      // a bounded scan with a pushed-down LIMIT: nothing more is fetched or emitted; the reader
      // ends once the enumerator has handed out every split (none may be sent to a finished one)
      return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }
    emitter.emit(EMIT_BATCH, this::completeBatch);
    finishDoneSplits(output);
    dispatchDueFetches();
    metrics.backlog(splits.values().stream().map(rt -> rt.progress).toList());
    if (emitter.next() != null || !completions.isEmpty()) {
      return InputStatus.MORE_AVAILABLE;
    }
    if (splits.isEmpty() && noMoreSplits) {
      return InputStatus.END_OF_INPUT;
    }
    armWakeUp();
    return InputStatus.NOTHING_AVAILABLE;
  }

  /**
   * Quarantines the splits of stations the feed does not know: one {@link
   * RejectReason#UNKNOWN_STATION} line naming the station and its STAC item; the split has no files
   * and ends, the other stations go on.
   */
  private void reportUnknownStations() throws Exception {
    for (SplitRuntime rt : splits.values()) {
      String reason = rt.progress.unknown();
      if (reason != null && rt.output != null) {
        LOG.error("MeteoSwiss {}: quarantined, nothing read for it", reason);
        String item = StacItemStationLister.itemUrl(config.stacItemsUrl(), rt.progress.station());
        emitter.emitQuarantined(
            rt,
            new RejectedRow(item, 0, "", RejectReason.UNKNOWN_STATION, reason),
            new FetchMetadata(item, null, null, Instant.ofEpochMilli(timers.nowMillis())));
        rt.progress.unknownReported();
      }
    }
  }

  private void handle(Completion c) throws Exception {
    SplitRuntime rt = splits.get(c.splitId());
    if (rt == null) {
      return;
    }
    rt.inFlight = false;
    long now = timers.nowMillis();
    metrics.recordLatency(c.latencyMillis());
    if (c.error() != null) {
      if (c.error() instanceof NotFound && !rt.progress.currentIsPollFile()) {
        metrics.filesMissing.inc();
        LOG.info("MeteoSwiss file {} does not exist; skipped", c.file());
        rt.progress.skipPendingFile(c.file());
        rt.failures = 0;
        rt.dueAt = now;
        return;
      }
      failed(rt, c.file(), c.error(), now);
      return;
    }
    FileFetcher.FetchResult r = c.result();
    if (!r.modified()) {
      metrics.notModified.inc();
      rt.failures = 0;
      rt.dueAt = now + config.timing().nextPollDelayMillis(random);
      return;
    }
    metrics.bytesReceived.inc(r.bodyBytes());
    if (!r.unchanged() && !checksumAccepted(rt, c.file(), r, now)) {
      return;
    }
    boolean gap;
    try {
      gap = !r.unchanged() && rt.progress.mayNeedCatchUp() && rt.progress.needsCatchUp(firstRow(r));
    } catch (IOException e) {
      r.body().release();
      failed(rt, c.file(), e, now);
      return;
    }
    if (gap) {
      LOG.info(
          "MeteoSwiss split {} has a gap after {}; catching up from the recent file",
          rt.progress.splitId(),
          Instant.ofEpochMilli(rt.progress.lastEmitted()));
      r.body().release();
      rt.progress.scheduleCatchUp();
      rt.dueAt = now;
      return;
    }
    FetchMetadata meta =
        new FetchMetadata(c.file(), r.etag(), r.lastModified(), Instant.ofEpochMilli(now));
    rt.batch = new FeedBatch(c.file(), r, meta, rt.progress.planner());
    try {
      rt.batch.open();
      rt.batch.advance();
    } catch (IOException e) {
      rt.batch.close();
      rt.batch = null;
      failed(rt, c.file(), e, now);
    }
  }

  private static MeasurementRow firstRow(FileFetcher.FetchResult r) throws IOException {
    try (FileFetcher.LineCursor cursor = r.body().open()) {
      for (ParsedLine l = cursor.next(); l != null; l = cursor.next()) {
        if (l instanceof MeasurementRow row) {
          return row;
        }
      }
      return null;
    }
  }

  /**
   * Verifies a downloaded body against the file's listed STAC checksum. On a mismatch none of its
   * rows are emitted: the file is quarantined (a {@link RejectReason#CHECKSUM_MISMATCH} line, an
   * error in the log, {@code checksumMismatches}) and fetched again after a backoff, since the feed
   * may have been replacing it. A file read once is given up after {@link #MAX_CHECKSUM_MISMATCHES}
   * mismatches in a row, so a bounded read ends; the poll file keeps being retried (once it
   * changes, the listing no longer applies to it).
   */
  private boolean checksumAccepted(
      SplitRuntime rt, String file, FileFetcher.FetchResult r, long now) throws Exception {
    FileChecksum expected = rt.progress.expectedChecksum(file);
    ChecksumVerifier.Verdict verdict =
        ChecksumVerifier.verify(expected, r.sha256(), r.lastModified());
    if (verdict == ChecksumVerifier.Verdict.MATCH) {
      metrics.checksumsVerified.inc();
    }
    if (verdict != ChecksumVerifier.Verdict.MISMATCH) {
      return true;
    }
    r.body().release();
    metrics.checksumMismatches.inc();
    rt.checksumMismatches++;
    String actual = ChecksumVerifier.multihashOfSha256(r.sha256());
    boolean giveUp =
        !rt.progress.currentIsPollFile() && rt.checksumMismatches >= MAX_CHECKSUM_MISMATCHES;
    String detail =
        "station "
            + rt.progress.station()
            + ", file "
            + config.baseUrl()
            + file
            + ": STAC file:checksum "
            + expected.multihash()
            + ", downloaded "
            + actual
            + (giveUp ? "; given up after " + rt.checksumMismatches + " attempts" : "; retried");
    LOG.error("MeteoSwiss checksum mismatch, rows not emitted, file quarantined: {}", detail);
    emitter.emitQuarantined(
        rt,
        new RejectedRow(file, 0, "", RejectReason.CHECKSUM_MISMATCH, detail),
        new FetchMetadata(file, r.etag(), r.lastModified(), Instant.ofEpochMilli(now)));
    if (giveUp) {
      rt.progress.skipPendingFile(file);
      rt.checksumMismatches = 0;
      rt.failures = 0;
      rt.dueAt = now;
    } else {
      rt.failures++;
      rt.dueAt = now + config.timing().backoffDelayMillis(rt.failures, null, random);
    }
    return false;
  }

  private void failed(SplitRuntime rt, String file, Throwable error, long now) {
    metrics.fetchFailures.inc();
    rt.failures++;
    long delay = config.timing().backoffDelayMillis(rt.failures, RetryAfter.of(error), random);
    LOG.warn(
        "MeteoSwiss fetch of {} failed ({} in a row), retrying in {} ms: {}",
        file,
        rt.failures,
        delay,
        error.toString());
    rt.dueAt = now + delay;
  }

  @Override
  public void pauseOrResumeSplits(
      Collection<String> splitsToPause, Collection<String> splitsToResume) {
    paused.removeAll(splitsToResume);
    paused.addAll(splitsToPause);
    signal();
  }

  private void completeBatch(SplitRuntime rt) {
    FeedBatch b = rt.batch;
    rt.batch = null;
    long now = timers.nowMillis();
    FileFetcher.FetchResult r = b.result;
    b.close();
    if (b.truncated) {
      rt.unterminatedSha = r.sha256();
      metrics.fetchFailures.inc();
      rt.failures++;
      rt.dueAt = now + config.timing().backoffDelayMillis(rt.failures, null, random);
      LOG.warn("MeteoSwiss file {} ended inside a line; fetching it again", b.file);
      return;
    }
    rt.unterminatedSha = null;
    rt.failures = 0;
    rt.checksumMismatches = 0;
    boolean wasPollFile = rt.progress.currentIsPollFile();
    rt.progress.completeFile(b.file, r.etag(), r.lastModified(), r.sha256());
    if (!wasPollFile) {
      metrics.filesRead.inc();
    }
    if (rt.pastEnd) {
      LOG.info(
          "MeteoSwiss split {} passed the end of the time range {}; it ends",
          rt.progress.splitId(),
          config.timeRange());
      rt.progress.endSplit();
    }
    rt.dueAt = wasPollFile ? now + config.timing().nextPollDelayMillis(random) : now;
  }

  private void finishDoneSplits(ReaderOutput<T> output) {
    for (var it = splits.values().iterator(); it.hasNext(); ) {
      SplitRuntime rt = it.next();
      if (rt.progress.isFinished() && rt.batch == null && !rt.inFlight) {
        LOG.info("MeteoSwiss split {} finished", rt.progress.splitId());
        output.releaseOutputForSplit(rt.progress.splitId());
        it.remove();
      }
    }
  }

  private void dispatchDueFetches() {
    long now = timers.nowMillis();
    List<SplitRuntime> due = new ArrayList<>();
    for (SplitRuntime rt : splits.values()) {
      if (!rt.inFlight
          && rt.batch == null
          && !rt.progress.isFinished()
          && rt.dueAt <= now
          && !paused.contains(rt.progress.splitId())) {
        due.add(rt);
      }
    }
    due.sort((a, b) -> Long.compare(a.dueAt, b.dueAt));
    for (SplitRuntime rt : due) {
      if (inFlight >= config.maxConcurrentRequestsPerHost()) {
        return;
      }
      dispatch(rt);
    }
  }

  private void dispatch(SplitRuntime rt) {
    SplitProgress p = rt.progress;
    FileFetcher.FetchRequest request =
        new FileFetcher.FetchRequest(
            p.currentFile(), p.etag(), p.lastModified(), p.contentSha256(), rt.unterminatedSha);
    String splitId = p.splitId();
    rt.inFlight = true;
    inFlight++;
    metrics.polls.inc();
    timers
        .io()
        .execute(
            () -> {
              long start = System.nanoTime();
              Completion c;
              try {
                FileFetcher.FetchResult result = fetcher.fetch(request);
                c = new Completion(splitId, request.file(), result, null, elapsed(start));
              } catch (Exception | LinkageError e) {
                c = new Completion(splitId, request.file(), null, e, elapsed(start));
              }
              completions.add(c);
              signal();
            });
  }

  private static long elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private void armWakeUp() {
    long earliest = Long.MAX_VALUE;
    for (SplitRuntime rt : splits.values()) {
      if (!rt.inFlight
          && rt.batch == null
          && !rt.progress.isFinished()
          && !paused.contains(rt.progress.splitId())) { // a resume signals
        earliest = Math.min(earliest, rt.dueAt);
      }
    }
    if (earliest == Long.MAX_VALUE) {
      return;
    }
    long armed = armedWakeUp.get();
    if (earliest >= armed) {
      return;
    }
    armedWakeUp.set(earliest);
    long at = earliest;
    timers.schedule(
        earliest - timers.nowMillis(),
        () -> {
          armedWakeUp.compareAndSet(at, Long.MAX_VALUE);
          signal();
        });
  }

  private void signal() {
    CompletableFuture<Void> f;
    synchronized (availabilityLock) {
      f = available;
    }
    f.complete(null);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    synchronized (availabilityLock) {
      return available;
    }
  }

  @Override
  public List<FeedSplit> snapshotState(long checkpointId) {
    List<FeedSplit> out = new ArrayList<>(splits.size());
    for (SplitRuntime rt : splits.values()) {
      out.add(rt.progress.snapshot());
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    closed = true;
    for (SplitRuntime rt : splits.values()) {
      if (rt.batch != null) {
        rt.batch.close();
      }
    }
    try {
      if (fetcher != null) {
        fetcher.close();
      }
    } finally {
      if (timers != null) {
        timers.close();
      }
    }
  }

  /** The reader's metrics (for tests). */
  FeedReaderMetrics metrics() {
    return metrics;
  }

  private record Completion(
      String splitId,
      String file,
      FileFetcher.FetchResult result,
      Throwable error,
      long latencyMillis) {}
}
