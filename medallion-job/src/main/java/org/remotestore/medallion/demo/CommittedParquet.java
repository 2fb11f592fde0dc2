package org.remotestore.medallion.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads the committed Parquet files of one table folder through Flink's file systems (so {@code
 * rs://}, {@code file://} and any other scheme work), the way a reader of the lake sees them: only
 * visible {@code *.parquet} files; hidden in-progress files ({@code .part-*.inprogress.*}) and
 * markers ({@code _SUCCESS}) are skipped.
 *
 * <p>Values come back as plain Java values: {@code String}, {@code Integer}, {@code Long}, {@code
 * Double}, {@code Boolean}, {@link LocalDate} for {@code DATE} and {@link Instant} for timestamps
 * (INT96 as written by Flink's Parquet format, or INT64 with a timestamp annotation). Committed
 * files never change, so each file is read once and cached.
 */
public final class CommittedParquet {

  /** Reading options without a Hadoop configuration, which would parse its XML files per file. */
  private static final ParquetReadOptions OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

  private final Map<String, List<Map<String, Object>>> cache = new ConcurrentHashMap<>();

  /** The committed Parquet files directly in {@code table}, sorted by path; none if missing. */
  public static List<Path> committedFiles(Path table) throws IOException {
    FileSystem fs = table.getFileSystem();
    if (!fs.exists(table)) {
      return List.of();
    }
    FileStatus[] statuses = fs.listStatus(table);
    if (statuses == null) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus status : statuses) {
      String name = status.getPath().getName();
      if (!status.isDir()
          && name.endsWith(".parquet")
          && !name.startsWith(".")
          && !name.startsWith("_")) {
        files.add(status.getPath());
      }
    }
    files.sort((a, b) -> a.toString().compareTo(b.toString()));
    return files;
  }

  /**
   * Every row of every committed file in {@code table}, file by file in path order.
   *
   * @throws IOException naming the file that could not be read
   */
  public List<Map<String, Object>> readTable(Path table) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path file : committedFiles(table)) {
      List<Map<String, Object>> fileRows = cache.get(file.toString());
      if (fileRows == null) {
        fileRows = Collections.unmodifiableList(readFile(file));
        cache.put(file.toString(), fileRows);
      }
      rows.addAll(fileRows);
    }
    return rows;
  }

  /**
   * The rows of one Parquet file.
   *
   * @throws IOException naming the file that could not be read
   */
  public static List<Map<String, Object>> readFile(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new FlinkInputFile(file), OPTIONS)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(toRow(schema, records.read()));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static Map<String, Object> toRow(MessageType schema, Group group) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Type field = schema.getType(i);
      Object value = null;
      if (field.isPrimitive() && group.getFieldRepetitionCount(i) > 0) {
        value = primitive(field.asPrimitiveType(), group, i);
      }
      row.put(field.getName(), value);
    }
    return row;
  }

  private static Object primitive(PrimitiveType type, Group group, int i) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return group.getString(i, 0);
      case BOOLEAN:
        return group.getBoolean(i, 0);
      case INT32:
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return LocalDate.ofEpochDay(group.getInteger(i, 0));
        }
        return group.getInteger(i, 0);
      case INT64:
        long v = group.getLong(i, 0);
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
          return switch (ts.getUnit()) {
            case MILLIS -> Instant.ofEpochMilli(v);
            case MICROS -> Instant.ofEpochSecond(0, 0).plusNanos(v * 1000);
            case NANOS -> Instant.ofEpochSecond(0, 0).plusNanos(v);
          };
        }
        return v;
      case INT96:
        return int96(group.getInt96(i, 0).getBytes());
      case FLOAT:
        return (double) group.getFloat(i, 0);
      case DOUBLE:
        return group.getDouble(i, 0);
      default:
        throw new IllegalArgumentException(
            "Unsupported Parquet type " + type + " in column " + type.getName());
    }
  }

  /** INT96 timestamps: 8 bytes of nanoseconds in the day, then 4 bytes of Julian day. */
  static Instant int96(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = buf.getLong();
    long julianDay = buf.getInt();
    long epochDay = julianDay - 2_440_588L;
    return Instant.ofEpochSecond(epochDay * 86_400L).plusNanos(nanosOfDay);
  }

  /** A Parquet {@link InputFile} over a Flink file system path. */
  private static final class FlinkInputFile implements InputFile {
    private final Path path;
    private final long length;

    FlinkInputFile(Path path) throws IOException {
      this.path = path;
      this.length = path.getFileSystem().getFileStatus(path).getLen();
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      FSDataInputStream in = path.getFileSystem().open(path);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return in.getPos();
        }

        @Override
        public void seek(long newPos) throws IOException {
          in.seek(newPos);
        }
      };
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }
}
