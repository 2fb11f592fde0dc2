package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A station found by discovery.
 *
 * @param code the station code in upper case ({@code BER})
 * @param name the station name ({@code Zürich / Kloten}), or {@code null} when unknown
 * @param assetChecksums the station's files known from STAC, by file name ({@code
 *     ogd-smn_ber_t_now.csv}), each with its {@code file:checksum} (may be {@code null}); empty
 *     when the discovery does not know the files
 */
public record DiscoveredStation(String code, String name, Map<String, String> assetChecksums)
    implements Serializable {
  /** Normalises the code and copies the map. */
  public DiscoveredStation {
    code = Objects.requireNonNull(code, "code").trim().toUpperCase(Locale.ROOT);
    assetChecksums = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(assetChecksums));
  }

  /** A station known only by its code. */
  public static DiscoveredStation of(String code) {
    return new DiscoveredStation(code, null, Map.of());
  }
}
