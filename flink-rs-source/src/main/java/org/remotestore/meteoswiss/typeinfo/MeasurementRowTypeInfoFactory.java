package org.remotestore.meteoswiss.typeinfo;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.remotestore.meteoswiss.MeasurementRow;

/**
 * Tells Flink's type extraction to use {@link MeasurementRowTypeInfo} for {@link MeasurementRow}.
 */
public final class MeasurementRowTypeInfoFactory extends TypeInfoFactory<MeasurementRow> {

  @Override
  public TypeInformation<MeasurementRow> createTypeInfo(
      Type type, Map<String, TypeInformation<?>> genericParameters) {
    return MeasurementRowTypeInfo.INSTANCE;
  }
}
