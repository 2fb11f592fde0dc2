package org.remotestore.meteoswiss.typeinfo;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.remotestore.meteoswiss.RejectedRow;

/** Tells Flink's type extraction to use {@link RejectedRowTypeInfo} for {@link RejectedRow}. */
public final class RejectedRowTypeInfoFactory extends TypeInfoFactory<RejectedRow> {

  @Override
  public TypeInformation<RejectedRow> createTypeInfo(
      Type type, Map<String, TypeInformation<?>> genericParameters) {
    return RejectedRowTypeInfo.INSTANCE;
  }
}
