package org.remotestore.meteoswiss.table;

import static org.remotestore.meteoswiss.table.MeteoSwissTableOptions.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.source.ChangelogMode;
import org.remotestore.meteoswiss.source.MeteoSwissSource;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;

/**
 * The {@code meteoswiss} SQL connector: a scan source over {@link MeteoSwissSource}.
 *
 * <pre>{@code
 * CREATE TABLE weather (
 *   station_abbr STRING,
 *   reference_timestamp TIMESTAMP_LTZ(3),
 *   tre200s0 DOUBLE,
 *   source_file STRING METADATA VIRTUAL
 * ) WITH ('connector' = 'meteoswiss', 'stations' = 'BER,KLO');
 * }</pre>
 *
 * <p>Physical columns: {@code station_abbr STRING}, {@code reference_timestamp TIMESTAMP_LTZ(3)}
 * and any parameter code as {@code DOUBLE}. Every option error names the option.
 */
public final class MeteoSwissTableFactory implements DynamicTableSourceFactory {
  /** The connector identifier. */
  public static final String IDENTIFIER = "meteoswiss";

  static final String STATION_COLUMN = "station_abbr";
  static final String TIMESTAMP_COLUMN = "reference_timestamp";
  private static final Pattern STATION_CODE = Pattern.compile("[A-Za-z0-9]{2,6}");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        BASE_URL,
        STATIONS,
        GRANULARITY,
        PERIOD,
        POLL_INTERVAL,
        SCAN_BOUNDED,
        CHANGELOG_MODE,
        DISCOVERY,
        STAC_URL,
        REVISION_WINDOW,
        MAX_CONCURRENT_REQUESTS,
        DISCOVERY_INTERVAL,
        TIME_RANGE_START,
        TIME_RANGE_END);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();

    Granularity granularity = parse(GRANULARITY, options, Granularity::of);
    PeriodMode period = period(options, granularity);
    ChangelogMode changelog = parse(CHANGELOG_MODE, options, ChangelogMode::parse);
    Set<String> stations = stations(options.get(STATIONS));
    String baseUrl = url(BASE_URL, options.get(BASE_URL));
    String stacUrl = options.getOptional(STAC_URL).map(u -> url(STAC_URL, u)).orElse(null);
    Duration poll = options.get(POLL_INTERVAL);
    if (poll.isZero() || poll.isNegative()) {
      throw invalid(POLL_INTERVAL, poll.toString(), "a positive duration such as 10 min");
    }
    Duration window = options.get(REVISION_WINDOW);
    if (window.isNegative()) {
      throw invalid(REVISION_WINDOW, window.toString(), "a duration of zero or more");
    }
    Duration discoveryInterval = options.get(DISCOVERY_INTERVAL);
    if (discoveryInterval.isZero() || discoveryInterval.isNegative()) {
      throw invalid(
          DISCOVERY_INTERVAL, discoveryInterval.toString(), "a positive duration such as 1 h");
    }
    int concurrent = options.get(MAX_CONCURRENT_REQUESTS);
    if (concurrent < 1) {
      throw invalid(MAX_CONCURRENT_REQUESTS, Integer.toString(concurrent), "at least 1");
    }
    StationDiscovery discovery = discovery(options, stations.isEmpty());
    Instant start =
        options.getOptional(TIME_RANGE_START).map(v -> instant(TIME_RANGE_START, v)).orElse(null);
    Instant end =
        options.getOptional(TIME_RANGE_END).map(v -> instant(TIME_RANGE_END, v)).orElse(null);
    if (start != null && end != null && start.isAfter(end)) {
      throw new ValidationException(
          "Invalid time range: option '"
              + TIME_RANGE_START.key()
              + "' ("
              + start
              + ") is after option '"
              + TIME_RANGE_END.key()
              + "' ("
              + end
              + ")");
    }
    List<String> parameterColumns = validateSchema(schema, changelog);

    MeteoSwissSource.Builder<?> builder =
        MeteoSwissSource.builder()
            .baseUrl(baseUrl)
            .stacItemsUrl(stacUrl)
            .granularity(granularity)
            .period(period)
            .bounded(options.get(SCAN_BOUNDED))
            .pollInterval(poll)
            .revisionWindow(window)
            .maxConcurrentRequestsPerHost(concurrent)
            .discoveryInterval(discoveryInterval)
            .timeRange(start, end);
    if (!stations.isEmpty()) {
      builder.stations(stations);
    }
    builder.discovery(discovery);
    MeteoSwissSourceConfig config = builder.columns(parameterColumns).buildConfig();
    return new MeteoSwissTableSource(
        config, changelog, schema.toPhysicalRowDataType(), parameterColumns);
  }

  /** Checks the physical columns; returns the parameter columns (lower case). */
  static List<String> validateSchema(ResolvedSchema schema, ChangelogMode changelog) {
    List<String> parameters = new ArrayList<>();
    for (Column column : schema.getColumns()) {
      if (!column.isPhysical()) {
        continue;
      }
      String name = column.getName();
      LogicalType type = column.getDataType().getLogicalType();
      if (name.equalsIgnoreCase(STATION_COLUMN)) {
        require(
            name,
            type.is(LogicalTypeRoot.VARCHAR) || type.is(LogicalTypeRoot.CHAR),
            "STRING",
            type);
      } else if (name.equalsIgnoreCase(TIMESTAMP_COLUMN)) {
        require(
            name,
            type.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE),
            "TIMESTAMP_LTZ(3)",
            type);
      } else {
        require(name, type.is(LogicalTypeRoot.DOUBLE), "DOUBLE (a parameter code)", type);
        parameters.add(name.toLowerCase(Locale.ROOT));
      }
    }
    if (changelog == ChangelogMode.UPSERT) {
      List<String> key =
          schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of()).stream()
              .map(c -> c.toLowerCase(Locale.ROOT))
              .sorted()
              .toList();
      if (!key.equals(List.of(TIMESTAMP_COLUMN, STATION_COLUMN))) {
        throw new ValidationException(
            "Option '"
                + CHANGELOG_MODE.key()
                + "' = 'upsert' needs PRIMARY KEY ("
                + STATION_COLUMN
                + ", "
                + TIMESTAMP_COLUMN
                + ") NOT ENFORCED, but the key is "
                + key);
      }
    }
    return parameters;
  }

  private static void require(String column, boolean ok, String expected, LogicalType actual) {
    if (!ok) {
      throw new ValidationException(
          "Column '" + column + "' of a meteoswiss table must be " + expected + ", not " + actual);
    }
  }

  static Set<String> stations(String value) {
    Set<String> out = new LinkedHashSet<>();
    if (value.trim().equalsIgnoreCase("all")) {
      return out;
    }
    for (String part : value.split(",")) {
      String code = part.trim();
      if (!STATION_CODE.matcher(code).matches()) {
        throw invalid(STATIONS, value, "a comma list of station codes such as BER,KLO, or all");
      }
      out.add(code.toUpperCase(Locale.ROOT));
    }
    return out;
  }

  private static String url(ConfigOption<String> option, String value) {
    String v = value.trim();
    if (!(v.startsWith("http://") || v.startsWith("https://"))) {
      throw invalid(option, value, "an http:// or https:// URL");
    }
    return v;
  }

  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd[[ ]['T']HH:mm[:ss]]")
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
          .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
          .toFormatter(Locale.ROOT);

  /** An instant in UTC: {@code 2026-06-01}, {@code 2026-06-01 06:00[:ss]} or ISO-8601 with zone. */
  static Instant instant(ConfigOption<String> option, String value) {
    String v = value.trim();
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException notIso) {
      try {
        return LocalDateTime.parse(v, LOCAL).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw invalid(
            option,
            value,
            "a UTC time such as 2026-06-01, 2026-06-01 06:00 or 2026-06-01T06:00:00Z");
      }
    }
  }

  /**
   * The {@code period} option, or the granularity's default ({@link PeriodMode#defaultFor}) when it
   * is not set; a period the feed does not publish for the granularity names the option.
   */
  private static PeriodMode period(ReadableConfig options, Granularity granularity) {
    if (options.getOptional(PERIOD).isEmpty()) {
      return PeriodMode.defaultFor(granularity);
    }
    PeriodMode period = parse(PERIOD, options, PeriodMode::parse);
    try {
      period.checkSupports(granularity);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(
          "Invalid value '"
              + options.get(PERIOD)
              + "' for option '"
              + PERIOD.key()
              + "' with '"
              + GRANULARITY.key()
              + "' = '"
              + granularity
              + "': "
              + e.getMessage(),
          e);
    }
    return period;
  }

  private interface Parser<T> {
    T parse(String value);
  }

  private static <T> T parse(ConfigOption<String> option, ReadableConfig options, Parser<T> p) {
    String value = options.get(option);
    try {
      return p.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(
          "Invalid value '" + value + "' for option '" + option.key() + "': " + e.getMessage(), e);
    }
  }

  /**
   * The discovery the {@code discovery} option selects: {@code stac} (default) or {@code metadata}
   * list every station when {@code stations} is {@code all}; with an explicit list the stations'
   * STAC items give the checksums, unless {@code none} says the feed has no STAC API.
   */
  private static StationDiscovery discovery(ReadableConfig options, boolean allStations) {
    String how =
        options.getOptional(DISCOVERY).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(null);
    if (allStations) {
      if (how == null || how.equals("stac")) {
        return StationDiscovery.STAC;
      }
      if (how.equals("metadata")) {
        return StationDiscovery.METADATA;
      }
      if (how.equals("none")) {
        throw new ValidationException(
            "Option '"
                + DISCOVERY.key()
                + "' = 'none' reads only the stations listed in 'stations', which is 'all' here;"
                + " list the stations or use 'stac' or 'metadata'");
      }
      throw invalid(DISCOVERY, how, "stac, metadata or none");
    }
    if (how == null) {
      return StationDiscovery.EXPLICIT;
    }
    if (how.equals("none")) {
      return StationDiscovery.EXPLICIT_UNVERIFIED;
    }
    throw new ValidationException(
        "Option '"
            + DISCOVERY.key()
            + "' = '"
            + how
            + "' only applies to 'stations' = 'all'; with the stations listed explicitly only"
            + " 'none' (no STAC item, no checksum verification) may be set");
  }

  private static ValidationException invalid(ConfigOption<?> option, String value, String want) {
    return new ValidationException(
        "Invalid value '" + value + "' for option '" + option.key() + "': expected " + want);
  }
}
