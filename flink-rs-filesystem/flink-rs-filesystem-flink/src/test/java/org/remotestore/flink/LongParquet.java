package org.remotestore.flink;

import java.io.IOException;
import java.util.Map;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes longs as Parquet records {@code message numbers { required int64 value; }}. */
final class LongParquet implements ParquetBuilder<Long> {
  private static final long serialVersionUID = 1L;

  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType("message numbers { required int64 value; }");

  @Override
  public ParquetWriter<Long> createWriter(OutputFile out) throws IOException {
    return new Builder(out).build();
  }

  private static final class Builder extends ParquetWriter.Builder<Long, Builder> {
    Builder(OutputFile out) {
      super(out);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Long> getWriteSupport(Configuration conf) {
      return new LongWriteSupport();
    }
  }

  private static final class LongWriteSupport extends WriteSupport<Long> {
    private RecordConsumer consumer;

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Long value) {
      consumer.startMessage();
      consumer.startField("value", 0);
      consumer.addLong(value);
      consumer.endField("value", 0);
      consumer.endMessage();
    }
  }
}
