package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.MeteoSwissMetadata;
import org.remotestore.meteoswiss.StationMeta;

/** Lists stations from the collection's station metadata file {@code ogd-smn_meta_stations.csv}. */
final class MetadataStationLister implements StationLister {
  private final FeedStoreFactory.OpenedStore data;

  MetadataStationLister(FeedStoreFactory.OpenedStore data) {
    this.data = data;
  }

  @Override
  public List<DiscoveredStation> list() throws IOException {
    try (InputStream in = data.store().read(FeedFile.META_STATIONS)) {
      MeteoSwissMetadata.Result<StationMeta> parsed =
          MeteoSwissMetadata.parseStations(in, FeedFile.META_STATIONS);
      List<DiscoveredStation> out = new ArrayList<>(parsed.items().size());
      for (StationMeta station : parsed.items()) {
        out.add(new DiscoveredStation(station.abbr(), station.name(), java.util.Map.of()));
      }
      return out;
    }
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
