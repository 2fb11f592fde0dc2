package org.remotestore.meteoswiss;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads (and writes) the collection metadata files at the data root: {@value
 * FeedFile#META_STATIONS}, {@value FeedFile#META_PARAMETERS} and {@value
 * FeedFile#META_DATA_INVENTORY}. Same format rules as the station files: {@code ;}, Windows-1252,
 * quoted fields that may contain {@code ;}, LF or CRLF, header-driven (case-insensitive) columns.
 * Lines that cannot be used are returned as {@link RejectedRow}s; content never throws.
 */
public final class MeteoSwissMetadata {

  private MeteoSwissMetadata() {}

  /**
   * Parsed items of a metadata file and the lines that were rejected.
   *
   * @param header the column names in lower case and file order
   * @param items the parsed items in file order
   * @param rejected the unusable lines with their reason
   */
  public record Result<T>(List<String> header, List<T> items, List<RejectedRow> rejected) {
    /** Copies the lists. */
    public Result {
      header = List.copyOf(header);
      items = Collections.unmodifiableList(new ArrayList<>(items));
      rejected = List.copyOf(rejected);
    }
  }

  @FunctionalInterface
  private interface Converter<T> {
    T convert(Map<String, String> columns);
  }

  /** Parses {@code ogd-smn_meta_stations.csv}. */
  public static Result<StationMeta> parseStations(InputStream in, String sourceFile)
      throws IOException {
    return parse(
        in,
        sourceFile,
        List.of("station_abbr", "station_name", "station_coordinates_wgs84_lat"),
        c ->
            new StationMeta(
                required(c, "station_abbr").toUpperCase(Locale.ROOT),
                required(c, "station_name"),
                c.getOrDefault("station_canton", ""),
                c.getOrDefault("station_wigos_id", ""),
                date(c.get("station_data_since")),
                number(c, "station_height_masl"),
                requiredNumber(c, "station_coordinates_wgs84_lat"),
                requiredNumber(c, "station_coordinates_wgs84_lon"),
                c));
  }

  /** Parses {@code ogd-smn_meta_parameters.csv}. */
  public static Result<ParameterMeta> parseParameters(InputStream in, String sourceFile)
      throws IOException {
    return parse(
        in,
        sourceFile,
        List.of("parameter_shortname", "parameter_granularity"),
        c -> {
          Double decimals = number(c, "parameter_decimals");
          return new ParameterMeta(
              required(c, "parameter_shortname"),
              c.getOrDefault("parameter_description_en", ""),
              c.getOrDefault("parameter_description_de", ""),
              c.getOrDefault("parameter_group_en", ""),
              Granularity.of(required(c, "parameter_granularity")),
              decimals == null ? 0 : decimals.intValue(),
              c.getOrDefault("parameter_datatype", ""),
              c.getOrDefault("parameter_unit", ""),
              c);
        });
  }

  /** Parses {@code ogd-smn_meta_datainventory.csv}. */
  public static Result<DataInventoryEntry> parseDataInventory(InputStream in, String sourceFile)
      throws IOException {
    return parse(
        in,
        sourceFile,
        List.of("station_abbr", "parameter_shortname"),
        c ->
            new DataInventoryEntry(
                required(c, "station_abbr"),
                required(c, "parameter_shortname"),
                instant(c.get("data_since")),
                instant(c.get("data_till")),
                c.getOrDefault("owner", "")));
  }

  private static <T> Result<T> parse(
      InputStream in, String sourceFile, List<String> requiredColumns, Converter<T> converter)
      throws IOException {
    List<T> items = new ArrayList<>();
    List<RejectedRow> rejected = new ArrayList<>();
    List<String> header = new ArrayList<>();
    try (LineSource lines = new LineSource(in, MeteoSwissCsvParser.DEFAULT_MAX_LINE_LENGTH)) {
      long lineNumber = 0;
      String line;
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = CsvFields.split(line);
        if (header.isEmpty()) {
          for (String f : fields) {
            header.add(f.toLowerCase(Locale.ROOT));
          }
          for (String required : requiredColumns) {
            if (!header.contains(required)) {
              rejected.add(
                  new RejectedRow(
                      sourceFile,
                      lineNumber,
                      line,
                      RejectReason.BAD_HEADER,
                      "header of " + sourceFile + " lacks " + required));
              return new Result<>(header, items, rejected);
            }
          }
          continue;
        }
        if (fields.size() != header.size()) {
          rejected.add(
              new RejectedRow(
                  sourceFile,
                  lineNumber,
                  line,
                  RejectReason.FIELD_COUNT,
                  "expected " + header.size() + " fields as in the header, got " + fields.size()));
          continue;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          columns.putIfAbsent(header.get(i), fields.get(i));
        }
        try {
          items.add(converter.convert(columns));
        } catch (IllegalArgumentException e) {
          RejectReason reason =
              e instanceof NumberFormatException
                  ? RejectReason.NON_NUMERIC
                  : RejectReason.INVALID_VALUE;
          rejected.add(new RejectedRow(sourceFile, lineNumber, line, reason, e.getMessage()));
        }
      }
    }
    return new Result<>(header, items, rejected);
  }

  private static String required(Map<String, String> c, String column) {
    String v = c.get(column);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("column " + column + " is empty");
    }
    return v;
  }

  private static Double number(Map<String, String> c, String column) {
    String v = c.get(column);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (!MeasurementReader.isDecimal(v)) {
      throw new NumberFormatException("column " + column + ": '" + v + "' is not a number");
    }
    return Double.parseDouble(v);
  }

  private static double requiredNumber(Map<String, String> c, String column) {
    Double v = number(c, column);
    if (v == null) {
      throw new IllegalArgumentException("column " + column + " is empty");
    }
    return v;
  }

  private static LocalDate date(String text) {
    Instant i = instant(text);
    return i == null ? null : LocalDate.ofInstant(i, ZoneOffset.UTC);
  }

  private static Instant instant(String text) {
    return text == null || text.isEmpty() ? null : FeedTimestamps.parse(text);
  }

  /**
   * Writes a metadata (or any feed) table in the feed's format: Windows-1252, {@code ;}, LF line
   * ends, fields quoted only when they contain {@code ;}, {@code "} or a line break. Missing
   * columns of a row are written as empty fields.
   *
   * @param header the column names in order
   * @param rows each row's fields by column name
   * @param out the target; flushed, not closed
   */
  public static void write(
      List<String> header, List<? extends Map<String, String>> rows, OutputStream out)
      throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, LineSource.WINDOWS_1252));
    writeLine(w, header);
    for (Map<String, String> row : rows) {
      List<String> fields = new ArrayList<>(header.size());
      for (String column : header) {
        fields.add(row.getOrDefault(column, ""));
      }
      writeLine(w, fields);
    }
    w.flush();
  }

  private static void writeLine(Writer w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        w.write(';');
      }
      String f = fields.get(i);
      if (f.indexOf(';') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0) {
        w.write('"');
        w.write(f.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(f);
      }
    }
    w.write('\n');
  }
}
