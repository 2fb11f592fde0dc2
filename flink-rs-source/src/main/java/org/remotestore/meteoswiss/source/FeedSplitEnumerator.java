package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers stations and assigns one split per (station, granularity) to a reader chosen by the
 * split id's hash, so the same station always lands on the same reader for a given parallelism.
 *
 * <p>Discovery runs on the coordinator's I/O thread: once at start, then every {@code
 * discoveryInterval} in continuous mode. A failed discovery is logged and counted; after more than
 * {@code maxConsecutiveDiscoveryFailures} failures in a row the job fails. In bounded mode the
 * enumerator keeps retrying until the first discovery succeeds and then tells every reader that no
 * more splits will come.
 */
final class FeedSplitEnumerator implements SplitEnumerator<FeedSplit, EnumeratorState> {
  private static final Logger LOG = LoggerFactory.getLogger(FeedSplitEnumerator.class);

  private final SplitEnumeratorContext<FeedSplit> context;
  private final MeteoSwissSourceConfig config;
  private final StationListerFactory listerFactory;
  private final SplitPlanner planner;
  private final Clock clock;
  private final Set<String> knownSplitIds;
  private final List<FeedSplit> unassigned;
  private final Set<Integer> signalledNoMoreSplits = new HashSet<>();
  private boolean discoveryDone;
  private int consecutiveFailures;
  private StationLister lister;

  FeedSplitEnumerator(
      SplitEnumeratorContext<FeedSplit> context,
      MeteoSwissSourceConfig config,
      StationListerFactory listerFactory,
      Clock clock,
      EnumeratorState state) {
    this.context = context;
    this.config = config;
    this.listerFactory = listerFactory;
    this.clock = clock;
    this.planner =
        new SplitPlanner(
            config.granularity(),
            config.period(),
            config.bounded(),
            config.historicalFirstYear(),
            config.timeRange());
    this.knownSplitIds = ConcurrentHashMap.newKeySet(); // read by the discovery on the I/O thread
    this.knownSplitIds.addAll(state.knownSplitIds());
    this.unassigned = new ArrayList<>(state.unassigned());
    this.discoveryDone = state.discoveryDone();
  }

  @Override
  public void start() {
    try {
      lister = listerFactory.create(config);
    } catch (IOException e) {
      throw new FlinkRuntimeException("Cannot open the MeteoSwiss feed at " + config.baseUrl(), e);
    }
    long period = config.discoveryInterval().toMillis();
    if (config.discovery() == StationDiscovery.EXPLICIT) {
      // a station whose STAC item failed is asked for again at the next poll, not an hour later;
      // stations already planned cost nothing
      period = Math.min(period, config.timing().pollInterval().toMillis());
    }
    if (config.bounded()) {
      if (!discoveryDone) {
        context.callAsync(this::discoverUntilDone, this::onDiscovered, 0, period);
      }
    } else {
      context.callAsync(() -> lister.list(this::planned), this::onDiscovered, 0, period);
    }
  }

  private List<DiscoveredStation> discoverUntilDone() throws IOException {
    return discoveryDone ? null : lister.list(this::planned);
  }

  /** Whether the split of station {@code code} was planned already (any thread). */
  private boolean planned(String code) {
    return knownSplitIds.contains(FeedSplit.idOf(code, config.granularity().token()));
  }

  /**
   * Whether discovery has found what it looks for: with an explicit list, every listed station (one
   * whose STAC item failed is still to come); otherwise the first listing.
   */
  private boolean everyStationPlanned() {
    if (config.discovery() != StationDiscovery.EXPLICIT) {
      return true;
    }
    for (String code : config.stations()) {
      if (!planned(code)) {
        return false;
      }
    }
    return true;
  }

  /** Handles a discovery result on the coordinator thread. */
  void onDiscovered(List<DiscoveredStation> stations, Throwable error) {
    if (error != null) {
      consecutiveFailures++;
      LOG.warn(
          "MeteoSwiss station discovery failed ({} in a row, {} tolerated): {}",
          consecutiveFailures,
          config.maxConsecutiveDiscoveryFailures(),
          error.toString());
      if (consecutiveFailures > config.maxConsecutiveDiscoveryFailures()) {
        throw new FlinkRuntimeException(
            "MeteoSwiss station discovery failed "
                + consecutiveFailures
                + " times in a row at "
                + config.baseUrl(),
            error);
      }
      return;
    }
    if (stations == null) {
      return;
    }
    consecutiveFailures = 0;
    int year = clock.instant().atZone(ZoneOffset.UTC).getYear();
    int added = 0;
    for (DiscoveredStation station : stations) {
      if (!config.wantsStation(station.code())) {
        continue;
      }
      String id = FeedSplit.idOf(station.code(), config.granularity().token());
      if (knownSplitIds.add(id)) {
        if (station.isUnknown()) {
          LOG.error("MeteoSwiss {}; its split only reports this and ends", station.unknown());
        }
        unassigned.add(planner.plan(station, year));
        added++;
      }
    }
    if (added > 0 || !discoveryDone) {
      LOG.info("MeteoSwiss discovery: {} stations listed, {} new splits", stations.size(), added);
    }
    discoveryDone = everyStationPlanned();
    assignPending();
  }

  private int ownerOf(String splitId) {
    return Math.floorMod(splitId.hashCode(), context.currentParallelism());
  }

  private void assignPending() {
    Map<Integer, ?> readers = context.registeredReaders();
    SplitsAssignment<FeedSplit> assignment;
    Map<Integer, List<FeedSplit>> byReader = new java.util.HashMap<>();
    for (Iterator<FeedSplit> it = unassigned.iterator(); it.hasNext(); ) {
      FeedSplit split = it.next();
      int owner = ownerOf(split.splitId());
      if (readers.containsKey(owner)) {
        byReader.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
        it.remove();
      }
    }
    if (!byReader.isEmpty()) {
      assignment = new SplitsAssignment<>(byReader);
      context.assignSplits(assignment);
    }
    if (config.bounded() && discoveryDone) {
      for (Integer reader : readers.keySet()) {
        boolean waiting = unassigned.stream().anyMatch(s -> ownerOf(s.splitId()) == reader);
        if (!waiting && signalledNoMoreSplits.add(reader)) {
          context.signalNoMoreSplits(reader);
        }
      }
    }
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    assignPending();
  }

  @Override
  public void addSplitsBack(List<FeedSplit> splits, int subtaskId) {
    unassigned.addAll(splits);
    signalledNoMoreSplits.remove(subtaskId);
  }

  @Override
  public void addReader(int subtaskId) {
    signalledNoMoreSplits.remove(subtaskId);
    assignPending();
  }

  @Override
  public EnumeratorState snapshotState(long checkpointId) {
    return new EnumeratorState(knownSplitIds, unassigned, discoveryDone);
  }

  @Override
  public void close() throws IOException {
    if (lister != null) {
      lister.close();
    }
  }
}
