package org.remotestore.meteoswiss.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.remotestore.meteoswiss.source.ChangelogMode;
import org.remotestore.meteoswiss.source.MeteoSwissSource;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;
import org.remotestore.meteoswiss.source.StationDiscovery;

/**
 * The scan source of the {@code meteoswiss} connector, with projection push-down (only the
 * projected parameter columns are parsed), filter push-down on {@code station_abbr} (only matching
 * stations are polled) and metadata columns.
 */
final class MeteoSwissTableSource
    implements ScanTableSource,
        SupportsProjectionPushDown,
        SupportsFilterPushDown,
        SupportsReadingMetadata {

  private final MeteoSwissSourceConfig baseConfig;
  private final ChangelogMode changelog;
  private DataType producedType;
  private List<String> physicalColumns;
  private List<String> metadataKeys = List.of();
  private Set<String> pushedStations;

  MeteoSwissTableSource(
      MeteoSwissSourceConfig config,
      ChangelogMode changelog,
      DataType physicalType,
      List<String> parameterColumns) {
    this.baseConfig = config;
    this.changelog = changelog;
    this.producedType = physicalType;
    this.physicalColumns = RowType.class.cast(physicalType.getLogicalType()).getFieldNames();
  }

  private MeteoSwissTableSource(MeteoSwissTableSource other) {
    this.baseConfig = other.baseConfig;
    this.changelog = other.changelog;
    this.producedType = other.producedType;
    this.physicalColumns = other.physicalColumns;
    this.metadataKeys = other.metadataKeys;
    this.pushedStations = other.pushedStations;
  }

  @Override
  public org.apache.flink.table.connector.ChangelogMode getChangelogMode() {
    if (changelog == ChangelogMode.UPSERT) {
      return org.apache.flink.table.connector.ChangelogMode.newBuilder()
          .addContainedKind(RowKind.INSERT)
          .addContainedKind(RowKind.UPDATE_AFTER)
          .build();
    }
    return org.apache.flink.table.connector.ChangelogMode.insertOnly();
  }

  /** The source configuration after push-downs (for tests and explain output). */
  MeteoSwissSourceConfig effectiveConfig() {
    List<String> parameters = new ArrayList<>();
    for (String column : physicalColumns) {
      if (!column.equalsIgnoreCase(MeteoSwissTableFactory.STATION_COLUMN)
          && !column.equalsIgnoreCase(MeteoSwissTableFactory.TIMESTAMP_COLUMN)) {
        parameters.add(column.toLowerCase(Locale.ROOT));
      }
    }
    Set<String> stations = new LinkedHashSet<>(baseConfig.stations());
    StationDiscovery discovery = baseConfig.discovery();
    if (pushedStations != null) {
      if (stations.isEmpty()) {
        stations.addAll(pushedStations);
      } else {
        stations.retainAll(pushedStations);
      }
      discovery = StationDiscovery.EXPLICIT;
    }
    return new MeteoSwissSourceConfig(
        baseConfig.baseUrl(),
        baseConfig.stacItemsUrl(),
        discovery,
        stations,
        baseConfig.granularity(),
        baseConfig.period(),
        baseConfig.bounded(),
        baseConfig.timing(),
        baseConfig.maxConcurrentRequestsPerHost(),
        baseConfig.discoveryInterval(),
        baseConfig.maxConsecutiveDiscoveryFailures(),
        baseConfig.revisionWindow(),
        baseConfig.historicalFirstYear(),
        new LinkedHashSet<>(parameters),
        baseConfig.storeFactory());
  }

  @Override
  @SuppressWarnings("unchecked")
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    TypeInformation<RowData> type =
        (TypeInformation<RowData>) (TypeInformation<?>) context.createTypeInformation(producedType);
    RowDataMapper mapper = new RowDataMapper(physicalColumns, metadataKeys, changelog, type);
    MeteoSwissSource<RowData> source =
        MeteoSwissSource.builder().mapper(mapper).build().withConfig(effectiveConfig());
    return SourceProvider.of(source);
  }

  @Override
  public boolean supportsNestedProjection() {
    return false;
  }

  @Override
  public void applyProjection(int[][] projectedFields, DataType producedDataType) {
    List<String> all = physicalColumns;
    List<String> kept = new ArrayList<>(projectedFields.length);
    for (int[] path : projectedFields) {
      kept.add(all.get(path[0]));
    }
    this.physicalColumns = kept;
    this.producedType = producedDataType;
  }

  @Override
  public Result applyFilters(List<ResolvedExpression> filters) {
    List<ResolvedExpression> accepted = new ArrayList<>();
    Set<String> stations = null;
    for (ResolvedExpression filter : filters) {
      Set<String> matching = StationFilters.stationsOf(filter);
      if (matching != null) {
        accepted.add(filter);
        if (stations == null) {
          stations = new LinkedHashSet<>(matching);
        } else {
          stations.retainAll(matching);
        }
      }
    }
    if (stations != null) {
      this.pushedStations = stations;
    }
    // The planner still applies every filter: pushing down only narrows what is polled.
    return Result.of(accepted, filters);
  }

  @Override
  public Map<String, DataType> listReadableMetadata() {
    Map<String, DataType> out = new LinkedHashMap<>();
    for (MetadataColumn c : MetadataColumn.values()) {
      out.put(c.key, c.type);
    }
    return out;
  }

  @Override
  public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
    this.metadataKeys = List.copyOf(metadataKeys);
    this.producedType = producedDataType;
  }

  @Override
  public DynamicTableSource copy() {
    return new MeteoSwissTableSource(this);
  }

  @Override
  public String asSummaryString() {
    return "meteoswiss";
  }
}
