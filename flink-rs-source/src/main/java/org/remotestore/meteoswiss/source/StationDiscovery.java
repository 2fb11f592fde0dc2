package org.remotestore.meteoswiss.source;

/** Where the source learns which stations exist. */
public enum StationDiscovery {
  /** The STAC items listing of the collection, followed page by page. */
  STAC,
  /** The collection's station metadata file {@code ogd-smn_meta_stations.csv}. */
  METADATA,
  /**
   * Only the stations given explicitly; each station's STAC item ({@code items/<code>}) is read
   * once when its split is planned, for the {@code file:checksum} of its files. A station without
   * an item (404) is reported as unknown.
   */
  EXPLICIT,
  /**
   * Only the stations given explicitly, with nothing fetched before reading them: no STAC item, so
   * no checksum is verified (for a copy of the feed without the STAC API).
   */
  EXPLICIT_UNVERIFIED
}
