package org.remotestore.meteoswiss;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One station of {@code ogd-smn_meta_stations.csv}.
 *
 * @param abbr the station code, upper case ({@code BER})
 * @param name the station name, decoded from Windows-1252 ({@code Zürich / Kloten})
 * @param canton the canton code ({@code ZH})
 * @param wigosId the WIGOS station identifier ({@code 0-20000-0-06670}), empty if unknown
 * @param dataSince first day of measurements, {@code null} if not given
 * @param heightMasl station height in metres above sea level, {@code null} if not given
 * @param latitude WGS84 latitude in degrees
 * @param longitude WGS84 longitude in degrees
 * @param columns every column of the line by lowercase header name, in file order (unmodifiable)
 */
public record StationMeta(
    String abbr,
    String name,
    String canton,
    String wigosId,
    LocalDate dataSince,
    Double heightMasl,
    double latitude,
    double longitude,
    Map<String, String> columns)
    implements Serializable {

  /** Copies the column map. */
  public StationMeta {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /** A column by its header name (case-insensitive), empty string if absent. */
  public String column(String name) {
    return columns.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
  }

  /** The English station type ({@code Automatic weather stations}). */
  public String typeEn() {
    return column("station_type_en");
  }
}
