package org.remotestore.sql;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * The {@code .parquet} format of {@code sql-query}: rows go to a {@link ParquetWriter} whose {@link
 * OutputFile} is an in-memory buffer that the reader drains. Parquet emits a row group when it
 * reaches {@code parquet.row-group-size}, so memory stays bounded by about one row group however
 * large the result is; nothing is written to disk and no Hadoop {@code FileSystem} is involved
 * (parquet-hadoop only loads Hadoop's {@code Configuration} and codec classes).
 *
 * <p>Only this class and {@link ResultSetWriteSupport} refer to Parquet: they are loaded when a
 * {@code .parquet} query runs, so the module works without parquet-hadoop for the text formats.
 */
final class ParquetRowEncoder implements RowEncoder {
  private final Buffer buffer = new Buffer();
  private final ParquetWriter<ResultSet> writer;
  private boolean closed;

  ParquetRowEncoder(
      ResultSetMetaData meta, SqlDialect dialect, long rowGroupSize, String compression)
      throws SQLException, IOException {
    ResultSetWriteSupport support = new ResultSetWriteSupport(meta, dialect);
    this.writer =
        new Builder(buffer, support)
            .withConf(new Configuration(false))
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withRowGroupSize(rowGroupSize)
            .withCompressionCodec(CompressionCodecName.fromConf(compression))
            .build();
  }

  /**
   * Whether a name ends in {@code .parquet} and Parquet's writer can be loaded.
   *
   * @return false when parquet-hadoop or Hadoop's client jars are missing from the class path
   */
  static boolean available() {
    try {
      ClassLoader loader = ParquetRowEncoder.class.getClassLoader();
      Class.forName("org.apache.parquet.hadoop.ParquetWriter", false, loader);
      Class.forName("org.apache.hadoop.conf.Configuration", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public byte[] start() {
    return buffer.drain(); // the magic number, written when the writer was built
  }

  @Override
  public byte[] row(ResultSet rows) throws SQLException, IOException {
    try {
      writer.write(rows);
    } catch (ResultSetWriteSupport.RowFailed e) {
      throw e.getCause();
    }
    return buffer.drain();
  }

  @Override
  public byte[] end() throws IOException {
    closed = true;
    writer.close(); // the last row group and the footer
    return buffer.drain();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close(); // frees the row group held in memory; the bytes go nowhere
    } catch (IOException | RuntimeException e) {
      // the reader stopped early: nothing to report
    }
  }

  private static final class Builder extends ParquetWriter.Builder<ResultSet, Builder> {
    private final ResultSetWriteSupport support;

    Builder(OutputFile file, ResultSetWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ResultSet> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /** An {@link OutputFile} whose bytes collect in memory until {@link #drain()} takes them. */
  private static final class Buffer implements OutputFile {
    private byte[] bytes = new byte[1 << 16];
    private int count;
    private long position;

    byte[] drain() {
      byte[] out = Arrays.copyOf(bytes, count);
      count = 0;
      if (bytes.length > 1 << 20) {
        bytes = new byte[1 << 16]; // a row group passed through: do not keep its size
      }
      return out;
    }

    private void append(byte[] b, int off, int len) {
      if (count + len > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + len));
      }
      System.arraycopy(b, off, bytes, count, len);
      count += len;
      position += len;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) {
          append(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          append(b, off, len);
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return "sql-query output";
    }
  }
}
