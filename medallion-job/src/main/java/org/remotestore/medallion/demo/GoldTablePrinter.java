package org.remotestore.medallion.demo;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.core.fs.Path;

/**
 * Renders the newest rows of the gold tables {@code daily_summary} and {@code alerts} as readable
 * text tables, from the committed Parquet files of the lake only (what any reader of the lake sees:
 * in-progress files stay hidden until their checkpoint commits them).
 *
 * <p>{@code daily_summary} shows the latest version of each station-day, newest days first; {@code
 * alerts} the newest alerts first.
 */
public final class GoldTablePrinter {

  /** Folder of the {@code daily_summary} table below the lake root. */
  public static final String DAILY_SUMMARY = "gold/daily_summary";

  /** Folder of the {@code alerts} table below the lake root. */
  public static final String ALERTS = "gold/alerts";

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final List<TextTable.Column> DAILY_COLUMNS =
      List.of(
          new TextTable.Column("station", false),
          new TextTable.Column("date", false),
          new TextTable.Column("ver", true),
          new TextTable.Column("mean °C", true),
          new TextTable.Column("min °C", true),
          new TextTable.Column("max °C", true),
          new TextTable.Column("rain mm", true),
          new TextTable.Column("sun min", true),
          new TextTable.Column("gust km/h", true),
          new TextTable.Column("samples", true),
          new TextTable.Column("coverage", true));

  private static final List<TextTable.Column> ALERT_COLUMNS =
      List.of(
          new TextTable.Column("station", false),
          new TextTable.Column("kind", false),
          new TextTable.Column("at (UTC)", false),
          new TextTable.Column("parameter", false),
          new TextTable.Column("value", true),
          new TextTable.Column("threshold", true));

  private final Path dailySummary;
  private final Path alerts;
  private final int dailyRows;
  private final int alertRows;
  private final CommittedParquet reader = new CommittedParquet();
  private List<Path> lastSeen = List.of();

  /**
   * A printer over a lake.
   *
   * @param lakeRoot the lake's root, such as {@code rs://lake/}
   * @param dailyRows how many station-days to show
   * @param alertRows how many alerts to show
   */
  public GoldTablePrinter(Path lakeRoot, int dailyRows, int alertRows) {
    Objects.requireNonNull(lakeRoot, "lakeRoot");
    if (dailyRows < 1 || alertRows < 0) {
      throw new IllegalArgumentException(
          "dailyRows must be >= 1 and alertRows >= 0, got " + dailyRows + ", " + alertRows);
    }
    this.dailySummary = new Path(lakeRoot, DAILY_SUMMARY);
    this.alerts = new Path(lakeRoot, ALERTS);
    this.dailyRows = dailyRows;
    this.alertRows = alertRows;
  }

  /**
   * The rendering when committed gold files changed since the last call (or on the first call that
   * finds any), otherwise empty.
   */
  public synchronized Optional<String> pollChanges() throws IOException {
    List<Path> files = new ArrayList<>(CommittedParquet.committedFiles(dailySummary));
    files.addAll(CommittedParquet.committedFiles(alerts));
    if (files.isEmpty() || files.equals(lastSeen)) {
      return Optional.empty();
    }
    lastSeen = files;
    return Optional.of(render());
  }

  /** Both tables as text, read from the committed files now. */
  public String render() throws IOException {
    List<Map<String, Object>> days = reader.readTable(dailySummary);
    StringBuilder out = new StringBuilder(renderDailySummary(days, dailyRows));
    if (alertRows > 0) {
      out.append('\n').append(renderAlerts(reader.readTable(alerts), alertRows));
    }
    return out.toString();
  }

  /**
   * The newest {@code limit} station-days of {@code daily_summary} rows (latest version of each),
   * newest day first, stations in alphabetical order within a day.
   */
  public static String renderDailySummary(List<Map<String, Object>> rows, int limit) {
    Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      String key = row.get("station_abbr") + "/" + row.get("date");
      Map<String, Object> seen = latest.get(key);
      if (seen == null || intOf(row.get("version")) >= intOf(seen.get("version"))) {
        latest.put(key, row);
      }
    }
    List<Map<String, Object>> sorted = new ArrayList<>(latest.values());
    sorted.sort(
        Comparator.comparing((Map<String, Object> r) -> (LocalDate) r.get("date"))
            .reversed()
            .thenComparing(r -> String.valueOf(r.get("station_abbr"))));
    TextTable table = new TextTable(DAILY_COLUMNS);
    for (Map<String, Object> r : sorted.subList(0, Math.min(limit, sorted.size()))) {
      table.add(
          List.of(
              String.valueOf(r.get("station_abbr")),
              String.valueOf(r.get("date")),
              String.valueOf(r.get("version")),
              decimal(r.get("tre200s0_mean"), 1),
              decimal(r.get("tre200s0_min"), 1),
              decimal(r.get("tre200s0_max"), 1),
              decimal(r.get("rre150z0_sum"), 1),
              decimal(r.get("sre000z0_sum"), 0),
              decimal(r.get("fu3010z1_max"), 1),
              String.valueOf(r.get("samples")),
              percent(r.get("coverage"))));
    }
    return "gold.daily_summary: newest "
        + table.size()
        + " of "
        + sorted.size()
        + " station-days ("
        + rows.size()
        + " rows committed)\n"
        + table.render();
  }

  /** The newest {@code limit} alerts, newest first. */
  public static String renderAlerts(List<Map<String, Object>> rows, int limit) {
    List<Map<String, Object>> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparing(
                (Map<String, Object> r) -> (Instant) r.get("reference_timestamp"),
                Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed()
            .thenComparing(r -> String.valueOf(r.get("station_abbr")))
            .thenComparing(r -> String.valueOf(r.get("kind"))));
    TextTable table = new TextTable(ALERT_COLUMNS);
    for (Map<String, Object> r : sorted.subList(0, Math.min(limit, sorted.size()))) {
      Instant at = (Instant) r.get("reference_timestamp");
      table.add(
          List.of(
              String.valueOf(r.get("station_abbr")),
              String.valueOf(r.get("kind")),
              at == null ? "-" : MINUTES.format(at),
              String.valueOf(r.get("parameter")),
              decimal(r.get("value"), 1),
              decimal(r.get("threshold"), 1)));
    }
    return "gold.alerts: newest " + table.size() + " of " + rows.size() + "\n" + table.render();
  }

  private static int intOf(Object value) {
    return value instanceof Number n ? n.intValue() : -1;
  }

  private static String decimal(Object value, int digits) {
    if (!(value instanceof Number n)) {
      return null;
    }
    return String.format(Locale.ROOT, "%." + digits + "f", n.doubleValue());
  }

  private static String percent(Object value) {
    if (!(value instanceof Number n)) {
      return null;
    }
    return String.format(Locale.ROOT, "%.1f%%", n.doubleValue() * 100);
  }
}
