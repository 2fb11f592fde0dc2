package org.remotestore.meteoswiss.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.FeedTimestamps;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.MeteoSwissMetadata;
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
  private static final int MAX_CACHED_BYTES = 96 * 1024 * 1024;
  private static final List<String> INCOMPLETE_CODES =
      List.of("sre000z0", "gre000z0", "fu3010z1", "fkl010z1", "sre000h0", "gre000h0", "fu3010h1");

  private final Map<String, ReplayStation> stations;
  private final List<ParameterMeta> parameters;
  private final byte[] parametersFile;
  private final WeatherModel model;
  private final ReplayClock clock;
  private final Instant historyStart;
  private final boolean incompleteNewestRow;

  private final List<Change> changes = new ArrayList<>();
  private final List<String> malformedLines = new ArrayList<>();
  private final LinkedHashMap<String, FileContent> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedBytes;

  /** A data change injected at simulated time {@code at}, affecting rows in [from, to]. */
  private record Change(
      String station,
      Granularity granularity,
      Instant from,
      Instant to,
      Instant at,
      String code,
      Double value,
      String addedColumn,
      String malformedLine) {}

  /** The published window of one file: timestamps in [first, last]. */
  record Window(Instant first, Instant last) {
    boolean overlaps(Instant from, Instant to) {
      return !first.isAfter(to) && !last.isBefore(from);
    }
  }

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

  private static Instant startOfDay(Instant now) {
    return now.truncatedTo(ChronoUnit.DAYS);
  }

  private static int yearOfYesterday(Instant now) {
    return ZonedDateTime.ofInstant(startOfDay(now).minus(1, ChronoUnit.DAYS), ZoneOffset.UTC)
        .getYear();
  }

  private static Instant january1(int year) {
    return LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** The window of a file at {@code now}, or {@code null} when the file does not exist. */
  Window window(FeedFile f, Instant now) {
    Granularity g = f.granularity();
    if (g != Granularity.T && g != Granularity.H && g != Granularity.D) {
      return null;
    }
    Instant today = startOfDay(now);
    Instant recentStart = january1(yearOfYesterday(now));
    Instant first;
    Instant endExclusive;
    switch (f.period()) {
      case NOW -> {
        first = today.minus(12, ChronoUnit.HOURS);
        endExclusive = g.next(g.floor(now));
      }
      case RECENT -> {
        first = recentStart;
        endExclusive = today;
      }
      case HISTORICAL -> {
        if (f.decadeStart() != null) {
          first = january1(f.decadeStart());
          Instant decadeEnd = january1(f.decadeStart() + 10);
          endExclusive = decadeEnd.isBefore(recentStart) ? decadeEnd : recentStart;
        } else {
          first = historyStart;
          endExclusive = recentStart;
        }
      }
      default -> throw new IllegalStateException();
    }
    if (first.isBefore(historyStart)) {
      first = historyStart;
    }
    first = alignUp(g, first);
    Instant last = g.previous(alignUp(g, endExclusive));
    if (last.isBefore(first)) {
      return null;
    }
    return new Window(first, last);
  }

  private static Instant alignUp(Granularity g, Instant t) {
    Instant f = g.floor(t);
    return f.equals(t) ? t : g.next(f);
  }

  /** The station files that exist at the current simulated time, in a stable order. */
  public List<FeedFile> files(String station) {
    ReplayStation s = station(station);
    Instant now = clock.now();
    List<FeedFile> files = new ArrayList<>();
    int lastHistoricalYear = yearOfYesterday(now) - 1;
    int firstYear = ZonedDateTime.ofInstant(historyStart, ZoneOffset.UTC).getYear();
    for (Granularity g : List.of(Granularity.T, Granularity.H, Granularity.D)) {
      List<FeedFile> candidates = new ArrayList<>();
      if (g.periods().contains(Period.NOW)) {
        candidates.add(FeedFile.now(s.abbr(), g));
      }
      candidates.add(FeedFile.recent(s.abbr(), g));
      candidates.addAll(FeedFile.historical(s.abbr(), g, firstYear, lastHistoricalYear));
      for (FeedFile f : candidates) {
        if (window(f, now) != null) {
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
    changes.add(new Change(s.abbr(), g, timestamp, timestamp, clock.now(), c, value, null, null));
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
    changes.add(new Change(s.abbr(), g, from, Instant.MAX, now, null, null, c, null));
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
    changes.add(new Change(s.abbr(), g, anchor, anchor, clock.now(), null, null, null, line));
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
    return g == Granularity.D ? startOfDay(now).minus(1, ChronoUnit.DAYS) : g.floor(now);
  }

  private boolean isPublished(ReplayStation s, Granularity g, Instant ts) {
    return g.isAligned(ts)
        && !ts.isBefore(historyStart)
        && !ts.isAfter(newestPublished(g))
        && !model.isGap(s, g, ts);
  }

  private List<String> addedColumns(ReplayStation s, Granularity g) {
    List<String> added = new ArrayList<>();
    for (Change c : changes) {
      if (c.addedColumn != null && c.station.equals(s.abbr()) && c.granularity == g) {
        added.add(c.addedColumn);
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
      return cached(path + "@", () -> parametersFile, january1(2000), 7200);
    }
    if (path.equals(FeedFile.META_STATIONS)) {
      return cached(path + "@", this::stationsFile, historyStart, 7200);
    }
    if (path.equals(FeedFile.META_DATA_INVENTORY)) {
      return cached(path + "@", this::dataInventoryFile, historyStart, 7200);
    }
    FeedFile f;
    try {
      f = FeedFile.parse(path);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!f.path().equals(path) || !stations.containsKey(f.station()) || f.period() == null) {
      return null;
    }
    Window w = window(f, now);
    if (w == null) {
      return null;
    }
    ReplayStation s = stations.get(f.station());
    List<Change> relevant;
    synchronized (this) {
      relevant = relevantChanges(s, f.granularity(), w, now);
    }
    boolean incomplete = incompleteNewestRow && f.period() == Period.NOW;
    Instant lastModified =
        switch (f.period()) {
          case NOW -> w.last();
          case RECENT -> startOfDay(now);
          case HISTORICAL -> january1(yearOfYesterday(now));
        };
    for (Change c : relevant) {
      if (c.at.isAfter(lastModified)) {
        lastModified = c.at;
      }
    }
    String key = path + "@" + w.first() + "/" + w.last() + "/" + relevant.size() + "/" + incomplete;
    Instant newest = incomplete ? w.last() : null;
    return cached(
        key,
        () -> renderStationFile(s, f, w, relevant, newest),
        lastModified,
        f.period() == Period.NOW ? 10 : 7200);
  }

  private List<Change> relevantChanges(ReplayStation s, Granularity g, Window w, Instant now) {
    List<Change> relevant = new ArrayList<>();
    for (Change c : changes) {
      if (c.station.equals(s.abbr())
          && c.granularity == g
          && !c.at.isAfter(now)
          && w.overlaps(c.from, c.to)) {
        relevant.add(c);
      }
    }
    return relevant;
  }

  private interface Renderer {
    byte[] render();
  }

  private FileContent cached(String key, Renderer renderer, Instant lastModified, int maxAge) {
    synchronized (cache) {
      FileContent hit = cache.get(key);
      if (hit != null) {
        return hit;
      }
    }
    byte[] bytes = renderer.render();
    String path = key.substring(0, key.indexOf('@'));
    FileContent content = new FileContent(path, bytes, sha256(bytes), lastModified, maxAge);
    synchronized (cache) {
      FileContent previous = cache.put(key, content);
      if (previous == null) {
        cachedBytes += bytes.length;
      }
      var it = cache.entrySet().iterator();
      while (cachedBytes > MAX_CACHED_BYTES && it.hasNext()) {
        var e = it.next();
        if (e.getValue() != content) {
          cachedBytes -= e.getValue().bytes().length;
          it.remove();
        }
      }
    }
    return content;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private List<String> header(ReplayStation s, Granularity g, Instant windowLast) {
    List<String> header = new ArrayList<>();
    header.add("station_abbr");
    header.add("reference_timestamp");
    List<String> added = new ArrayList<>();
    synchronized (this) {
      for (Change c : changes) {
        if (c.addedColumn != null
            && c.station.equals(s.abbr())
            && c.granularity == g
            && !c.from.isAfter(windowLast)) {
          added.add(0, c.addedColumn);
        }
      }
    }
    header.addAll(added);
    header.addAll(WeatherModel.columns(g, s));
    return header;
  }

  private byte[] renderStationFile(
      ReplayStation s, FeedFile f, Window w, List<Change> relevant, Instant incompleteAt) {
    Granularity g = f.granularity();
    List<String> header = header(s, g, w.last());
    RowValues rv = new RowValues(s, g, header, relevant);
    AsciiBuffer out = new AsciiBuffer(64 * 1024);
    out.append(String.join(";", header)).append('\n');
    int n = header.size() - 2;
    double[] values = new double[n];
    boolean[] present = new boolean[n];
    for (Instant ts = w.first(); !ts.isAfter(w.last()); ts = g.next(ts)) {
      if (!model.isGap(s, g, ts)) {
        rv.fill(ts, ts.equals(incompleteAt), values, present);
        out.append(s.abbr()).append(';').append(FeedTimestamps.format(ts));
        for (int i = 0; i < n; i++) {
          out.append(';');
          if (present[i]) {
            out.number(values[i], rv.decimals[i]);
          }
        }
        out.append('\n');
      }
      for (Change c : relevant) {
        if (c.malformedLine != null && c.from.equals(ts)) {
          out.append(c.malformedLine).append('\n');
        }
      }
    }
    return out.toByteArray();
  }

  /** Grows a byte array from text (station files contain only ASCII). */
  private static final class AsciiBuffer {
    private byte[] bytes;
    private int size;

    AsciiBuffer(int capacity) {
      bytes = new byte[capacity];
    }

    private void ensure(int extra) {
      if (size + extra > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
      }
    }

    AsciiBuffer append(char c) {
      ensure(1);
      bytes[size++] = (byte) c;
      return this;
    }

    AsciiBuffer append(String text) {
      byte[] b = text.getBytes(WINDOWS_1252);
      ensure(b.length);
      System.arraycopy(b, 0, bytes, size, b.length);
      size += b.length;
      return this;
    }

    void number(double v, int decimals) {
      long scaled = decimals == 0 ? Math.round(v) : Math.round(v * 10);
      if (scaled < 0) {
        append('-');
        scaled = -scaled;
      }
      appendDigits(decimals == 0 ? scaled : scaled / 10);
      if (decimals != 0 && scaled % 10 != 0) {
        append('.');
        append((char) ('0' + scaled % 10));
      }
    }

    private void appendDigits(long v) {
      if (v >= 10) {
        appendDigits(v / 10);
      }
      append((char) ('0' + v % 10));
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  /**
   * Computes the published values of rows for one station, granularity and column list: model,
   * missing values, added columns and corrections. Used both to render files and for the ground
   * truth, so both always agree.
   */
  private final class RowValues {
    final ReplayStation station;
    final Granularity g;
    final String[] codes;
    final int[] rawIndex;
    final int[] decimals;
    final boolean[] incompleteCode;
    final boolean[] direction;
    final Map<Instant, List<Change>> corrections = new HashMap<>();
    final Map<String, Instant> addedSince = new HashMap<>();

    RowValues(ReplayStation station, Granularity g, List<String> header, List<Change> relevant) {
      this.station = station;
      this.g = g;
      List<String> all =
          switch (g) {
            case T -> WeatherModel.T_COLUMNS;
            case H -> WeatherModel.H_COLUMNS;
            case D -> WeatherModel.D_COLUMNS;
            default -> throw new IllegalArgumentException(g.toString());
          };
      int n = header.size() - 2;
      codes = new String[n];
      rawIndex = new int[n];
      decimals = new int[n];
      incompleteCode = new boolean[n];
      direction = new boolean[n];
      for (int i = 0; i < n; i++) {
        String code = header.get(i + 2);
        codes[i] = code;
        rawIndex[i] = all.indexOf(code);
        decimals[i] = WeatherModel.decimals(code);
        incompleteCode[i] = INCOMPLETE_CODES.contains(code);
        direction[i] = code.startsWith("dkl");
      }
      for (Change c : relevant) {
        if (c.code != null) {
          corrections.computeIfAbsent(c.from, k -> new ArrayList<>()).add(c);
        } else if (c.addedColumn != null) {
          addedSince.put(c.addedColumn, c.from);
        }
      }
    }

    void fill(Instant ts, boolean incomplete, double[] values, boolean[] present) {
      double[] raw =
          switch (g) {
            case T -> model.tenMinute(station, ts);
            case H -> model.hourly(station, ts);
            default -> model.daily(station, ts);
          };
      for (int i = 0; i < codes.length; i++) {
        present[i] = false;
        double v;
        if (rawIndex[i] < 0) {
          Instant since = addedSince.get(codes[i]);
          if (since == null || ts.isBefore(since)) {
            continue;
          }
          v = (g == Granularity.T ? raw[WeatherModel.TEMP5] : raw[0]) - 0.6;
        } else {
          if ((incomplete && incompleteCode[i]) || model.isMissing(station, ts, codes[i])) {
            continue;
          }
          v = raw[rawIndex[i]];
          if (direction[i]) {
            v = Math.round(v) % 360;
          }
        }
        values[i] = rounded(v, decimals[i]);
        present[i] = true;
      }
      List<Change> fixes = corrections.get(ts);
      if (fixes != null) {
        for (Change c : fixes) {
          for (int i = 0; i < codes.length; i++) {
            if (codes[i].equals(c.code)) {
              values[i] = rounded(c.value, decimals[i]);
              present[i] = true;
            }
          }
        }
      }
    }

    Map<String, Double> map(Instant ts, boolean incomplete) {
      double[] values = new double[codes.length];
      boolean[] present = new boolean[codes.length];
      fill(ts, incomplete, values, present);
      Map<String, Double> map = new LinkedHashMap<>();
      for (int i = 0; i < codes.length; i++) {
        if (present[i]) {
          map.put(codes[i], values[i]);
        }
      }
      return map;
    }
  }

  /** The published values of a row in the column order of the current header. */
  private Map<String, Double> values(
      ReplayStation s, Granularity g, Instant ts, List<Change> relevant, boolean incomplete) {
    return new RowValues(s, g, header(s, g, newestPublished(g)), relevant).map(ts, incomplete);
  }

  private static double rounded(double v, int decimals) {
    if (decimals == 0) {
      return Math.round(v) + 0.0;
    }
    long scaled = Math.round(v * 10);
    return scaled == 0 ? 0.0 : scaled / 10.0;
  }

  private byte[] stationsFile() {
    List<String> header = new ArrayList<>();
    List<Map<String, String>> rows = new ArrayList<>();
    String since = FeedTimestamps.formatDate(historyStart);
    for (ReplayStation s : stations.values()) {
      if (header.isEmpty()) {
        header.addAll(s.meta().columns().keySet());
      }
      Map<String, String> row = new LinkedHashMap<>(s.meta().columns());
      row.put("station_data_since", since);
      rows.add(row);
    }
    return writeTable(header, rows);
  }

  private byte[] dataInventoryFile() {
    List<String> header =
        List.of("station_abbr", "parameter_shortname", "data_since", "data_till", "owner");
    List<Map<String, String>> rows = new ArrayList<>();
    String since = FeedTimestamps.format(historyStart);
    for (ReplayStation s : stations.values()) {
      for (ParameterMeta p : parameters) {
        if (p.granularity() == Granularity.M
            || p.granularity() == Granularity.Y
            || !WeatherModel.columns(p.granularity(), s).contains(p.code())) {
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        row.put("station_abbr", s.abbr());
        row.put("parameter_shortname", p.code());
        row.put("data_since", since);
        row.put("data_till", "");
        row.put("owner", s.meta().column("station_dataowner"));
        rows.add(row);
      }
    }
    return writeTable(header, rows);
  }

  private static byte[] writeTable(List<String> header, List<Map<String, String>> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MeteoSwissMetadata.write(header, rows, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
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
    Instant start = alignUp(g, from.isBefore(historyStart) ? historyStart : from);
    List<MeasurementRow> rows = new ArrayList<>();
    Window all = new Window(historyStart, newest);
    List<Change> relevant;
    synchronized (this) {
      relevant = relevantChanges(s, g, all, clock.now());
    }
    RowValues rv = new RowValues(s, g, header(s, g, newest), relevant);
    Instant incompleteAt = incompleteNewestRow && g != Granularity.D ? newest : null;
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
    List<Change> relevant;
    synchronized (this) {
      relevant = relevantChanges(s, g, new Window(ts, ts), clock.now());
    }
    return truthRow(s, g, ts, relevant);
  }

  private MeasurementRow truthRow(ReplayStation s, Granularity g, Instant ts, List<Change> rel) {
    boolean incomplete = incompleteNewestRow && g != Granularity.D && ts.equals(newestPublished(g));
    return truthRow(s, g, ts, rel, values(s, g, ts, rel, incomplete));
  }

  private MeasurementRow truthRow(
      ReplayStation s, Granularity g, Instant ts, List<Change> rel, Map<String, Double> values) {
    int revision = 0;
    for (Change c : rel) {
      if (c.code != null && c.from.equals(ts)) {
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
    List<Change> corrections = new ArrayList<>();
    List<Change> others = new ArrayList<>();
    synchronized (this) {
      for (Change c : relevantChanges(s, g, new Window(timestamp, timestamp), clock.now())) {
        (c.code != null ? corrections : others).add(c);
      }
    }
    List<MeasurementRow> versions = new ArrayList<>();
    boolean wasNewestDuringReplay =
        incompleteNewestRow && g != Granularity.D && !g.next(timestamp).isBefore(clock.start());
    if (wasNewestDuringReplay) {
      versions.add(
          MeasurementRow.builder(s.abbr(), timestamp, g)
              .values(values(s, g, timestamp, others, true))
              .build());
    }
    boolean newestNow = incompleteNewestRow && timestamp.equals(newestPublished(g));
    if (!newestNow) {
      versions.add(
          MeasurementRow.builder(s.abbr(), timestamp, g)
              .values(values(s, g, timestamp, others, false))
              .build());
    }
    for (int i = 1; i <= corrections.size(); i++) {
      List<Change> applied = new ArrayList<>(others);
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
