package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.remotestore.RemoteStoreException;

/**
 * Lists stations from the STAC items of the collection: a GeoJSON FeatureCollection paged by a
 * {@code links} entry with {@code rel: next}. Each feature's {@code id} is the lower-case station
 * code; its {@code assets} are keyed by file name and carry {@code file:checksum}.
 */
final class StacStationLister implements StationLister {
  private static final int MAX_PAGES = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FeedStoreFactory stores;
  private final String itemsUrl;

  StacStationLister(FeedStoreFactory stores, String itemsUrl) {
    this.stores = stores;
    this.itemsUrl = itemsUrl;
  }

  @Override
  public List<DiscoveredStation> list() throws IOException {
    List<DiscoveredStation> stations = new ArrayList<>();
    Set<String> seenPages = new HashSet<>();
    String page = itemsUrl;
    while (page != null) {
      if (!seenPages.add(page) || seenPages.size() > MAX_PAGES) {
        throw new RemoteStoreException("STAC paging loops or never ends at " + page, null, page);
      }
      JsonNode root = readJson(stores, page);
      for (JsonNode feature : root.path("features")) {
        DiscoveredStation station = station(feature);
        if (station != null) {
          stations.add(station);
        }
      }
      page = nextPage(root, page);
    }
    return stations;
  }

  /**
   * The station a STAC feature describes, with the {@code file:checksum} and {@code updated} time
   * of each asset, or {@code null} when the feature has no {@code id}.
   */
  static DiscoveredStation station(JsonNode feature) {
    String id = feature.path("id").asText(null);
    if (id == null || id.isBlank()) {
      return null;
    }
    Map<String, String> assets = new LinkedHashMap<>();
    Map<String, Instant> updated = new HashMap<>();
    feature
        .path("assets")
        .fields()
        .forEachRemaining(
            e -> {
              assets.put(e.getKey(), e.getValue().path("file:checksum").asText(null));
              Instant at = instant(e.getValue().path("updated").asText(null));
              if (at != null) {
                updated.put(e.getKey(), at);
              }
            });
    String title = feature.path("properties").path("title").asText(null);
    return new DiscoveredStation(id, nameFromTitle(title), assets, updated);
  }

  private static Instant instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null; // a checksum without a usable time is checked against every version
    }
  }

  /** "Zürich / Kloten (KLO)" becomes "Zürich / Kloten". */
  static String nameFromTitle(String title) {
    if (title == null) {
      return null;
    }
    String t = title.trim();
    int paren = t.lastIndexOf(" (");
    return paren > 0 && t.endsWith(")") ? t.substring(0, paren) : t;
  }

  private static String nextPage(JsonNode root, String current) {
    for (JsonNode link : root.path("links")) {
      if ("next".equals(link.path("rel").asText())) {
        String href = link.path("href").asText(null);
        return href == null || href.isBlank() ? null : URI.create(current).resolve(href).toString();
      }
    }
    return null;
  }

  /**
   * Reads one STAC answer (a page or an item). A page URL such as {@code
   * https://h/c/items?cursor=x} is read as the file {@code items} of a store rooted at {@code
   * https://h/c/?cursor=x}: store paths carry no query, while the {@code http} backend appends its
   * base URL's query to every request.
   */
  static JsonNode readJson(FeedStoreFactory stores, String pageUrl) throws IOException {
    URI uri = URI.create(pageUrl);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    String root =
        uri.getScheme()
            + "://"
            + uri.getRawAuthority()
            + path.substring(0, slash + 1)
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    byte[] body;
    try (FeedStoreFactory.OpenedStore store = stores.open(root)) {
      body = store.store().readBytes(name);
    }
    try {
      return JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RemoteStoreException(
          "STAC answer at " + pageUrl + " is not valid JSON: " + e.getMessage(), null, pageUrl, e);
    }
  }
}
