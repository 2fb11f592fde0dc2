package org.remotestore.meteoswiss;

import java.io.Closeable;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Streaming reader over one MeteoSwiss CSV body, created by {@link MeteoSwissCsvParser#open}. Call
 * {@link #next()} until it returns {@code null}. Not thread-safe.
 */
public final class MeasurementReader implements Closeable {

  static final String STATION_COLUMN = "station_abbr";
  static final String TIMESTAMP_COLUMN = "reference_timestamp";

  private final LineSource lines;
  private final String sourceFile;
  private final Granularity granularity;
  private final String expectedStation;
  private final MeteoSwissCsvParser config;

  private boolean headerRead;
  private boolean finished;
  private String headerLine;
  private List<String> columns = List.of();
  private int stationIndex = -1;
  private int timestampIndex = -1;
  private int[] valueIndexes = new int[0];
  private String[] valueCodes = new String[0];
  private ParameterValues.Columns valueColumns = new ParameterValues.Columns(new String[0]);
  private final LineFields fields = new LineFields();
  private final boolean expectedIsUpperCase;
  private String lastStationField;
  private String lastStation;
  private int cachedDate = -1;
  private long cachedDaySeconds;
  private Set<String> absentParameters = Set.of();
  private long lineNumber;
  private long rowsParsed;
  private long rowsRejected;

  MeasurementReader(
      LineSource lines,
      String sourceFile,
      Granularity granularity,
      String expectedStation,
      MeteoSwissCsvParser config) {
    this.lines = lines;
    this.sourceFile = sourceFile;
    this.granularity = granularity;
    this.expectedStation = expectedStation;
    this.config = config;
    this.expectedIsUpperCase =
        expectedStation != null && expectedStation.equals(expectedStation.toUpperCase(Locale.ROOT));
  }

  /**
   * The next data line as a {@link MeasurementRow} or {@link RejectedRow}, or {@code null} at the
   * end of the body. Blank lines are skipped. An unusable header yields one {@link RejectedRow}
   * ({@link RejectReason#BAD_HEADER}) and then the end.
   *
   * @throws IOException only when the underlying stream fails
   */
  public ParsedLine next() throws IOException {
    if (finished) {
      return null;
    }
    if (!headerRead) {
      RejectedRow headerProblem = readHeader();
      if (headerProblem != null) {
        finished = true;
        rowsRejected++;
        return headerProblem;
      }
      if (finished) {
        return null;
      }
    }
    while (true) {
      if (!lines.next()) {
        finished = true;
        return null;
      }
      lineNumber++;
      if (isBlank(lines.chars(), lines.lineStart(), lines.lineEnd())) {
        continue;
      }
      ParsedLine parsed = parseLine();
      if (parsed instanceof RejectedRow) {
        rowsRejected++;
      } else {
        rowsParsed++;
      }
      return parsed;
    }
  }

  private RejectedRow readHeader() throws IOException {
    headerRead = true;
    String line;
    do {
      line = lines.readLine();
      if (line == null) {
        finished = true;
        return null;
      }
      lineNumber++;
    } while (line.isBlank());
    headerLine = line;
    List<String> names = new ArrayList<>();
    for (String field : CsvFields.split(line)) {
      names.add(field.toLowerCase(Locale.ROOT));
    }
    columns = Collections.unmodifiableList(names);
    stationIndex = names.indexOf(STATION_COLUMN);
    timestampIndex = names.indexOf(TIMESTAMP_COLUMN);
    if (stationIndex < 0 || timestampIndex < 0) {
      return new RejectedRow(
          sourceFile,
          lineNumber,
          line,
          RejectReason.BAD_HEADER,
          "header of "
              + sourceFile
              + " lacks "
              + (stationIndex < 0 ? STATION_COLUMN : TIMESTAMP_COLUMN)
              + "; columns were "
              + names);
    }
    Set<String> wanted = config.parameters();
    List<Integer> indexes = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (i == stationIndex || i == timestampIndex || name.isEmpty() || !seen.add(name)) {
        continue;
      }
      if (wanted == null || wanted.contains(name)) {
        indexes.add(i);
        codes.add(name);
      }
    }
    valueIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
    valueCodes = codes.toArray(new String[0]);
    valueColumns = new ParameterValues.Columns(valueCodes);
    if (wanted != null) {
      Set<String> absent = new LinkedHashSet<>(wanted);
      absent.removeAll(seen);
      absentParameters = Collections.unmodifiableSet(absent);
    }
    return null;
  }

  private static boolean isBlank(char[] c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(c[i])) {
        return false;
      }
    }
    return true;
  }

  private ParsedLine parseLine() {
    if (lines.lastLineTooLong()) {
      return reject(
          lines.line(), RejectReason.LINE_TOO_LONG, "line longer than the parser's limit");
    }
    if (!lines.lastLineTerminated() && config.rejectUnterminatedLastLine()) {
      return reject(
          lines.line(),
          RejectReason.TRUNCATED,
          "last line has no line terminator (body cut short?)");
    }
    int count = fields.split(lines.chars(), lines.lineStart(), lines.lineEnd());
    if (count != columns.size()) {
      return reject(
          lines.line(),
          RejectReason.FIELD_COUNT,
          "expected " + columns.size() + " fields as in the header, got " + count);
    }
    String station = station(stationIndex);
    if (station.isEmpty()) {
      return reject(lines.line(), RejectReason.WRONG_STATION, "empty station_abbr");
    }
    if (expectedStation != null && !expectedStation.equals(station)) {
      return reject(
          lines.line(),
          RejectReason.WRONG_STATION,
          "station_abbr '" + station + "' in a file of station " + expectedStation);
    }
    Instant timestamp;
    try {
      timestamp = timestamp(timestampIndex);
    } catch (IllegalArgumentException e) {
      return reject(lines.line(), RejectReason.BAD_TIMESTAMP, e.getMessage());
    }
    char[] c = fields.chars();
    double[] values = new double[valueIndexes.length];
    int present = 0;
    for (int i = 0; i < valueIndexes.length; i++) {
      int field = valueIndexes[i];
      int from = fields.from(field);
      int to = fields.to(field);
      if (from == to) {
        values[i] = Double.NaN;
        continue;
      }
      double value = Decimals.parse(c, from, to);
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        return reject(
            lines.line(),
            RejectReason.NON_NUMERIC,
            "column "
                + valueCodes[i]
                + ": '"
                + fields.text(field)
                + (Double.isNaN(value)
                    ? "' is not a decimal number"
                    : "' is out of the range of a double"));
      }
      values[i] = value;
      present++;
    }
    return new MeasurementRow(
        station,
        timestamp,
        granularity,
        new ParameterValues(valueColumns, values, present),
        sourceFile,
        lineNumber,
        config.keepRawLine() ? lines.line() : null,
        config.keepHeader() ? headerLine : null);
  }

  /**
   * The upper-case station of a field; the expected station's (or the previous row's) String when
   * the field spells it the same way, so that a file's rows share one String.
   */
  private String station(int field) {
    char[] c = fields.chars();
    int from = fields.from(field);
    int length = fields.to(field) - from;
    if (expectedStation != null
        && expectedIsUpperCase
        && spells(c, from, length, expectedStation)) {
      return expectedStation;
    }
    if (lastStationField != null && spells(c, from, length, lastStationField)) {
      return lastStation;
    }
    lastStationField = new String(c, from, length);
    lastStation = lastStationField.toUpperCase(Locale.ROOT);
    return lastStation;
  }

  private static boolean spells(char[] c, int from, int length, String text) {
    if (length != text.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (c[from + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The timestamp of a field: {@code dd.MM.yyyy HH:mm} read in place, the day's start cached
   * between rows; anything else (a bare date, a malformed or invalid value) through {@link
   * FeedTimestamps#parse}, which also words the error.
   */
  private Instant timestamp(int field) {
    char[] s = fields.chars();
    int f = fields.from(field);
    if (fields.to(field) - f == 16
        && s[f + 2] == '.'
        && s[f + 5] == '.'
        && s[f + 10] == ' '
        && s[f + 13] == ':') {
      int day = twoDigits(s, f);
      int month = twoDigits(s, f + 3);
      int century = twoDigits(s, f + 6);
      int years = twoDigits(s, f + 8);
      int hour = twoDigits(s, f + 11);
      int minute = twoDigits(s, f + 14);
      if ((day | month | century | years | hour | minute) >= 0 && hour < 24 && minute < 60) {
        int date = ((century * 100 + years) * 100 + month) * 100 + day;
        if (date != cachedDate) {
          try {
            cachedDaySeconds =
                LocalDate.of(century * 100 + years, month, day).toEpochDay() * 86_400L;
            cachedDate = date;
          } catch (DateTimeException e) {
            return FeedTimestamps.parse(fields.text(field));
          }
        }
        return Instant.ofEpochSecond(cachedDaySeconds + hour * 3600L + minute * 60L);
      }
    }
    return FeedTimestamps.parse(fields.text(field));
  }

  /** Two decimal digits at {@code at}, or a negative number when they are not digits. */
  private static int twoDigits(char[] s, int at) {
    int a = s[at] - '0';
    int b = s[at + 1] - '0';
    if (a < 0 || a > 9 || b < 0 || b > 9) {
      return -1;
    }
    return a * 10 + b;
  }

  private RejectedRow reject(String line, RejectReason reason, String detail) {
    return new RejectedRow(sourceFile, lineNumber, line, reason, detail);
  }

  /** Optional sign, digits with an optional decimal point, optional exponent. No NaN, no comma. */
  static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    int digits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exp = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  /** The file name given to the parser. */
  public String sourceFile() {
    return sourceFile;
  }

  /** The granularity the rows are tagged with. */
  public Granularity granularity() {
    return granularity;
  }

  /** The raw header line, {@code null} before the first {@link #next()} or for an empty body. */
  public String headerLine() {
    return headerLine;
  }

  /** The header's column names in lower case and file order (empty before the header is read). */
  public List<String> columns() {
    return columns;
  }

  /** Requested parameters the header does not have (only with a projection). */
  public Set<String> absentParameters() {
    return absentParameters;
  }

  /** Lines read so far, including header and blank lines. */
  public long linesRead() {
    return lineNumber;
  }

  /** Rows returned as {@link MeasurementRow}. */
  public long rowsParsed() {
    return rowsParsed;
  }

  /** Lines returned as {@link RejectedRow}. */
  public long rowsRejected() {
    return rowsRejected;
  }

  /** Bytes of the decompressed body consumed so far. */
  public long bytesRead() {
    return lines.bytesRead();
  }

  /** Closes the underlying stream. */
  @Override
  public void close() throws IOException {
    finished = true;
    lines.close();
  }
}
