package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.Period;

/**
 * Turns a discovered station into a fresh split: which files are read once, in which order, and
 * which file is polled afterwards, for the configured granularity, period mode and boundedness.
 *
 * <table>
 *   <caption>Files per mode (t/h; d has no now file, so backfill ends by polling recent; m/y have
 *   one file, read once by historical and followed by backfill)</caption>
 *   <tr><th>mode</th><th>continuous</th><th>bounded</th></tr>
 *   <tr><td>now</td><td>poll now</td><td>now once</td></tr>
 *   <tr><td>recent</td><td>poll recent</td><td>recent once</td></tr>
 *   <tr><td>historical</td><td>decades once, then end</td><td>decades once</td></tr>
 *   <tr><td>backfill</td><td>decades, recent, then poll now</td><td>decades, recent, now once</td></tr>
 * </table>
 *
 * <p>Historical decades come from the station's STAC assets when known; otherwise every decade from
 * {@code historicalFirstYear} to last year is tried and the missing ones are skipped. A decade file
 * wholly outside the configured {@link TimeRange} is left out. The STAC {@code file:checksum} of
 * every file the split reads goes into the split, for the reader to verify.
 */
final class SplitPlanner implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Granularity granularity;
  private final PeriodMode mode;
  private final boolean bounded;
  private final int historicalFirstYear;
  private final TimeRange timeRange;

  SplitPlanner(Granularity granularity, PeriodMode mode, boolean bounded, int historicalFirstYear) {
    this(granularity, mode, bounded, historicalFirstYear, TimeRange.ALL);
  }

  SplitPlanner(
      Granularity granularity,
      PeriodMode mode,
      boolean bounded,
      int historicalFirstYear,
      TimeRange timeRange) {
    this.granularity = granularity;
    this.mode = mode;
    this.bounded = bounded;
    this.historicalFirstYear = historicalFirstYear;
    this.timeRange = timeRange;
  }

  /**
   * The split of {@code station}, with {@code currentYear} deciding the newest decade. A station
   * the feed does not know gets a split without files that only reports why.
   */
  FeedSplit plan(DiscoveredStation station, int currentYear) {
    String code = station.code();
    if (station.isUnknown()) {
      return FeedSplit.builder(code, granularity.token()).unknown(station.unknown()).build();
    }
    List<String> once = new ArrayList<>();
    String poll = null;
    if (!granularity.hasPeriods()) {
      String whole = FeedFile.whole(code, granularity).path();
      if (bounded || mode == PeriodMode.HISTORICAL) {
        once.add(whole);
      } else {
        poll = whole;
      }
    } else {
      boolean hasNow = granularity.periods().contains(Period.NOW);
      String newest =
          hasNow
              ? FeedFile.now(code, granularity).path()
              : FeedFile.recent(code, granularity).path();
      switch (mode) {
        case NOW -> poll = FeedFile.now(code, granularity).path();
        case RECENT -> poll = FeedFile.recent(code, granularity).path();
        case HISTORICAL -> once.addAll(historical(station, currentYear));
        case BACKFILL -> {
          once.addAll(historical(station, currentYear));
          if (hasNow) {
            once.add(FeedFile.recent(code, granularity).path());
          }
          poll = newest;
        }
      }
      if (bounded && poll != null) {
        once.add(poll);
        poll = null;
      }
    }
    Map<String, FileChecksum> checksums = new TreeMap<>();
    List<String> all = new ArrayList<>(once);
    if (poll != null) {
      all.add(poll);
    }
    for (String path : all) {
      FileChecksum checksum = station.checksumOf(fileName(path));
      if (checksum != null) {
        checksums.put(path, checksum);
      }
    }
    return FeedSplit.builder(code, granularity.token())
        .pendingFiles(once)
        .pollFile(poll)
        .checksums(checksums)
        .build();
  }

  private List<String> historical(DiscoveredStation station, int currentYear) {
    List<FeedFile> known = new ArrayList<>();
    for (String name : station.assetChecksums().keySet()) {
      if (FeedFile.isFeedFile(name)) {
        FeedFile f = FeedFile.parse(name);
        if (f.granularity() == granularity && f.period() == Period.HISTORICAL) {
          known.add(new FeedFile(station.code(), granularity, Period.HISTORICAL, f.decadeStart()));
        }
      }
    }
    if (known.isEmpty()) {
      known.addAll(
          FeedFile.historical(station.code(), granularity, historicalFirstYear, currentYear - 1));
    }
    known.sort(
        Comparator.comparing(f -> f.decadeStart() == null ? Integer.MIN_VALUE : f.decadeStart()));
    List<String> paths = new ArrayList<>();
    for (FeedFile f : known) {
      if (f.decadeStart() == null || timeRange.overlapsDecade(f.decadeStart())) {
        paths.add(f.path()); // a decade wholly outside the time range is not fetched
      }
    }
    return paths;
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
