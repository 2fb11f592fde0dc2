package org.remotestore.meteoswiss.table;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

/** The metadata columns of the {@code meteoswiss} connector. */
enum MetadataColumn {
  /** The feed path of the file the row came from. */
  SOURCE_FILE("source_file", DataTypes.STRING()),
  /** The HTTP ETag of the version of the file that was read. */
  ETAG("etag", DataTypes.STRING()),
  /** When the reader received the file. */
  FETCH_TIME("fetch_time", DataTypes.TIMESTAMP_LTZ(3)),
  /** The CSV line as published (decoded from Windows-1252). */
  RAW_LINE("raw_line", DataTypes.STRING()),
  /** 0 for a first publication, n for the n-th correction of the same station and timestamp. */
  REVISION("revision", DataTypes.INT().notNull());

  final String key;
  final DataType type;

  MetadataColumn(String key, DataType type) {
    this.key = key;
    this.type = type;
  }

  static MetadataColumn of(String key) {
    for (MetadataColumn c : values()) {
      if (c.key.equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("Unknown meteoswiss metadata column '" + key + "'");
  }
}
