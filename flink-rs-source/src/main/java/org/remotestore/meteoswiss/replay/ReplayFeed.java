package org.remotestore.meteoswiss.replay;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.FeedTimestamps;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParameterMeta;
import org.remotestore.meteoswiss.Period;
import org.remotestore.meteoswiss.StationMeta;

/**
 * The logical feed behind the replay server: which station files exist at the current simulated
 * time, their exact bytes, the injected data faults (revisions, added columns, malformed lines),
 * and the ground truth of every published row. Thread-safe.
 *
 * <p>Windows (UTC, {@code Y} = year of yesterday): {@code now} holds {@code t}/{@code h} rows from
 * yesterday 12:00 up to now; {@code recent} holds 1 January of {@code Y} up to the end of
 * yesterday; {@code historical} holds the history start up to the end of {@code Y - 1} (per decade
 * for {@code t}/{@code h}, one file for {@code d}). A file's rows are the timestamps in its window,
 * minus occasional gaps.
 */
public final class ReplayFeed {

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private final Map<String, ReplayStation> stations;
  private final List<ParameterMeta> parameters;
  private final byte[] parametersFile;
  private final WeatherModel model;
  private final ReplayClock clock;
  private final Instant historyStart;
  private final boolean incompleteNewestRow;

  private final List<ReplayChange> changes = new ArrayList<>();
  private final List<String> malformedLines = new ArrayList<>();
  private final ReplayFileCache cache = new ReplayFileCache();

  ReplayFeed(
      List<StationMeta> stationMetas,
      List<ParameterMeta> parameters,
      byte[] parametersFile,
      WeatherModel model,
      ReplayClock clock,
      Instant historyStart,
      boolean incompleteNewestRow) {
    Map<String, ReplayStation> map = new LinkedHashMap<>();
    stationMetas.stream()
        .map(ReplayStation::of)
        .sorted((a, b) -> a.abbr().compareTo(b.abbr()))
        .forEach(s -> map.put(s.abbr(), s));
    this.stations = Collections.unmodifiableMap(map);
    this.parameters = List.copyOf(parameters);
    this.parametersFile = parametersFile.clone();
    this.model = model;
    this.clock = clock;
    this.historyStart = Granularity.D.floor(historyStart);
    this.incompleteNewestRow = incompleteNewestRow;
  }

  /** The simulated stations, by upper-case code, sorted. */
  public Map<String, ReplayStation> stations() {
    return stations;
  }

  /** The clock driving the feed. */
  public ReplayClock clock() {
    return clock;
  }

  /** First day of the simulated history. */
  public Instant historyStart() {
    return historyStart;
  }

  ReplayStation station(String abbr) {
    ReplayStation s = stations.get(abbr.toUpperCase(Locale.ROOT));
    if (s == null) {
      throw new IllegalArgumentException(
          "Unknown replay station '" + abbr + "'; known: " + stations.keySet());
    }
    return s;
  }

  // ---------------------------------------------------------------- windows and file listing
  /** The station files that exist at the current simulated time, in a stable order. */
  public List<FeedFile> files(String station) {
    ReplayStation s = station(station);
    Instant now = clock.now();
    List<FeedFile> files = new ArrayList<>();
    int lastHistoricalYear = ReplayWindow.yearOfYesterday(now) - 1;
    int firstYear = ZonedDateTime.ofInstant(historyStart, ZoneOffset.UTC).getYear();
    for (Granularity g : Granularity.values()) {
      List<FeedFile> candidates = new ArrayList<>();
      if (!g.hasPeriods()) {
        FeedFile whole = FeedFile.whole(s.abbr(), g);
        if (ReplayWindow.window(whole, now, historyStart) != null) {
          files.add(whole);
        }
        continue;
      }
      if (g.periods().contains(Period.NOW)) {
        candidates.add(FeedFile.now(s.abbr(), g));
      }
      candidates.add(FeedFile.recent(s.abbr(), g));
      candidates.addAll(FeedFile.historical(s.abbr(), g, firstYear, lastHistoricalYear));
      for (FeedFile f : candidates) {
        if (ReplayWindow.window(f, now, historyStart) != null) {
          files.add(f);
        }
      }
    }
    return files;
  }

  // ---------------------------------------------------------------- injected data faults

  /**
   * Corrects one value of an already published row (a revision). The new value appears in every
   * file containing the row from now on.
   *
   * @throws IllegalArgumentException if the row is not published (yet) or the code is unknown
   */
  public synchronized void correct(
      String station, Granularity g, Instant timestamp, String code, double value) {
    ReplayStation s = station(station);
    String c = code.toLowerCase(Locale.ROOT);
    if (!WeatherModel.columns(g, s).contains(c) && !addedColumns(s, g).contains(c)) {
      throw new IllegalArgumentException(
          "Station " + s.abbr() + " has no column " + c + " in its " + g + " files");
    }
    if (!isPublished(s, g, timestamp)) {
      throw new IllegalArgumentException(
          "Row " + s.abbr() + "/" + g + "/" + timestamp + " is not published at " + clock.now());
    }
    changes.add(
        new ReplayChange(s.abbr(), g, timestamp, timestamp, clock.now(), c, value, null, null));
  }

  /**
   * Corrects {@code code} of the published row {@code stepsBack} intervals before the newest one by
   * adding {@code delta}, and returns the corrected row.
   */
  public synchronized MeasurementRow correctRecent(
      String station, Granularity g, int stepsBack, String code, double delta) {
    ReplayStation s = station(station);
    Instant ts = newestPublished(g);
    for (int i = 0; i < stepsBack; i++) {
      ts = g.previous(ts);
    }
    while (model.isGap(s, g, ts)) {
      ts = g.previous(ts);
    }
    MeasurementRow current = truthRow(s, g, ts);
    double old = current == null ? 0 : current.value(code).orElse(0);
    int decimals = WeatherModel.decimals(code.toLowerCase(Locale.ROOT));
    double value = Math.round((old + delta) * Math.pow(10, decimals)) / Math.pow(10, decimals);
    correct(station, g, ts, code, value);
    return truthRow(s, g, ts);
  }

  /**
   * Adds a parameter column to a station's files of a granularity from now on ("a column added
   * mid-stream"): it appears right after {@code reference_timestamp}, so every other column moves;
   * rows from the next interval on carry values, older rows leave it empty.
   */
  public synchronized void addColumn(String station, Granularity g, String code) {
    ReplayStation s = station(station);
    String c = code.toLowerCase(Locale.ROOT);
    if (WeatherModel.columns(g, s).contains(c) || addedColumns(s, g).contains(c)) {
      throw new IllegalArgumentException(
          "Station " + s.abbr() + " already has column " + c + " in its " + g + " files");
    }
    Instant now = clock.now();
    Instant from = g.next(g.floor(now));
    changes.add(new ReplayChange(s.abbr(), g, from, Instant.MAX, now, null, null, c, null));
  }

  /**
   * Inserts a broken line after the newest published row of the station's {@code now} (and, later,
   * {@code recent}) file. Returns the line as served.
   */
  public synchronized String injectMalformedRow(String station, Granularity g, MalformedKind kind) {
    ReplayStation s = station(station);
    Instant anchor = newestPublished(g);
    Instant next = g.next(anchor);
    String line =
        switch (kind) {
          case BAD_TIMESTAMP -> s.abbr() + ";31.02." + yearOf(anchor) + " 25:00;1.0";
          case NON_NUMERIC -> s.abbr() + ";" + FeedTimestamps.format(next) + ";n/a";
          case FIELD_COUNT -> s.abbr() + ";" + FeedTimestamps.format(next);
        };
    if (kind != MalformedKind.FIELD_COUNT) {
      // pad to the header's width so only the intended problem shows
      int fields = header(s, g, anchor).size();
      StringBuilder b = new StringBuilder(line);
      for (int i = 3; i < fields; i++) {
        b.append(';');
      }
      line = b.toString();
    }
    changes.add(new ReplayChange(s.abbr(), g, anchor, anchor, clock.now(), null, null, null, line));
    malformedLines.add(line);
    return line;
  }

  /** Every broken line injected so far, as served. */
  public synchronized List<String> malformedLines() {
    return List.copyOf(malformedLines);
  }

  private static int yearOf(Instant t) {
    return ZonedDateTime.ofInstant(t, ZoneOffset.UTC).getYear();
  }

  private Instant newestPublished(Granularity g) {
    Instant now = clock.now();
    return switch (g) {
      case T, H -> g.floor(now);
      case D -> ReplayWindow.startOfDay(now).minus(1, ChronoUnit.DAYS);
      case M, Y -> g.previous(g.floor(ReplayWindow.startOfDay(now)));
    };
  }

  /** Only the {@code now} files ({@code t}, {@code h}) can serve an incomplete newest row. */
  private static boolean hasNowFile(Granularity g) {
    return g.periods().contains(Period.NOW);
  }

  private boolean isPublished(ReplayStation s, Granularity g, Instant ts) {
    return g.isAligned(ts)
        && !ts.isBefore(historyStart)
        && !ts.isAfter(newestPublished(g))
        && !model.isGap(s, g, ts);
  }

  private List<String> addedColumns(ReplayStation s, Granularity g) {
    List<String> added = new ArrayList<>();
    for (ReplayChange c : changes) {
      if (c.addedColumn() != null && c.station().equals(s.abbr()) && c.granularity() == g) {
        added.add(c.addedColumn());
      }
    }
    return added;
  }

  // ---------------------------------------------------------------- content

  /**
   * The current version of a file below the data root (metadata or station file), or {@code null}
   * if it does not exist now.
   */
  public FileContent content(String path) {
    Instant now = clock.now();
    if (path.equals(FeedFile.META_PARAMETERS)) {
      return cache.cached(path + "@", () -> parametersFile, ReplayWindow.january1(2000), 7200);
    }
    if (path.equals(FeedFile.META_STATIONS)) {
      return cache.cached(
          path + "@",
          () -> ReplayMetadataFiles.stationsFile(stations, historyStart),
          historyStart,
          7200);
    }
    if (path.equals(FeedFile.META_DATA_INVENTORY)) {
      return cache.cached(
          path + "@",
          () -> ReplayMetadataFiles.dataInventoryFile(stations, parameters, historyStart),
          historyStart,
          7200);
    }
    FeedFile f;
    try {
      f = FeedFile.parse(path);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!f.path().equals(path) || !stations.containsKey(f.station())) {
      return null;
    }
    ReplayWindow w = ReplayWindow.window(f, now, historyStart);
    if (w == null) {
      return null;
    }
    ReplayStation s = stations.get(f.station());
    List<ReplayChange> relevant;
    synchronized (this) {
      relevant = relevantChanges(s, f.granularity(), w, now);
    }
    boolean incomplete = incompleteNewestRow && f.period() == Period.NOW;
    Instant lastModified =
        f.period() == null
            ? f.granularity().floor(ReplayWindow.startOfDay(now))
            : switch (f.period()) {
              case NOW -> w.last();
              case RECENT -> ReplayWindow.startOfDay(now);
              case HISTORICAL -> ReplayWindow.january1(ReplayWindow.yearOfYesterday(now));
            };
    for (ReplayChange c : relevant) {
      if (c.at().isAfter(lastModified)) {
        lastModified = c.at();
      }
    }
    String key = path + "@" + w.first() + "/" + w.last() + "/" + relevant.size() + "/" + incomplete;
    Instant newest = incomplete ? w.last() : null;
    return cache.cached(
        key,
        () ->
            ReplayStationFile.render(
                model, header(s, f.granularity(), w.last()), s, f, w, relevant, newest),
        lastModified,
        f.period() == Period.NOW ? 10 : 7200);
  }

  private List<ReplayChange> relevantChanges(
      ReplayStation s, Granularity g, ReplayWindow w, Instant now) {
    List<ReplayChange> relevant = new ArrayList<>();
    for (ReplayChange c : changes) {
      if (c.station().equals(s.abbr())
          && c.granularity() == g
          && !c.at().isAfter(now)
          && w.overlaps(c.from(), c.to())) {
        relevant.add(c);
      }
    }
    return relevant;
  }

  private List<String> header(ReplayStation s, Granularity g, Instant windowLast) {
    List<String> header = new ArrayList<>();
    header.add("station_abbr");
    header.add("reference_timestamp");
    List<String> added = new ArrayList<>();
    synchronized (this) {
      for (ReplayChange c : changes) {
        if (c.addedColumn() != null
            && c.station().equals(s.abbr())
            && c.granularity() == g
            && !c.from().isAfter(windowLast)) {
          added.add(0, c.addedColumn());
        }
      }
    }
    header.addAll(added);
    header.addAll(WeatherModel.columns(g, s));
    return header;
  }

  /** The published values of a row in the column order of the current header. */
  private Map<String, Double> values(
      ReplayStation s, Granularity g, Instant ts, List<ReplayChange> relevant, boolean incomplete) {
    return new ReplayRowValues(model, s, g, header(s, g, newestPublished(g)), relevant)
        .map(ts, incomplete);
  }

  // ---------------------------------------------------------------- ground truth

  /**
   * The rows published so far for a station and granularity with timestamps in [{@code from},
   * {@code toExclusive}), with their current values (after corrections) and revision number (number
   * of corrections), without provenance. Gaps are absent.
   */
  public List<MeasurementRow> publishedRows(
      String station, Granularity g, Instant from, Instant toExclusive) {
    ReplayStation s = station(station);
    Instant newest = newestPublished(g);
    Instant start = ReplayWindow.alignUp(g, from.isBefore(historyStart) ? historyStart : from);
    List<MeasurementRow> rows = new ArrayList<>();
    ReplayWindow all = new ReplayWindow(historyStart, newest);
    List<ReplayChange> relevant;
    synchronized (this) {
      relevant = relevantChanges(s, g, all, clock.now());
    }
    ReplayRowValues rv = new ReplayRowValues(model, s, g, header(s, g, newest), relevant);
    Instant incompleteAt = incompleteNewestRow && hasNowFile(g) ? newest : null;
    for (Instant ts = start; ts.isBefore(toExclusive) && !ts.isAfter(newest); ts = g.next(ts)) {
      if (!model.isGap(s, g, ts)) {
        rows.add(truthRow(s, g, ts, relevant, rv.map(ts, ts.equals(incompleteAt))));
      }
    }
    return rows;
  }

  /** One published row as it is now, or {@code null} if not published. */
  public MeasurementRow publishedRow(String station, Granularity g, Instant timestamp) {
    return truthRow(station(station), g, timestamp);
  }

  private MeasurementRow truthRow(ReplayStation s, Granularity g, Instant ts) {
    if (!isPublished(s, g, ts)) {
      return null;
    }
    List<ReplayChange> relevant;
    synchronized (this) {
      relevant = relevantChanges(s, g, new ReplayWindow(ts, ts), clock.now());
    }
    return truthRow(s, g, ts, relevant);
  }

  private MeasurementRow truthRow(
      ReplayStation s, Granularity g, Instant ts, List<ReplayChange> rel) {
    boolean incomplete = incompleteNewestRow && hasNowFile(g) && ts.equals(newestPublished(g));
    return truthRow(s, g, ts, rel, values(s, g, ts, rel, incomplete));
  }

  private MeasurementRow truthRow(
      ReplayStation s,
      Granularity g,
      Instant ts,
      List<ReplayChange> rel,
      Map<String, Double> values) {
    int revision = 0;
    for (ReplayChange c : rel) {
      if (c.code() != null && c.from().equals(ts)) {
        revision++;
      }
    }
    return MeasurementRow.builder(s.abbr(), ts, g).values(values).revision(revision).build();
  }

  /**
   * Every version a row has been published with, oldest first: the first publication (incomplete if
   * the newest-row-incomplete mode was on while it was the newest row during the replay), then one
   * version per correction. Empty if the row is not published.
   */
  public List<MeasurementRow> versions(String station, Granularity g, Instant timestamp) {
    ReplayStation s = station(station);
    if (!isPublished(s, g, timestamp)) {
      return List.of();
    }
    List<ReplayChange> corrections = new ArrayList<>();
    List<ReplayChange> others = new ArrayList<>();
    synchronized (this) {
      for (ReplayChange c :
          relevantChanges(s, g, new ReplayWindow(timestamp, timestamp), clock.now())) {
        (c.code() != null ? corrections : others).add(c);
      }
    }
    List<MeasurementRow> versions = new ArrayList<>();
    boolean wasNewestDuringReplay =
        incompleteNewestRow && hasNowFile(g) && !g.next(timestamp).isBefore(clock.start());
    if (wasNewestDuringReplay) {
      versions.add(
          MeasurementRow.builder(s.abbr(), timestamp, g)
              .values(values(s, g, timestamp, others, true))
              .build());
    }
    boolean newestNow =
        incompleteNewestRow && hasNowFile(g) && timestamp.equals(newestPublished(g));
    if (!newestNow) {
      versions.add(
          MeasurementRow.builder(s.abbr(), timestamp, g)
              .values(values(s, g, timestamp, others, false))
              .build());
    }
    for (int i = 1; i <= corrections.size(); i++) {
      List<ReplayChange> applied = new ArrayList<>(others);
      applied.addAll(corrections.subList(0, i));
      versions.add(
          MeasurementRow.builder(s.abbr(), timestamp, g)
              .values(values(s, g, timestamp, applied, newestNow))
              .revision(i)
              .build());
    }
    return versions;
  }

  /** The parameter metadata the replay serves. */
  public List<ParameterMeta> parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "ReplayFeed{stations=" + stations.keySet() + ", historyStart=" + historyStart + "}";
  }
}
