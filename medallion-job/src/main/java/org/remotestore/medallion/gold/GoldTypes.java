package org.remotestore.medallion.gold;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Flink type information of the gold records: POJO (record) types whose {@link LocalDate} fields
 * use Flink's {@code LOCAL_DATE} serializer instead of falling back to Kryo.
 */
final class GoldTypes {

  /** The POJO type of a record class with explicit field types. */
  static <T extends Record> TypeInformation<T> recordType(Class<T> type) {
    Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Class<?> t = c.getType();
      fields.put(c.getName(), t == LocalDate.class ? Types.LOCAL_DATE : TypeInformation.of(t));
    }
    return Types.POJO(type, fields);
  }

  /** {@code @TypeInfo} factory of {@link DailySummary}. */
  public static final class DailySummaryType extends TypeInfoFactory<DailySummary> {
    @Override
    public TypeInformation<DailySummary> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return recordType(DailySummary.class);
    }
  }

  /** {@code @TypeInfo} factory of {@link StationStats}. */
  public static final class StationStatsType extends TypeInfoFactory<StationStats> {
    @Override
    public TypeInformation<StationStats> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return recordType(StationStats.class);
    }
  }

  /** {@code @TypeInfo} factory of {@link Alert}. */
  public static final class AlertType extends TypeInfoFactory<Alert> {
    @Override
    public TypeInformation<Alert> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return recordType(Alert.class);
    }
  }

  /** {@code @TypeInfo} factory of {@link MonthlySummary}. */
  public static final class MonthlySummaryType extends TypeInfoFactory<MonthlySummary> {
    @Override
    public TypeInformation<MonthlySummary> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return recordType(MonthlySummary.class);
    }
  }

  /** {@code @TypeInfo} factory of {@link DayValues}. */
  public static final class DayValuesType extends TypeInfoFactory<DayValues> {
    @Override
    public TypeInformation<DayValues> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return recordType(DayValues.class);
    }
  }

  private GoldTypes() {}
}
