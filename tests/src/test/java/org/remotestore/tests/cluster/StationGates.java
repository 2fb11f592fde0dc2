package org.remotestore.tests.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * Holds back the replay's 10-minute data files of some stations: while a station is closed, every
 * request of its {@code _t_} files is answered {@code 429 Too Many Requests} with {@code
 * Retry-After: 1}, which the job's source retries. Opening a station lets its files through.
 */
final class StationGates {
  private static final int FOREVER = 1_000_000;

  private final MeteoSwissReplayServer replay;
  private final List<String> closed;
  private final int total;

  /** Closes every station of {@code stations}. */
  StationGates(MeteoSwissReplayServer replay, List<String> stations) {
    this.replay = replay;
    this.closed = new ArrayList<>(stations);
    this.total = stations.size();
    arm();
  }

  /** Opens stations (in the given order) until {@code count} of them are open. */
  synchronized void releaseFirst(int count) {
    int open = total - closed.size();
    if (count <= open) {
      return;
    }
    closed.subList(0, Math.min(closed.size(), count - open)).clear();
    replay.faults().clear();
    arm();
  }

  /** Opens every station. */
  synchronized void releaseAll() {
    closed.clear();
    replay.faults().clear();
  }

  private void arm() {
    for (String station : closed) {
      String files = "ogd-smn_" + station.toLowerCase(Locale.ROOT) + "_t_";
      replay.faults().throttleNext(FOREVER, Duration.ofSeconds(1), files);
    }
  }
}
