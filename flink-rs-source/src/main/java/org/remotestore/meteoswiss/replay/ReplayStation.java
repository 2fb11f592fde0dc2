package org.remotestore.meteoswiss.replay;

import java.util.Locale;
import java.util.Objects;
import org.remotestore.meteoswiss.StationMeta;

/**
 * A station the replay simulates: code, name and the location that drives its climate.
 *
 * @param abbr upper-case code
 * @param name display name
 * @param elevationM height above sea level in metres
 * @param latitude WGS84 latitude
 * @param longitude WGS84 longitude
 * @param meta the fixture line it was read from
 */
public record ReplayStation(
    String abbr,
    String name,
    double elevationM,
    double latitude,
    double longitude,
    StationMeta meta) {

  /** Validates and normalises the code. */
  public ReplayStation {
    abbr = Objects.requireNonNull(abbr, "abbr").toUpperCase(Locale.ROOT);
  }

  static ReplayStation of(StationMeta meta) {
    return new ReplayStation(
        meta.abbr(),
        meta.name(),
        meta.heightMasl() == null ? 500 : meta.heightMasl(),
        meta.latitude(),
        meta.longitude(),
        meta);
  }

  /** True when the station measures snow depth (the replay's stations above 1000 m). */
  public boolean measuresSnow() {
    return elevationM > 1000;
  }

  /** Lowercase folder / STAC item id. */
  public String id() {
    return abbr.toLowerCase(Locale.ROOT);
  }
}
