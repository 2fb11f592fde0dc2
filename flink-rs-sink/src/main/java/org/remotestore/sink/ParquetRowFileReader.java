package org.remotestore.sink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of one flat Parquet file, as {@link ParquetSinks}' writers write them, into {@link
 * GenericRowData} of a given row type, record by record.
 *
 * <p>Unlike Flink's {@code ParquetColumnarRowInputFormat}, it creates no Hadoop {@code
 * Configuration}: Flink's reader builds its read options with Parquet's no-argument builder, which
 * creates one, and a Hadoop {@code Configuration} with default resources parses {@code
 * core-default.xml} and {@code core-site.xml} from the class path the first time it is read. Per
 * file that parse cost a few milliseconds, more than reading a small part file; compacting a
 * backfill's tens of thousands of part files spent most of its time there.
 *
 * <p>Columns are matched by name; a column of the row type that the file lacks reads as {@code
 * null}. Supported column types: the character strings, {@code BOOLEAN}, {@code TINYINT}, {@code
 * SMALLINT}, {@code INT}, {@code DATE}, {@code TIME}, {@code BIGINT}, {@code FLOAT}, {@code
 * DOUBLE}, the binary strings and the timestamps (as {@code INT96} in UTC, as Flink writes them, or
 * as {@code INT64} with a timestamp annotation); others are refused when the reader is made.
 */
final class ParquetRowFileReader implements Closeable {
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final Path path;
  private final ParquetFileReader reader;
  private final MessageColumnIO columnIo;
  private final RowMaterializer materializer;
  private RecordReader<RowData> records;
  private long remainingInRowGroup;

  /**
   * Opens {@code path} for rows of {@code rowType}.
   *
   * @throws IOException if the file cannot be opened or is not a Parquet file
   * @throws IllegalArgumentException if a column's type is not supported, or differs from the
   *     file's
   */
  ParquetRowFileReader(Path path, RowType rowType) throws IOException {
    this.path = path;
    FileSystem fs = path.getFileSystem();
    long length = fs.getFileStatus(path).getLen();
    FSDataInputStream in = fs.open(path);
    try {
      this.reader =
          new ParquetFileReader(
              new ParquetInputFile(in, length),
              ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw new IOException("Could not open Parquet file " + path + ": " + e.getMessage(), e);
    }
    try {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      this.columnIo = new ColumnIOFactory().getColumnIO(schema);
      this.materializer = new RowMaterializer(schema, rowType, path);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The next row, or {@code null} after the last one. */
  RowData next() throws IOException {
    while (remainingInRowGroup == 0) {
      PageReadStore rowGroup = reader.readNextRowGroup();
      if (rowGroup == null) {
        return null;
      }
      records = columnIo.getRecordReader(rowGroup, materializer);
      remainingInRowGroup = rowGroup.getRowCount();
    }
    remainingInRowGroup--;
    RowData row = records.read();
    if (row == null) {
      throw new IOException("Parquet file " + path + " ended inside a row group");
    }
    return row;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** Builds one {@link GenericRowData} per Parquet record. */
  private static final class RowMaterializer extends RecordMaterializer<RowData> {
    private final int arity;
    private final RowConverter root;
    private GenericRowData row;

    RowMaterializer(MessageType schema, RowType rowType, Path path) {
      this.arity = rowType.getFieldCount();
      List<Converter> converters = new ArrayList<>();
      for (Type column : schema.getFields()) {
        int pos = rowType.getFieldNames().indexOf(column.getName());
        if (pos < 0 && column.isPrimitive()) {
          converters.add(new Skipped());
        } else if (pos < 0) {
          throw unsupported(column, null, path);
        } else {
          converters.add(converter(column, rowType.getTypeAt(pos), pos, path));
        }
      }
      this.root = new RowConverter(converters);
    }

    @Override
    public RowData getCurrentRecord() {
      return row;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }

    private final class RowConverter extends GroupConverter {
      private final List<Converter> columns;

      RowConverter(List<Converter> columns) {
        this.columns = columns;
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return columns.get(fieldIndex);
      }

      @Override
      public void start() {
        row = new GenericRowData(arity);
      }

      @Override
      public void end() {}
    }

    private Converter converter(Type column, LogicalType type, int pos, Path path) {
      if (!column.isPrimitive()) {
        throw unsupported(column, type, path);
      }
      PrimitiveType primitive = column.asPrimitiveType();
      PrimitiveTypeName physical = primitive.getPrimitiveTypeName();
      switch (type.getTypeRoot()) {
        case CHAR, VARCHAR -> {
          expect(physical == PrimitiveTypeName.BINARY, column, type, path);
          return binaries(pos, value -> StringData.fromBytes(value.getBytes()));
        }
        case BINARY, VARBINARY -> {
          expect(
              physical == PrimitiveTypeName.BINARY
                  || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY,
              column,
              type,
              path);
          return binaries(pos, Binary::getBytes);
        }
        case TINYINT, SMALLINT, INTEGER, DATE, TIME_WITHOUT_TIME_ZONE -> {
          expect(physical == PrimitiveTypeName.INT32, column, type, path);
          return switch (type.getTypeRoot()) {
            case TINYINT -> ints(pos, value -> (byte) value);
            case SMALLINT -> ints(pos, value -> (short) value);
            default -> ints(pos, value -> value);
          };
        }
        case BIGINT -> {
          expect(physical == PrimitiveTypeName.INT64, column, type, path);
          return longs(pos, value -> value);
        }
        case BOOLEAN, FLOAT, DOUBLE -> {
          PrimitiveTypeName wanted =
              switch (type.getTypeRoot()) {
                case BOOLEAN -> PrimitiveTypeName.BOOLEAN;
                case FLOAT -> PrimitiveTypeName.FLOAT;
                default -> PrimitiveTypeName.DOUBLE;
              };
          expect(physical == wanted, column, type, path);
          return new PrimitiveConverter() {
            @Override
            public void addBoolean(boolean value) {
              row.setField(pos, value);
            }

            @Override
            public void addFloat(float value) {
              row.setField(pos, value);
            }

            @Override
            public void addDouble(double value) {
              row.setField(pos, value);
            }
          };
        }
        case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
          return timestamp(primitive, type, pos, path);
        }
        default -> throw unsupported(column, type, path);
      }
    }

    private Converter timestamp(PrimitiveType column, LogicalType type, int pos, Path path) {
      if (column.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
        return binaries(pos, ParquetRowFileReader::fromInt96);
      }
      LogicalTypeAnnotation annotation = column.getLogicalTypeAnnotation();
      expect(
          column.getPrimitiveTypeName() == PrimitiveTypeName.INT64
              && annotation instanceof TimestampLogicalTypeAnnotation,
          column,
          type,
          path);
      TimeUnit unit = ((TimestampLogicalTypeAnnotation) annotation).getUnit();
      return longs(pos, value -> fromInt64(value, unit));
    }

    /** A column of Parquet binaries, each set as {@code value} of it. */
    private Converter binaries(int pos, Function<Binary, Object> value) {
      return new PrimitiveConverter() {
        @Override
        public void addBinary(Binary binary) {
          row.setField(pos, value.apply(binary));
        }
      };
    }

    /** A column of Parquet {@code INT32}s, each set as {@code value} of it. */
    private Converter ints(int pos, IntFunction<Object> value) {
      return new PrimitiveConverter() {
        @Override
        public void addInt(int i) {
          row.setField(pos, value.apply(i));
        }
      };
    }

    /** A column of Parquet {@code INT64}s, each set as {@code value} of it. */
    private Converter longs(int pos, LongFunction<Object> value) {
      return new PrimitiveConverter() {
        @Override
        public void addLong(long l) {
          row.setField(pos, value.apply(l));
        }
      };
    }

    private static void expect(boolean matches, Type column, LogicalType type, Path path) {
      if (!matches) {
        throw new IllegalArgumentException(
            "Column '"
                + column.getName()
                + "' of Parquet file "
                + path
                + " is "
                + column
                + ", which does not hold "
                + type);
      }
    }

    private static IllegalArgumentException unsupported(Type column, LogicalType type, Path path) {
      return new IllegalArgumentException(
          "Column '"
              + column.getName()
              + "' of Parquet file "
              + path
              + (type == null ? " is nested" : " has type " + type)
              + ", which the compaction reader does not support");
    }
  }

  /** A timestamp stored as {@code INT96}: nanoseconds of the day, then the Julian day (UTC). */
  static TimestampData fromInt96(Binary value) {
    ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = bytes.getLong();
    long julianDay = bytes.getInt();
    long millis = (julianDay - JULIAN_DAY_OF_EPOCH) * MILLIS_PER_DAY + nanosOfDay / NANOS_PER_MILLI;
    return TimestampData.fromEpochMillis(millis, (int) (nanosOfDay % NANOS_PER_MILLI));
  }

  private static TimestampData fromInt64(long value, TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> TimestampData.fromEpochMillis(value);
      case MICROS ->
          TimestampData.fromEpochMillis(
              Math.floorDiv(value, 1_000L), (int) Math.floorMod(value, 1_000L) * 1_000);
      case NANOS ->
          TimestampData.fromEpochMillis(
              Math.floorDiv(value, NANOS_PER_MILLI), (int) Math.floorMod(value, NANOS_PER_MILLI));
    };
  }

  /** A column of the file that the row type does not have. */
  private static final class Skipped extends PrimitiveConverter {
    @Override
    public void addBinary(Binary value) {}

    @Override
    public void addBoolean(boolean value) {}

    @Override
    public void addDouble(double value) {}

    @Override
    public void addFloat(float value) {}

    @Override
    public void addInt(int value) {}

    @Override
    public void addLong(long value) {}
  }
}
