package org.remotestore.meteoswiss.table;

import static org.apache.flink.table.functions.BuiltInFunctionDefinitions.AND;
import static org.apache.flink.table.functions.BuiltInFunctionDefinitions.EQUALS;
import static org.apache.flink.table.functions.BuiltInFunctionDefinitions.GREATER_THAN;
import static org.apache.flink.table.functions.BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL;
import static org.apache.flink.table.functions.BuiltInFunctionDefinitions.LESS_THAN;
import static org.apache.flink.table.functions.BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.source.MeteoSwissSource;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.StationDiscovery;
import org.remotestore.meteoswiss.source.TimeRange;

/** Option and schema validation of the {@code meteoswiss} connector, through its factory. */
class MeteoSwissTableOptionsTest {

  static List<Column> columns(Object... nameAndType) {
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < nameAndType.length; i += 2) {
      out.add(Column.physical((String) nameAndType[i], (DataType) nameAndType[i + 1]));
    }
    return out;
  }

  static final List<Column> STANDARD =
      columns(
          "station_abbr", DataTypes.STRING(),
          "reference_timestamp", DataTypes.TIMESTAMP_LTZ(3),
          "tre200s0", DataTypes.DOUBLE());

  static MeteoSwissTableSource create(List<Column> cols, UniqueConstraint key, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put("connector", "meteoswiss");
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    ResolvedSchema schema = new ResolvedSchema(cols, List.of(), key);
    CatalogTable table =
        CatalogTable.newBuilder()
            .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
            .options(map)
            .build();
    DynamicTableSource source =
        FactoryUtil.createDynamicTableSource(
            null,
            ObjectIdentifier.of("c", "d", "weather"),
            new ResolvedCatalogTable(table, schema),
            Map.of(),
            new Configuration(),
            MeteoSwissTableOptionsTest.class.getClassLoader(),
            false);
    return (MeteoSwissTableSource) source;
  }

  static MeteoSwissTableSource create(String... options) {
    return create(STANDARD, null, options);
  }

  @Test
  void defaultsFollowTheFeed() {
    MeteoSwissSourceConfig c = create().effectiveConfig();
    assertThat(c.baseUrl()).isEqualTo("https://data.geo.admin.ch/ch.meteoschweiz.ogd-smn/");
    assertThat(c.stacItemsUrl())
        .isEqualTo(
            "https://data.geo.admin.ch/api/stac/v1/collections/ch.meteoschweiz.ogd-smn/items");
    assertThat(c.discovery()).isEqualTo(StationDiscovery.STAC);
    assertThat(c.stations()).isEmpty();
    assertThat(c.granularity()).isEqualTo(Granularity.T);
    assertThat(c.period()).isEqualTo(PeriodMode.NOW);
    assertThat(c.bounded()).isFalse();
    assertThat(c.timing().pollInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.revisionWindow()).isEqualTo(Duration.ofDays(5));
    assertThat(c.columns()).containsExactly("tre200s0");
  }

  @Test
  void readsEveryOption() {
    MeteoSwissSourceConfig c =
        create(
                "base-url", "http://127.0.0.1:8080/feed",
                "stations", "ber, klo",
                "granularity", "H",
                "period", "backfill",
                "poll-interval", "30 s",
                "scan.bounded", "true",
                "revision-window", "2 d",
                "max-concurrent-requests", "4")
            .effectiveConfig();
    assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:8080/feed/");
    assertThat(c.discovery()).isEqualTo(StationDiscovery.EXPLICIT);
    assertThat(c.stations()).containsExactly("BER", "KLO");
    assertThat(c.granularity()).isEqualTo(Granularity.H);
    assertThat(c.period()).isEqualTo(PeriodMode.BACKFILL);
    assertThat(c.bounded()).isTrue();
    assertThat(c.timing().pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.revisionWindow()).isEqualTo(Duration.ofDays(2));
    assertThat(c.maxConcurrentRequestsPerHost()).isEqualTo(4);
  }

  @Test
  void errorsNameTheOption() {
    assertThatThrownBy(() -> create("granularity", "x")).hasStackTraceContaining("'granularity'");
    assertThatThrownBy(() -> create("period", "yesterday")).hasStackTraceContaining("'period'");
    assertThatThrownBy(() -> create("changelog-mode", "retract"))
        .hasStackTraceContaining("'changelog-mode'");
    assertThatThrownBy(() -> create("stations", "BER;KLO")).hasStackTraceContaining("'stations'");
    assertThatThrownBy(() -> create("poll-interval", "soon"))
        .hasStackTraceContaining("poll-interval");
    assertThatThrownBy(() -> create("poll-interval", "0 s"))
        .hasStackTraceContaining("'poll-interval'");
    assertThatThrownBy(() -> create("scan.bounded", "maybe"))
        .hasStackTraceContaining("scan.bounded");
    assertThatThrownBy(() -> create("base-url", "ftp://x/")).hasStackTraceContaining("'base-url'");
    assertThatThrownBy(() -> create("no-such-option", "1"))
        .hasStackTraceContaining("no-such-option");
    assertThatThrownBy(() -> create("discovery", "guess")).hasStackTraceContaining("'discovery'");
    assertThatThrownBy(() -> create("stations", "BER", "discovery", "stac"))
        .hasStackTraceContaining("'discovery'");
    assertThatThrownBy(() -> create("max-concurrent-requests", "0"))
        .hasStackTraceContaining("'max-concurrent-requests'");
    assertThatThrownBy(() -> create("discovery-interval", "0 s"))
        .hasStackTraceContaining("'discovery-interval'");
    assertThatThrownBy(() -> create("revision-window", "-1 min"))
        .hasStackTraceContaining("revision-window");
    assertThatThrownBy(() -> create("stac-url", "ftp://x/items"))
        .hasStackTraceContaining("'stac-url'");
    assertThatThrownBy(
            () ->
                org.remotestore.meteoswiss.source.MeteoSwissSource.builder()
                    .discoveryInterval(java.time.Duration.ZERO)
                    .buildConfig())
        .hasMessageContaining("discoveryInterval");
  }

  @Test
  void checksColumnTypesAndTheUpsertKey() {
    assertThatThrownBy(
            () ->
                create(
                    columns(
                        "station_abbr", DataTypes.STRING(),
                        "reference_timestamp", DataTypes.TIMESTAMP(3)),
                    null))
        .hasStackTraceContaining("reference_timestamp")
        .hasStackTraceContaining("TIMESTAMP_LTZ(3)");
    List<Column> withString = new ArrayList<>(STANDARD);
    withString.add(Column.physical("tre005s0", DataTypes.STRING()));
    assertThatThrownBy(() -> create(withString, null))
        .hasStackTraceContaining("tre005s0")
        .hasStackTraceContaining("DOUBLE");
    assertThatThrownBy(() -> create("changelog-mode", "upsert"))
        .hasStackTraceContaining("PRIMARY KEY");
    List<Column> keyed =
        columns(
            "station_abbr", DataTypes.STRING().notNull(),
            "reference_timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull(),
            "tre200s0", DataTypes.DOUBLE());
    MeteoSwissTableSource upsert =
        create(
            keyed,
            UniqueConstraint.primaryKey("pk", List.of("station_abbr", "reference_timestamp")),
            "changelog-mode",
            "upsert");
    assertThat(upsert.getChangelogMode().containsOnly(org.apache.flink.types.RowKind.INSERT))
        .isFalse();
    assertThat(create().getChangelogMode().containsOnly(org.apache.flink.types.RowKind.INSERT))
        .isTrue();
  }

  @Test
  void projectionAndStationFiltersNarrowWhatIsReadAndPolled() {
    List<Column> cols = new ArrayList<>(STANDARD);
    cols.add(Column.physical("ure200s0", DataTypes.DOUBLE()));
    MeteoSwissTableSource source = create(cols, null, "stations", "BER,KLO,SMA");
    source.applyProjection(
        new int[][] {{0}, {1}, {3}},
        DataTypes.ROW(
            DataTypes.FIELD("station_abbr", DataTypes.STRING()),
            DataTypes.FIELD("reference_timestamp", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("ure200s0", DataTypes.DOUBLE())));
    var field =
        new org.apache.flink.table.expressions.FieldReferenceExpression(
            "station_abbr", DataTypes.STRING(), 0, 0);
    var in =
        org.apache.flink.table.expressions.CallExpression.permanent(
            org.apache.flink.table.functions.BuiltInFunctionDefinitions.OR,
            List.of(equalsBer(field, "KLO"), equalsBer(field, "ZRH")),
            DataTypes.BOOLEAN());
    var result = source.applyFilters(List.of(in));
    assertThat(result.getAcceptedFilters()).hasSize(1);
    assertThat(result.getRemainingFilters()).as("applied exactly by the source").isEmpty();
    MeteoSwissSourceConfig c = source.effectiveConfig();
    assertThat(c.columns()).containsExactly("ure200s0");
    assertThat(c.stations()).containsExactly("KLO");
    assertThat(c.discovery()).isEqualTo(StationDiscovery.EXPLICIT);
  }

  @Test
  void discoveryNoneReadsTheListedStationsWithoutTheirItemsEvenAfterAStationFilter() {
    assertThat(create("stations", "BER,KLO", "discovery", "none").effectiveConfig().discovery())
        .isEqualTo(StationDiscovery.EXPLICIT_UNVERIFIED);
    MeteoSwissTableSource source =
        create(new ArrayList<>(STANDARD), null, "stations", "BER,KLO", "discovery", "NONE");
    var field =
        new org.apache.flink.table.expressions.FieldReferenceExpression(
            "station_abbr", DataTypes.STRING(), 0, 0);
    assertThat(source.applyFilters(List.of(equalsBer(field, "KLO"))).getAcceptedFilters())
        .hasSize(1);
    MeteoSwissSourceConfig c = source.effectiveConfig();
    assertThat(c.stations()).containsExactly("KLO");
    assertThat(c.discovery())
        .as("a pushed station filter keeps the table's 'none'")
        .isEqualTo(StationDiscovery.EXPLICIT_UNVERIFIED);
    assertThatThrownBy(() -> create("discovery", "none"))
        .hasStackTraceContaining("'discovery' = 'none'")
        .hasStackTraceContaining("'all'");
    assertThatThrownBy(() -> create("stations", "BER", "discovery", "metadata"))
        .hasStackTraceContaining("'discovery' = 'metadata'")
        .hasStackTraceContaining("'none'");
  }

  static org.apache.flink.table.expressions.ResolvedExpression equalsBer(
      org.apache.flink.table.expressions.FieldReferenceExpression field, String code) {
    return org.apache.flink.table.expressions.CallExpression.permanent(
        org.apache.flink.table.functions.BuiltInFunctionDefinitions.EQUALS,
        List.of(field, new org.apache.flink.table.expressions.ValueLiteralExpression(code)),
        DataTypes.BOOLEAN());
  }

  @Test
  void timeRangeOptionsAreReadAndAStartAfterTheEndIsAnErrorNamingBoth() {
    MeteoSwissSourceConfig c =
        create("scan.time-range.start", "2026-06-01", "scan.time-range.end", "2026-06-02 06:30")
            .effectiveConfig();
    assertThat(c.timeRange())
        .isEqualTo(
            new TimeRange(
                java.time.Instant.parse("2026-06-01T00:00:00Z"),
                java.time.Instant.parse("2026-06-02T06:30:00Z")));
    assertThat(create("scan.time-range.end", "2026-06-02T06:30:00Z").effectiveConfig().timeRange())
        .isEqualTo(new TimeRange(null, java.time.Instant.parse("2026-06-02T06:30:00Z")));
    assertThatThrownBy(
            () ->
                create("scan.time-range.start", "2026-06-02", "scan.time-range.end", "2026-06-01"))
        .hasStackTraceContaining("'scan.time-range.start' (2026-06-02T00:00:00Z) is after")
        .hasStackTraceContaining("'scan.time-range.end' (2026-06-01T00:00:00Z)");
    assertThatThrownBy(() -> create("scan.time-range.start", "June 1st"))
        .hasStackTraceContaining("Invalid value 'June 1st' for option 'scan.time-range.start'");
    assertThatThrownBy(
            () ->
                MeteoSwissSource.builder()
                    .timeRange(
                        java.time.Instant.parse("2026-06-02T00:00:00Z"),
                        java.time.Instant.parse("2026-06-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time range start 2026-06-02T00:00:00Z is after its end");
  }

  @Test
  void timestampFiltersArePushedDownAsARange() {
    var ts =
        new org.apache.flink.table.expressions.FieldReferenceExpression(
            "reference_timestamp", DataTypes.TIMESTAMP_LTZ(3), 0, 1);
    java.time.Instant a = java.time.Instant.parse("2026-06-01T00:00:00Z");
    java.time.Instant b = java.time.Instant.parse("2026-06-03T00:00:00Z");
    java.time.Duration nano = java.time.Duration.ofNanos(1);
    assertThat(rangeOf(call(GREATER_THAN_OR_EQUAL, ts, lit(a)), call(LESS_THAN, ts, lit(b))))
        .isEqualTo(new TimeRange(a, b));
    assertThat(rangeOf(call(GREATER_THAN, ts, lit(a)), call(LESS_THAN_OR_EQUAL, ts, lit(b))))
        .isEqualTo(new TimeRange(a.plus(nano), b.plus(nano)));
    // BETWEEN arrives as an AND of two comparisons; a literal on the left is mirrored
    assertThat(
            rangeOf(
                call(
                    AND,
                    call(LESS_THAN_OR_EQUAL, lit(a), ts),
                    call(GREATER_THAN_OR_EQUAL, lit(b), ts))))
        .isEqualTo(new TimeRange(a, b.plus(nano)));
    assertThat(rangeOf(call(EQUALS, ts, lit(a)))).isEqualTo(new TimeRange(a, a.plus(nano)));
    // disjoint filters: an empty range, not an error (the query's answer is empty)
    assertThat(rangeOf(call(GREATER_THAN, ts, lit(b)), call(LESS_THAN, ts, lit(a))).isEmpty())
        .isTrue();
    // the option's range and the filter's meet
    MeteoSwissTableSource source = create("scan.time-range.start", "2026-06-02");
    source.applyFilters(List.of(call(LESS_THAN, ts, lit(b))));
    assertThat(source.effectiveConfig().timeRange())
        .isEqualTo(new TimeRange(java.time.Instant.parse("2026-06-02T00:00:00Z"), b));
    // not understood: another column, a function of the column
    var temp =
        new org.apache.flink.table.expressions.FieldReferenceExpression(
            "tre200s0", DataTypes.DOUBLE(), 0, 2);
    MeteoSwissTableSource other = create();
    var result =
        other.applyFilters(
            List.of(
                call(
                    GREATER_THAN,
                    temp,
                    new org.apache.flink.table.expressions.ValueLiteralExpression(1.0))));
    assertThat(result.getAcceptedFilters()).isEmpty();
    assertThat(result.getRemainingFilters()).hasSize(1);
    assertThat(other.effectiveConfig().timeRange().isAll()).isTrue();
  }

  @Test
  void aLimitIsPushedDownToBoundedScansOnly() {
    MeteoSwissTableSource bounded = create("scan.bounded", "true");
    bounded.applyLimit(7);
    assertThat(bounded.effectiveConfig().limit()).isEqualTo(7);
    assertThat(bounded.effectiveConfig().hasLimit()).isTrue();
    assertThat(((MeteoSwissTableSource) bounded.copy()).effectiveConfig().limit()).isEqualTo(7);
    MeteoSwissTableSource continuous = create();
    continuous.applyLimit(7);
    assertThat(continuous.effectiveConfig().hasLimit()).isFalse();
  }

  private static TimeRange rangeOf(
      org.apache.flink.table.expressions.ResolvedExpression... filters) {
    MeteoSwissTableSource source = create();
    var result = source.applyFilters(List.of(filters));
    assertThat(result.getAcceptedFilters()).hasSize(filters.length);
    assertThat(result.getRemainingFilters()).isEmpty();
    return source.effectiveConfig().timeRange();
  }

  private static org.apache.flink.table.expressions.ValueLiteralExpression lit(
      java.time.Instant t) {
    return new org.apache.flink.table.expressions.ValueLiteralExpression(
        t, DataTypes.TIMESTAMP_LTZ(3).notNull());
  }

  private static org.apache.flink.table.expressions.ResolvedExpression call(
      org.apache.flink.table.functions.BuiltInFunctionDefinition fn,
      org.apache.flink.table.expressions.ResolvedExpression... args) {
    return org.apache.flink.table.expressions.CallExpression.permanent(
        fn, List.of(args), DataTypes.BOOLEAN());
  }
}
