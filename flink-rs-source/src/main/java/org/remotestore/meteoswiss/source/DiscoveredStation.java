package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
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
 * @param assetUpdated the STAC {@code updated} time of those files, by file name (files without one
 *     are absent)
 * @param unknown why the station cannot be read, naming it (its STAC item does not exist), or
 *     {@code null} for a station that exists
 */
public record DiscoveredStation(
    String code,
    String name,
    Map<String, String> assetChecksums,
    Map<String, Instant> assetUpdated,
    String unknown)
    implements Serializable {
  /** Normalises the code and copies the maps. */
  public DiscoveredStation {
    code = Objects.requireNonNull(code, "code").trim().toUpperCase(Locale.ROOT);
    assetChecksums = Collections.unmodifiableMap(new HashMap<>(assetChecksums));
    assetUpdated = Collections.unmodifiableMap(new HashMap<>(assetUpdated));
  }

  /** A station that exists, with its files' checksums and {@code updated} times. */
  public DiscoveredStation(
      String code,
      String name,
      Map<String, String> assetChecksums,
      Map<String, Instant> assetUpdated) {
    this(code, name, assetChecksums, assetUpdated, null);
  }

  /**
   * A station code the feed does not know.
   *
   * @param reason the error, naming the station and where that was found out
   */
  public static DiscoveredStation unknown(String code, String reason) {
    return new DiscoveredStation(
        code, null, Map.of(), Map.of(), Objects.requireNonNull(reason, "reason"));
  }

  /** Whether the feed does not know this station (see {@link #unknown()}). */
  public boolean isUnknown() {
    return unknown != null;
  }

  /** A station with checksums but no {@code updated} times. */
  public DiscoveredStation(String code, String name, Map<String, String> assetChecksums) {
    this(code, name, assetChecksums, Map.of());
  }

  /** A station known only by its code. */
  public static DiscoveredStation of(String code) {
    return new DiscoveredStation(code, null, Map.of());
  }

  /** The listed checksum of the file {@code fileName}, or {@code null} when none was listed. */
  public FileChecksum checksumOf(String fileName) {
    String multihash = assetChecksums.get(fileName);
    return multihash == null || multihash.isBlank()
        ? null
        : new FileChecksum(multihash, assetUpdated.get(fileName));
  }
}
