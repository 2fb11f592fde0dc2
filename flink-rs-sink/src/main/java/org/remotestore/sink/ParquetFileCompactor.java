package org.remotestore.sink;

import java.io.IOException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Merges Parquet part files of one schema into one Parquet file, row by row: FileSink's compactor
 * opens the compacted file with the sink's own Parquet writer, and this compactor reads each input
 * with Flink's Parquet reader and writes its rows into it (so the result has large row groups, not
 * the inputs' small ones). Parquet files cannot be concatenated byte-wise, so FileSink's {@code
 * ConcatFileCompactor} does not apply.
 *
 * <p>The rows read are already rows of the file type, not elements of the sink's type {@code T}:
 * they reach the writer as {@link PreparedRow}s, which the writers of {@link
 * ParquetSinks#writerFactory} ({@link MappingBulkWriterFactory}) write as they are. This compactor
 * therefore only works with those writers, as {@link ParquetSinks} uses it. Timestamps are read and
 * written in UTC, as {@link ParquetSinks} writes them.
 *
 * @param <T> the sink's element type
 */
public final class ParquetFileCompactor<T> extends RecordWiseFileCompactor<T> {
  private static final long serialVersionUID = 1L;

  /**
   * A compactor for files of the given columns.
   *
   * @param fileType the columns of the files (as given to {@link ParquetSinks})
   */
  public ParquetFileCompactor(RowType fileType) {
    super(new RowReaderFactory<>(fileType));
  }

  /** Reads the rows of one Parquet file, as {@link PreparedRow}s disguised as {@code T}. */
  private static final class RowReaderFactory<T> implements Reader.Factory<T> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 2048;

    private final RowType fileType;

    RowReaderFactory(RowType fileType) {
      this.fileType = fileType;
    }

    @Override
    public Reader<T> createFor(Path input) throws IOException {
      ParquetColumnarRowInputFormat<FileSourceSplit> format =
          new ParquetColumnarRowInputFormat<>(
              new org.apache.hadoop.conf.Configuration(false),
              fileType,
              null, // the produced type is only asked for by a FileSource, not here
              BATCH_SIZE,
              true,
              true);
      FileSystem fs = input.getFileSystem();
      long size = fs.getFileStatus(input).getLen();
      FileSourceSplit split = new FileSourceSplit("compact", input, 0, size, 0, size);
      return new RowReader<>(format.createReader(new Configuration(), split), input);
    }
  }

  /**
   * Hands out the rows of a file one by one; a row stays valid until the next call of {@link
   * #read()}, by which time the compactor has written it.
   */
  private static final class RowReader<T> implements Reader<T> {
    private final BulkFormat.Reader<RowData> reader;
    private final Path input;
    private BulkFormat.RecordIterator<RowData> batch;
    private boolean done;

    RowReader(BulkFormat.Reader<RowData> reader, Path input) {
      this.reader = reader;
      this.input = input;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T read() throws IOException {
      try {
        while (!done) {
          if (batch == null) {
            batch = reader.readBatch();
            if (batch == null) {
              done = true;
              break;
            }
          }
          RecordAndPosition<RowData> record = batch.next();
          if (record != null) {
            return (T) new PreparedRow(record.getRecord());
          }
          batch.releaseBatch();
          batch = null;
        }
        return null;
      } catch (IOException | RuntimeException e) {
        throw new IOException("Could not compact Parquet file " + input, e);
      }
    }

    @Override
    public void close() throws IOException {
      if (batch != null) {
        batch.releaseBatch();
      }
      reader.close();
    }
  }
}
