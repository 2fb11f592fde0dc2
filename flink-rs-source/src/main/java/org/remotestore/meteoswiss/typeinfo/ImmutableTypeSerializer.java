package org.remotestore.meteoswiss.typeinfo;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the stateless serializers for immutable record types: copies are the instance itself and
 * reuse is not supported (the reuse argument is ignored). Subclasses write and read the record and
 * give their snapshot.
 *
 * @param <T> the record type
 */
public abstract class ImmutableTypeSerializer<T> extends TypeSerializerSingleton<T> {

  private static final long serialVersionUID = 1L;

  @Override
  public final boolean isImmutableType() {
    return true;
  }

  /** Immutable types have no meaningful empty instance; Flink only uses it for object reuse. */
  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public final T copy(T from) {
    return from;
  }

  @Override
  public final T copy(T from, T reuse) {
    return from;
  }

  @Override
  public final int getLength() {
    return -1;
  }

  @Override
  public final T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public final void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }
}
