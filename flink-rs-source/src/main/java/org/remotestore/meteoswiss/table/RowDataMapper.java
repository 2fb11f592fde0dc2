package org.remotestore.meteoswiss.table;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.source.ChangelogMode;
import org.remotestore.meteoswiss.source.FeedRecordMapper;
import org.remotestore.meteoswiss.source.FetchMetadata;

/**
 * Turns measurement rows into the table's {@link RowData}: the projected physical columns, then the
 * requested metadata columns. Rejected lines produce nothing (they are counted in the metrics). In
 * upsert mode a correction is an {@code UPDATE_AFTER}.
 */
final class RowDataMapper implements FeedRecordMapper<RowData> {
  private static final long serialVersionUID = 1L;

  private final List<String> physicalColumns;
  private final List<String> metadataKeys;
  private final ChangelogMode changelog;
  private final TypeInformation<RowData> producedType;

  RowDataMapper(
      List<String> physicalColumns,
      List<String> metadataKeys,
      ChangelogMode changelog,
      TypeInformation<RowData> producedType) {
    this.physicalColumns = List.copyOf(physicalColumns);
    this.metadataKeys = List.copyOf(metadataKeys);
    this.changelog = changelog;
    this.producedType = producedType;
  }

  @Override
  public void map(ParsedLine line, FetchMetadata fetch, Collector<RowData> out) {
    if (!(line instanceof MeasurementRow row)) {
      return;
    }
    GenericRowData data = new GenericRowData(physicalColumns.size() + metadataKeys.size());
    int i = 0;
    for (String column : physicalColumns) {
      data.setField(i++, physical(column, row));
    }
    for (String key : metadataKeys) {
      data.setField(i++, metadata(key, row, fetch));
    }
    data.setRowKind(
        changelog == ChangelogMode.UPSERT && row.isRevision()
            ? RowKind.UPDATE_AFTER
            : RowKind.INSERT);
    out.collect(data);
  }

  private static Object physical(String column, MeasurementRow row) {
    if (column.equalsIgnoreCase(MeteoSwissTableFactory.STATION_COLUMN)) {
      return StringData.fromString(row.station());
    }
    if (column.equalsIgnoreCase(MeteoSwissTableFactory.TIMESTAMP_COLUMN)) {
      return TimestampData.fromInstant(row.referenceTimestamp());
    }
    return row.valueOrNull(column);
  }

  private static Object metadata(String key, MeasurementRow row, FetchMetadata fetch) {
    return switch (MetadataColumn.of(key)) {
      case SOURCE_FILE -> StringData.fromString(row.sourceFile());
      case ETAG -> fetch.etag() == null ? null : StringData.fromString(fetch.etag());
      case FETCH_TIME -> TimestampData.fromInstant(fetch.fetchTime());
      case RAW_LINE -> row.rawLine() == null ? null : StringData.fromString(row.rawLine());
      case REVISION -> row.revision();
    };
  }

  @Override
  public TypeInformation<RowData> producedType() {
    return producedType;
  }
}
