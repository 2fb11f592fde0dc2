package org.remotestore.meteoswiss;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One parameter of {@code ogd-smn_meta_parameters.csv}.
 *
 * @param code the parameter short name, lower case ({@code tre200s0})
 * @param descriptionEn English description ({@code Air temperature 2 m above ground; current
 *     value})
 * @param descriptionDe German description
 * @param groupEn English group ({@code Temperature})
 * @param granularity the granularity the parameter is published at
 * @param decimals number of decimals of the published values
 * @param datatype {@code Float} or {@code Integer} (as written in the file)
 * @param unit the unit ({@code °C}, {@code W/m²})
 * @param columns every column of the line by lowercase header name, in file order (unmodifiable)
 */
public record ParameterMeta(
    String code,
    String descriptionEn,
    String descriptionDe,
    String groupEn,
    Granularity granularity,
    int decimals,
    String datatype,
    String unit,
    Map<String, String> columns)
    implements Serializable {

  /** Copies the column map and lower-cases the code. */
  public ParameterMeta {
    code = code.toLowerCase(Locale.ROOT);
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /** A column by its header name (case-insensitive), empty string if absent. */
  public String column(String name) {
    return columns.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }
}
