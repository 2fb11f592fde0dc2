package org.remotestore.tests.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.parquet.StoreInputFile;

/**
 * What a reader of the lake sees, read through the Store API (any backend): the committed files of
 * a table folder (visible {@code part-*} and {@code compacted-part-*} files; hidden in-progress
 * files and markers left out), Parquet rows as plain Java values, and the data lines of committed
 * bronze CSV files.
 */
final class LakeContents {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final ParquetReadOptions OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private final Store store;

  LakeContents(Store store) {
    this.store = store;
  }

  /** Every file below {@code folder} (recursive), committed or not; none if it is missing. */
  List<FileInfo> allFiles(String folder) throws IOException {
    if (!store.exists(folder)) {
      return List.of();
    }
    return store.listFiles(folder, true);
  }

  /** The committed files below {@code folder} whose name ends in {@code suffix}. */
  List<FileInfo> committed(String folder, String suffix) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    for (FileInfo f : allFiles(folder)) {
      String name = name(f.path());
      if ((name.startsWith("part-") || name.startsWith("compacted-part-"))
          && name.endsWith(suffix)) {
        files.add(f);
      }
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return files;
  }

  /** The last segment of a store path. */
  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The value of a Hive-style partition folder ({@code station_abbr=BER}) in a path, or null. */
  static String partition(String path, String column) {
    for (String segment : path.split("/")) {
      if (segment.startsWith(column + "=")) {
        return segment.substring(column.length() + 1);
      }
    }
    return null;
  }

  /** The data lines of the committed bronze CSV files below {@code folder} (headers left out). */
  List<String> bronzeLines(String folder) throws IOException {
    List<String> lines = new ArrayList<>();
    for (FileInfo f : committed(folder, ".csv")) {
      List<String> all = new String(store.readBytes(f.path()), WINDOWS_1252).lines().toList();
      lines.addAll(all.subList(Math.min(1, all.size()), all.size()));
    }
    return lines;
  }

  /** Every row of one Parquet file: column name to a String, Integer, Long, Double, date, time. */
  List<Map<String, Object>> parquetRows(FileInfo file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetFileReader reader =
        ParquetFileReader.open(new StoreInputFile(store, file), OPTIONS)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group g = records.read();
          Map<String, Object> row = new HashMap<>();
          for (int c = 0; c < schema.getFieldCount(); c++) {
            Type t = schema.getType(c);
            row.put(
                t.getName(),
                g.getFieldRepetitionCount(c) == 0 ? null : value(t.asPrimitiveType(), g, c));
          }
          rows.add(row);
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("Cannot read " + file.path() + ": " + e, e);
    }
    return rows;
  }

  private static Object value(PrimitiveType type, Group g, int c) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (type.getPrimitiveTypeName()) {
      case BINARY -> g.getString(c, 0);
      case INT32 ->
          logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
              ? LocalDate.ofEpochDay(g.getInteger(c, 0))
              : (Object) g.getInteger(c, 0);
      case INT64 ->
          logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
              ? millisOrMicros(ts, g.getLong(c, 0))
              : (Object) g.getLong(c, 0);
      case INT96 -> int96(g.getInt96(c, 0).getBytes());
      case DOUBLE -> g.getDouble(c, 0);
      case FLOAT -> (double) g.getFloat(c, 0);
      case BOOLEAN -> g.getBoolean(c, 0);
      default -> g.getValueToString(c, 0);
    };
  }

  private static Instant millisOrMicros(
      LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts, long v) {
    return switch (ts.getUnit()) {
      case MILLIS -> Instant.ofEpochMilli(v);
      case MICROS ->
          Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
      case NANOS ->
          Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
    };
  }

  /**
   * An INT96 timestamp: nanoseconds of the day (8 bytes), then the Julian day (4), little-endian.
   */
  private static Instant int96(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = b.getLong();
    long julianDay = b.getInt();
    return Instant.ofEpochSecond((julianDay - JULIAN_EPOCH_DAY) * 86_400L).plusNanos(nanosOfDay);
  }
}
