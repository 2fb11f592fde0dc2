package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Creates the {@link StationLister} for a configuration. */
@FunctionalInterface
interface StationListerFactory extends Serializable {

  /** Opens the lister; the caller closes it. */
  StationLister create(MeteoSwissSourceConfig config) throws IOException;

  /** The lister chosen by {@link MeteoSwissSourceConfig#discovery()}. */
  static StationListerFactory standard() {
    return config ->
        switch (config.discovery()) {
          case EXPLICIT ->
              new StacItemStationLister(
                  config.storeFactory(), config.stacItemsUrl(), config.stations());
          case EXPLICIT_UNVERIFIED -> {
            List<DiscoveredStation> fixed = new ArrayList<>();
            for (String code : config.stations()) {
              fixed.add(DiscoveredStation.of(code));
            }
            yield () -> fixed;
          }
          case STAC -> new StacStationLister(config.storeFactory(), config.stacItemsUrl());
          case METADATA -> new MetadataStationLister(config.storeFactory().open(config.baseUrl()));
        };
  }
}
