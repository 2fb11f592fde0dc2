package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;

/**
 * Lists stations from the STAC items of the collection: a GeoJSON FeatureCollection paged by a
 * {@code links} entry with {@code rel: next}. Each feature's {@code id} is the lower-case station
 * code; its {@code assets} are keyed by file name and carry {@code file:checksum}.
 */
final class StacStationLister implements StationLister {
  static final String ITEMS = "items";
  private static final int MAX_PAGES = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FeedStoreFactory.OpenedStore stac;
  private final String collectionUrl;

  StacStationLister(FeedStoreFactory.OpenedStore stac, String collectionUrl) {
    this.stac = stac;
    this.collectionUrl = collectionUrl;
  }

  @Override
  public List<DiscoveredStation> list() throws IOException {
    List<DiscoveredStation> stations = new ArrayList<>();
    Set<String> seenPages = new HashSet<>();
    String page = ITEMS;
    while (page != null) {
      if (!seenPages.add(page) || seenPages.size() > MAX_PAGES) {
        throw new RemoteStoreException(
            "STAC paging loops or never ends at " + collectionUrl + page,
            stac.store().backendName(),
            page);
      }
      JsonNode root = readJson(stac.store(), page);
      for (JsonNode feature : root.path("features")) {
        String id = feature.path("id").asText(null);
        if (id == null || id.isBlank()) {
          continue;
        }
        Map<String, String> assets = new LinkedHashMap<>();
        feature
            .path("assets")
            .fields()
            .forEachRemaining(
                e -> assets.put(e.getKey(), e.getValue().path("file:checksum").asText(null)));
        stations.add(new DiscoveredStation(id, assets));
      }
      page = nextPage(root);
    }
    return stations;
  }

  private String nextPage(JsonNode root) throws RemoteStoreException {
    for (JsonNode link : root.path("links")) {
      if ("next".equals(link.path("rel").asText())) {
        String href = link.path("href").asText(null);
        if (href == null || href.isBlank()) {
          return null;
        }
        return relativeTo(collectionUrl, href);
      }
    }
    return null;
  }

  /** The path of {@code href} below {@code root}, resolving a relative href against the items. */
  static String relativeTo(String root, String href) throws RemoteStoreException {
    String absolute = URI.create(root + ITEMS).resolve(href).toString();
    if (!absolute.startsWith(root)) {
      throw new RemoteStoreException(
          "STAC next link " + href + " leaves the collection " + root, null, href);
    }
    return absolute.substring(root.length());
  }

  private static JsonNode readJson(Store store, String path) throws IOException {
    byte[] body = store.readBytes(path);
    try {
      return JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RemoteStoreException(
          "STAC answer at " + path + " is not valid JSON: " + e.getMessage(),
          store.backendName(),
          path,
          e);
    }
  }

  @Override
  public void close() throws IOException {
    stac.close();
  }
}
