package org.remotestore.meteoswiss.typeinfo;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.remotestore.meteoswiss.RejectedRow;

/** Flink type information for {@link RejectedRow}, backed by {@link RejectedRowSerializer}. */
public final class RejectedRowTypeInfo extends ImmutableTypeInfo<RejectedRow> {

  private static final long serialVersionUID = 1L;

  /** The one instance; type information is stateless. */
  public static final RejectedRowTypeInfo INSTANCE = new RejectedRowTypeInfo();

  /** Prefer {@link #INSTANCE}; public for reflective instantiation. */
  public RejectedRowTypeInfo() {
    super(RejectedRow.class);
  }

  @Override
  protected TypeSerializer<RejectedRow> serializer() {
    return RejectedRowSerializer.INSTANCE;
  }
}
