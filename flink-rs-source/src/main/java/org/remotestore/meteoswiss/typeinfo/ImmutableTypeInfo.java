package org.remotestore.meteoswiss.typeinfo;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for an atomic, immutable record type with one fixed, stateless serializer: not a
 * basic, tuple or key type, arity 1, and equal to any other instance of the same class. Subclasses
 * only name the class and the serializer.
 *
 * @param <T> the record type
 */
public abstract class ImmutableTypeInfo<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> typeClass;

  /**
   * Creates the type information.
   *
   * @param typeClass the record class (its simple name is the {@link #toString()})
   */
  protected ImmutableTypeInfo(Class<T> typeClass) {
    this.typeClass = typeClass;
  }

  /** The serializer, the same instance every time. */
  protected abstract TypeSerializer<T> serializer();

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return typeClass;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer();
  }

  @Override
  public String toString() {
    return typeClass.getSimpleName();
  }

  @Override
  public boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return typeClass.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }
}
