package org.remotestore.sql;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import org.remotestore.ConfigException;

/**
 * The output format of a {@code sql-query} virtual file, picked by its extension: {@code .csv} (RFC
 * 4180: a header of column labels, fields quoted when needed, {@code \n} line ends, SQL {@code
 * NULL} as an empty field) or {@code .jsonl} (one JSON object per row; numbers and booleans as JSON
 * values, {@code NULL} as {@code null}, binary values as Base64 strings, everything else as
 * strings) or {@code .parquet} (typed columns, see {@link ResultSetWriteSupport}; needs
 * parquet-hadoop and Hadoop's client jars on the class path, an optional dependency of this
 * module).
 */
public enum QueryFormat {
  /** Comma-separated values with a header line. */
  CSV(".csv"),
  /** JSON Lines: one object per row. */
  JSONL(".jsonl"),
  /** Apache Parquet: one file, typed optional columns, row groups of bounded size. */
  PARQUET(".parquet");

  private final String extension;

  QueryFormat(String extension) {
    this.extension = extension;
  }

  /** The file extension, with its dot. */
  public String extension() {
    return extension;
  }

  /**
   * The format of a virtual file name.
   *
   * @param key the configuration key of the query, named in the error
   * @throws ConfigException for unknown extensions, and for {@code .parquet} when Parquet's writer
   *     is not on the class path
   */
  public static QueryFormat of(String name, String key) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (QueryFormat f : values()) {
      if (lower.endsWith(f.extension)) {
        if (f == PARQUET && !ParquetRowEncoder.available()) {
          throw new ConfigException(
              key,
              key
                  + ": .parquet output needs org.apache.parquet:parquet-hadoop and Hadoop's client"
                  + " jars on the class path (flink-rs-filesystem-parquet brings them)");
        }
        return f;
      }
    }
    throw new ConfigException(
        key,
        key
            + ": unknown format of '"
            + name
            + "'; the name must end with .csv, .jsonl or .parquet");
  }

  /** An encoder for one run of a query in this format. */
  RowEncoder encoder(ResultSetMetaData meta, SqlQuerySettings settings)
      throws SQLException, IOException {
    if (this == PARQUET) {
      return new ParquetRowEncoder(
          meta,
          settings.connection().dialect(),
          settings.parquetRowGroupSize(),
          settings.parquetCompression());
    }
    return new RowEncoder() {
      @Override
      public byte[] start() throws SQLException {
        return header(meta).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] row(ResultSet rows) throws SQLException {
        return QueryFormat.this.row(rows, meta).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] end() {
        return new byte[0];
      }
    };
  }

  /** The text before the first row ({@code CSV}: the header line). */
  String header(ResultSetMetaData meta) throws SQLException {
    if (this != CSV) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if (i > 1) {
        out.append(',');
      }
      csvField(out, meta.getColumnLabel(i));
    }
    return out.append('\n').toString();
  }

  /** The current row of {@code rs}, encoded, with its line end. */
  String row(ResultSet rs, ResultSetMetaData meta) throws SQLException {
    StringBuilder out = new StringBuilder(128);
    int n = meta.getColumnCount();
    if (this == JSONL) {
      out.append('{');
    }
    for (int i = 1; i <= n; i++) {
      Object value = rs.getObject(i);
      if (this == CSV) {
        if (i > 1) {
          out.append(',');
        }
        if (value != null) {
          csvField(out, value instanceof byte[] b ? base64(b) : rs.getString(i));
        }
      } else {
        if (i > 1) {
          out.append(',');
        }
        jsonString(out, meta.getColumnLabel(i));
        out.append(':');
        jsonValue(out, value, rs, i);
      }
    }
    return out.append(this == JSONL ? "}\n" : "\n").toString();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static void csvField(StringBuilder out, String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      out.append(value);
      return;
    }
    out.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  private static void jsonValue(StringBuilder out, Object value, ResultSet rs, int column)
      throws SQLException {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        out.append(value);
      } else {
        jsonString(out, value.toString());
      }
    } else if (value instanceof byte[] b) {
      jsonString(out, base64(b));
    } else {
      jsonString(out, rs.getString(column));
    }
  }

  private static void jsonString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
