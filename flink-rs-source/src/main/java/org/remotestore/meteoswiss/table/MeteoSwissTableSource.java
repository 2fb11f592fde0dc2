package org.remotestore.meteoswiss.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.remotestore.meteoswiss.source.ChangelogMode;
import org.remotestore.meteoswiss.source.MeteoSwissSource;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;
import org.remotestore.meteoswiss.source.StationDiscovery;
import org.remotestore.meteoswiss.source.TimeRange;

/**
 * The scan source of the {@code meteoswiss} connector, with push-downs: projection (only the
 * projected parameter columns are parsed), filters on {@code station_abbr} (only matching stations
 * are polled) and on {@code reference_timestamp} ranges (decade files outside are not fetched, rows
 * outside are dropped, a station ends once past the range), {@code LIMIT} (a bounded scan stops
 * after it), the DDL's watermark (generated in the source, per station) and metadata columns.
 */
final class MeteoSwissTableSource
    implements ScanTableSource,
        SupportsProjectionPushDown,
        SupportsFilterPushDown,
        SupportsLimitPushDown,
        SupportsWatermarkPushDown,
        SupportsReadingMetadata {
  /** The name of the source operator. */
  static final String OPERATOR_NAME = "meteoswiss";

  private final MeteoSwissSourceConfig baseConfig;
  private final ChangelogMode changelog;
  private DataType producedType;
  private List<String> physicalColumns;
  private List<String> metadataKeys = List.of();
  private Set<String> pushedStations;
  private TimeRange pushedRange = TimeRange.ALL;
  private long limit = MeteoSwissSourceConfig.NO_LIMIT;
  private WatermarkStrategy<RowData> watermarkStrategy;

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
    this.pushedRange = other.pushedRange;
    this.limit = other.limit;
    this.watermarkStrategy = other.watermarkStrategy;
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
      if (discovery != StationDiscovery.EXPLICIT_UNVERIFIED) {
        discovery = StationDiscovery.EXPLICIT;
      }
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
            baseConfig.storeFactory(),
            baseConfig.timeRange(),
            baseConfig.limit())
        .narrowedTo(pushedRange)
        .withLimit(limit);
  }

  /** The watermark strategy pushed down from the DDL, or {@code null}. */
  WatermarkStrategy<RowData> watermarkStrategy() {
    return watermarkStrategy;
  }

  @Override
  @SuppressWarnings("unchecked")
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    TypeInformation<RowData> type =
        (TypeInformation<RowData>) (TypeInformation<?>) context.createTypeInformation(producedType);
    RowDataMapper mapper = new RowDataMapper(physicalColumns, metadataKeys, changelog, type);
    MeteoSwissSource<RowData> source =
        MeteoSwissSource.builder().mapper(mapper).build().withConfig(effectiveConfig());
    WatermarkStrategy<RowData> strategy =
        watermarkStrategy == null ? WatermarkStrategy.noWatermarks() : watermarkStrategy;
    return new DataStreamScanProvider() {
      @Override
      public DataStream<RowData> produceDataStream(
          ProviderContext providerContext, StreamExecutionEnvironment env) {
        // the source generates the watermarks itself, per split (station), from the strategy the
        // planner pushed down (the DDL's WATERMARK FOR, with the session's idle timeout)
        DataStreamSource<RowData> stream = env.fromSource(source, strategy, OPERATOR_NAME, type);
        providerContext.generateUid(OPERATOR_NAME).ifPresent(stream::uid);
        return stream;
      }

      @Override
      public boolean isBounded() {
        return source.getBoundedness() == org.apache.flink.api.connector.source.Boundedness.BOUNDED;
      }
    };
  }

  @Override
  public void applyLimit(long newLimit) {
    // each reader of a bounded scan stops after this many rows; the planner keeps its own LIMIT
    this.limit = newLimit;
  }

  @Override
  public void applyWatermark(WatermarkStrategy<RowData> strategy) {
    this.watermarkStrategy = strategy;
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
    TimeRange range = TimeRange.ALL;
    for (ResolvedExpression filter : filters) {
      TimeRange times = TimeFilters.rangeOf(filter);
      if (times != null) {
        accepted.add(filter);
        range = range.intersect(times);
        continue;
      }
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
    this.pushedRange = pushedRange.intersect(range);
    // The accepted filters are applied exactly by the source (only the pushed stations are read,
    // each station file holds only its station; rows outside the time range are dropped), so the
    // planner does not repeat them, and a LIMIT above them reaches the scan too.
    List<ResolvedExpression> remaining = new ArrayList<>(filters);
    remaining.removeAll(accepted);
    return Result.of(accepted, remaining);
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
