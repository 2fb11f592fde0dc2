package org.remotestore.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.compactor.OutputStreamBasedFileCompactor;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Merges Parquet part files of one schema into one Parquet file, row by row: each input is read
 * with Flink's Parquet reader and its rows are written with Flink's Parquet writer into the
 * compacted file (so the result has large row groups, not the inputs' small ones). Parquet files
 * cannot be concatenated byte-wise, so FileSink's {@code ConcatFileCompactor} does not apply.
 * Timestamps are read and written in UTC, as {@link ParquetSinks} writes them.
 */
public final class ParquetFileCompactor extends OutputStreamBasedFileCompactor {
  private static final long serialVersionUID = 1L;
  private static final int BATCH_SIZE = 2048;

  private final RowType fileType;

  /**
   * A compactor for files of the given columns.
   *
   * @param fileType the columns of the files (as given to {@link ParquetSinks})
   */
  public ParquetFileCompactor(RowType fileType) {
    this.fileType = fileType;
  }

  @Override
  protected void doCompact(List<Path> inputFiles, OutputStream outputStream) throws Exception {
    BulkWriter<RowData> writer =
        ParquetRowDataBuilder.createWriterFactory(
                fileType, new org.apache.hadoop.conf.Configuration(false), true)
            .create(new PositionedStream(outputStream));
    ParquetColumnarRowInputFormat<FileSourceSplit> format =
        new ParquetColumnarRowInputFormat<>(
            new org.apache.hadoop.conf.Configuration(false),
            fileType,
            null, // the produced type is only asked for by a FileSource, not here
            BATCH_SIZE,
            true,
            true);
    for (Path input : inputFiles) {
      copyRows(format, input, writer);
    }
    writer.finish();
  }

  private static void copyRows(
      ParquetColumnarRowInputFormat<FileSourceSplit> format, Path input, BulkWriter<RowData> writer)
      throws IOException {
    FileSystem fs = input.getFileSystem();
    long size = fs.getFileStatus(input).getLen();
    FileSourceSplit split = new FileSourceSplit("compact", input, 0, size, 0, size);
    try (BulkFormat.Reader<RowData> reader = format.createReader(new Configuration(), split)) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        try {
          RecordAndPosition<RowData> record;
          while ((record = batch.next()) != null) {
            writer.addElement(record.getRecord());
          }
        } finally {
          batch.releaseBatch();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("Could not compact Parquet file " + input, e);
    }
  }

  /** The compactor's output stream as the {@link FSDataOutputStream} Flink's writer expects. */
  private static final class PositionedStream extends FSDataOutputStream {
    private final OutputStream out;
    private long position;

    PositionedStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void sync() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
