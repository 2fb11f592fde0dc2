package org.remotestore.sink;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A bulk writer factory for {@code T} that converts each element and hands it to a writer for
 * {@code R}, such as Flink's Parquet writer for {@code RowData}. Rows that a compaction read back
 * from part files ({@link ParquetFileCompactor}) are already of type {@code R} and are written as
 * they are.
 *
 * @param <T> the element type of the sink
 * @param <R> the element type of the wrapped writer
 */
public final class MappingBulkWriterFactory<T, R> implements BulkWriter.Factory<T> {
  private static final long serialVersionUID = 1L;

  private final BulkWriter.Factory<R> target;
  private final SerializableFunction<T, R> mapper;

  /**
   * Creates the factory.
   *
   * @param target the writer factory for converted elements
   * @param mapper converts an element
   */
  public MappingBulkWriterFactory(BulkWriter.Factory<R> target, SerializableFunction<T, R> mapper) {
    this.target = Objects.requireNonNull(target, "target");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
    BulkWriter<R> writer = target.create(out);
    return new BulkWriter<>() {
      @Override
      @SuppressWarnings("unchecked")
      public void addElement(T element) throws IOException {
        Object e = element;
        if (e instanceof PreparedRow prepared) { // a row a compaction read back
          writer.addElement((R) prepared.row());
        } else {
          writer.addElement(mapper.apply(element));
        }
      }

      @Override
      public void flush() throws IOException {
        writer.flush();
      }

      @Override
      public void finish() throws IOException {
        writer.finish();
      }
    };
  }
}
