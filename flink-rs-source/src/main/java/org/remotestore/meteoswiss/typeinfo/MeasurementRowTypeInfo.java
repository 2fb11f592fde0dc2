package org.remotestore.meteoswiss.typeinfo;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.remotestore.meteoswiss.MeasurementRow;

/**
 * Flink type information for {@link MeasurementRow}, backed by {@link MeasurementRowSerializer}.
 */
public final class MeasurementRowTypeInfo extends ImmutableTypeInfo<MeasurementRow> {

  private static final long serialVersionUID = 1L;

  /** The one instance; type information is stateless. */
  public static final MeasurementRowTypeInfo INSTANCE = new MeasurementRowTypeInfo();

  /** Prefer {@link #INSTANCE}; public for reflective instantiation. */
  public MeasurementRowTypeInfo() {
    super(MeasurementRow.class);
  }

  @Override
  protected TypeSerializer<MeasurementRow> serializer() {
    return MeasurementRowSerializer.INSTANCE;
  }
}
