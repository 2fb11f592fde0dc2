package org.remotestore.sink;

import java.io.IOException;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.FileCompactor;
import org.apache.flink.connector.file.sink.compactor.operator.CompactorOperatorFactory;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketWriter;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.util.function.SerializableSupplierWithException;

/** Creates {@link RestoreSafeCompactorOperator}s where Flink's factory creates its own operator. */
final class RestoreSafeCompactorOperatorFactory extends CompactorOperatorFactory {
  private static final long serialVersionUID = 1L;

  private final FileCompactStrategy strategy;
  private final FileCompactor fileCompactor;
  private final SerializableSupplierWithException<
          SimpleVersionedSerializer<FileSinkCommittable>, IOException>
      committableSerializer;
  private final SerializableSupplierWithException<BucketWriter<?, String>, IOException>
      bucketWriter;

  RestoreSafeCompactorOperatorFactory(
      FileCompactStrategy strategy,
      FileCompactor fileCompactor,
      SerializableSupplierWithException<SimpleVersionedSerializer<FileSinkCommittable>, IOException>
          committableSerializer,
      SerializableSupplierWithException<BucketWriter<?, String>, IOException> bucketWriter) {
    super(strategy, fileCompactor, committableSerializer, bucketWriter);
    this.strategy = strategy;
    this.fileCompactor = fileCompactor;
    this.committableSerializer = committableSerializer;
    this.bucketWriter = bucketWriter;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends StreamOperator<CommittableMessage<FileSinkCommittable>>> T createStreamOperator(
      StreamOperatorParameters<CommittableMessage<FileSinkCommittable>> parameters) {
    try {
      return (T)
          new RestoreSafeCompactorOperator(
              parameters, strategy, committableSerializer.get(), fileCompactor, bucketWriter.get());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the compactor of the file sink", e);
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
    return RestoreSafeCompactorOperator.class;
  }
}
