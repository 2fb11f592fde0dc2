package org.remotestore.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes the current row of a {@link ResultSet} as one Parquet record. The schema comes from the
 * result's metadata, every column optional (SQL {@code NULL} is a missing value):
 *
 * <ul>
 *   <li>{@code BOOLEAN}/{@code BIT} → boolean; {@code TINYINT}, {@code SMALLINT}, {@code INTEGER} →
 *       int32 (int64 on SQLite, whose integers are 64-bit whatever the declared type); {@code
 *       BIGINT} → int64; {@code REAL} → float (double on SQLite); {@code FLOAT}, {@code DOUBLE} →
 *       double;
 *   <li>{@code NUMERIC}/{@code DECIMAL} with a declared precision up to 38 → {@code DECIMAL(p, s)}
 *       (int64 up to 18 digits, else binary); without one → a string of the plain value;
 *   <li>{@code DATE} → {@code DATE}; {@code TIME} → {@code TIME(MICROS)}; {@code TIMESTAMP} →
 *       {@code TIMESTAMP(MICROS)} local, and with time zone (PostgreSQL's {@code timestamptz})
 *       adjusted to UTC;
 *   <li>binary types → binary; everything else (text, UUID, JSON, arrays, ...) → a UTF-8 string.
 * </ul>
 *
 * Column labels are the field names; a repeated or empty label gets a suffix ({@code _2}) or the
 * name {@code column_<n>}.
 */
final class ResultSetWriteSupport extends WriteSupport<ResultSet> {
  private enum Kind {
    BOOLEAN,
    INT32,
    INT64,
    FLOAT,
    DOUBLE,
    DECIMAL64,
    DECIMAL_BINARY,
    STRING,
    BYTES,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMP_TZ
  }

  private final MessageType schema;
  private final String[] names;
  private final Kind[] kinds;
  private final int[] scales;
  private RecordConsumer consumer;

  ResultSetWriteSupport(ResultSetMetaData meta, SqlDialect dialect) throws SQLException {
    int n = meta.getColumnCount();
    names = new String[n];
    kinds = new Kind[n];
    scales = new int[n];
    Set<String> used = new HashSet<>();
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (int i = 0; i < n; i++) {
      String label = meta.getColumnLabel(i + 1);
      String name = label == null || label.isEmpty() ? "column_" + (i + 1) : label;
      for (int k = 2; !used.add(name); k++) {
        name = label + "_" + k;
      }
      names[i] = name;
      int precision = meta.getPrecision(i + 1);
      int scale = meta.getScale(i + 1);
      kinds[i] = kind(meta.getColumnType(i + 1), meta.getColumnTypeName(i + 1), precision, scale);
      if (dialect == SqlDialect.SQLITE && kinds[i] == Kind.INT32) {
        kinds[i] = Kind.INT64;
      } else if (dialect == SqlDialect.SQLITE && kinds[i] == Kind.FLOAT) {
        kinds[i] = Kind.DOUBLE;
      }
      scales[i] = scale;
      field(message, kinds[i], name, precision, scale);
    }
    this.schema = message.named("row");
  }

  /** The Parquet schema of the result. */
  MessageType schema() {
    return schema;
  }

  private static Kind kind(int sqlType, String typeName, int precision, int scale) {
    String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    return switch (sqlType) {
      case java.sql.Types.BOOLEAN, java.sql.Types.BIT -> Kind.BOOLEAN;
      case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER -> Kind.INT32;
      case java.sql.Types.BIGINT -> Kind.INT64;
      case java.sql.Types.REAL -> Kind.FLOAT;
      case java.sql.Types.FLOAT, java.sql.Types.DOUBLE -> Kind.DOUBLE;
      case java.sql.Types.NUMERIC, java.sql.Types.DECIMAL -> {
        if (precision <= 0 || precision > 38 || scale < 0 || scale > precision) {
          yield Kind.STRING;
        }
        yield precision <= 18 ? Kind.DECIMAL64 : Kind.DECIMAL_BINARY;
      }
      case java.sql.Types.DATE -> Kind.DATE;
      case java.sql.Types.TIME -> Kind.TIME;
      case java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP_TZ;
      case java.sql.Types.TIMESTAMP ->
          type.equals("timestamptz") ? Kind.TIMESTAMP_TZ : Kind.TIMESTAMP;
      case java.sql.Types.BINARY,
          java.sql.Types.VARBINARY,
          java.sql.Types.LONGVARBINARY,
          java.sql.Types.BLOB ->
          Kind.BYTES;
      default -> Kind.STRING;
    };
  }

  private static void field(
      Types.MessageTypeBuilder message, Kind kind, String name, int precision, int scale) {
    switch (kind) {
      case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(name);
      case INT32 -> message.optional(PrimitiveTypeName.INT32).named(name);
      case INT64 -> message.optional(PrimitiveTypeName.INT64).named(name);
      case FLOAT -> message.optional(PrimitiveTypeName.FLOAT).named(name);
      case DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE).named(name);
      case DECIMAL64 ->
          message
              .optional(PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.decimalType(scale, precision))
              .named(name);
      case DECIMAL_BINARY ->
          message
              .optional(PrimitiveTypeName.BINARY)
              .as(LogicalTypeAnnotation.decimalType(scale, precision))
              .named(name);
      case STRING ->
          message
              .optional(PrimitiveTypeName.BINARY)
              .as(LogicalTypeAnnotation.stringType())
              .named(name);
      case BYTES -> message.optional(PrimitiveTypeName.BINARY).named(name);
      case DATE ->
          message
              .optional(PrimitiveTypeName.INT32)
              .as(LogicalTypeAnnotation.dateType())
              .named(name);
      case TIME ->
          message
              .optional(PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS))
              .named(name);
      case TIMESTAMP ->
          message
              .optional(PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS))
              .named(name);
      case TIMESTAMP_TZ ->
          message
              .optional(PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS))
              .named(name);
      default -> throw new IllegalStateException(kind.name());
    }
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(ResultSet rows) {
    try {
      consumer.startMessage();
      for (int i = 0; i < kinds.length; i++) {
        writeValue(rows, i);
      }
      consumer.endMessage();
    } catch (SQLException e) {
      throw new RowFailed(e);
    }
  }

  private void writeValue(ResultSet rows, int i) throws SQLException {
    int column = i + 1;
    if (rows.getObject(column) == null) {
      return; // NULL: the optional field is left out
    }
    consumer.startField(names[i], i);
    switch (kinds[i]) {
      case BOOLEAN -> consumer.addBoolean(rows.getBoolean(column));
      case INT32 -> consumer.addInteger(rows.getInt(column));
      case INT64 -> consumer.addLong(rows.getLong(column));
      case FLOAT -> consumer.addFloat(rows.getFloat(column));
      case DOUBLE -> consumer.addDouble(rows.getDouble(column));
      case DECIMAL64 -> consumer.addLong(unscaled(rows, column, i).longValueExact());
      case DECIMAL_BINARY ->
          consumer.addBinary(Binary.fromConstantByteArray(unscaled(rows, column, i).toByteArray()));
      case STRING -> consumer.addBinary(Binary.fromString(text(rows, column)));
      case BYTES -> consumer.addBinary(Binary.fromConstantByteArray(rows.getBytes(column)));
      case DATE -> consumer.addInteger((int) rows.getObject(column, LocalDate.class).toEpochDay());
      case TIME -> consumer.addLong(rows.getObject(column, LocalTime.class).toNanoOfDay() / 1_000L);
      case TIMESTAMP ->
          consumer.addLong(micros(rows.getObject(column, LocalDateTime.class).toInstant(UTC)));
      case TIMESTAMP_TZ ->
          consumer.addLong(micros(rows.getObject(column, OffsetDateTime.class).toInstant()));
      default -> throw new IllegalStateException(kinds[i].name());
    }
    consumer.endField(names[i], i);
  }

  private static final ZoneOffset UTC = ZoneOffset.UTC;

  private static long micros(java.time.Instant instant) {
    return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, instant);
  }

  private java.math.BigInteger unscaled(ResultSet rows, int column, int i) throws SQLException {
    BigDecimal value = rows.getBigDecimal(column);
    return value.setScale(scales[i], RoundingMode.HALF_UP).unscaledValue();
  }

  private static String text(ResultSet rows, int column) throws SQLException {
    Object value = rows.getObject(column);
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof byte[] b) {
      return java.util.Base64.getEncoder().encodeToString(b);
    }
    return rows.getString(column);
  }

  /** A database error while a row was being written; unwrapped by {@link ParquetRowEncoder}. */
  static final class RowFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RowFailed(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
