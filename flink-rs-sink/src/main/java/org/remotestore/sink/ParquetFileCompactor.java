package org.remotestore.sink;

import java.io.IOException;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Merges Parquet part files of one schema into one Parquet file, row by row: FileSink's compactor
 * opens the compacted file with the sink's own Parquet writer, and this compactor reads each input
 * with {@link ParquetRowFileReader} and writes its rows into it (so the result has large row
 * groups, not the inputs' small ones). That reader, not Flink's {@code
 * ParquetColumnarRowInputFormat}, because Flink's creates a Hadoop {@code Configuration} per file,
 * whose parse of the class path's XML resources cost more than the small file's rows. Parquet files
 * cannot be concatenated byte-wise, so FileSink's {@code ConcatFileCompactor} does not apply.
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

    private final RowType fileType;

    RowReaderFactory(RowType fileType) {
      this.fileType = fileType;
    }

    @Override
    public Reader<T> createFor(Path input) throws IOException {
      return new RowReader<>(new ParquetRowFileReader(input, fileType), input);
    }
  }

  /**
   * Hands out the rows of a file one by one; each row is a new object, written by the compactor
   * before the next is read.
   */
  private static final class RowReader<T> implements Reader<T> {
    private final ParquetRowFileReader reader;
    private final Path input;

    RowReader(ParquetRowFileReader reader, Path input) {
      this.reader = reader;
      this.input = input;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T read() throws IOException {
      try {
        RowData row = reader.next();
        return row == null ? null : (T) new PreparedRow(row);
      } catch (IOException | RuntimeException e) {
        throw new IOException("Could not compact Parquet file " + input, e);
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
