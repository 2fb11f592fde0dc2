package org.remotestore.meteoswiss.source;

/** Where the source learns which stations exist. */
public enum StationDiscovery {
  /** The STAC items listing of the collection, followed page by page. */
  STAC,
  /** The collection's station metadata file {@code ogd-smn_meta_stations.csv}. */
  METADATA,
  /** Only the stations given explicitly; nothing is fetched. */
  EXPLICIT
}
