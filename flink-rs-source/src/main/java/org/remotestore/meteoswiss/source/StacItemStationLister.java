package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stations of an explicit list, each read from its own STAC item ({@code <items>/<code in lower
 * case>}), so that their splits carry the {@code file:checksum} of their files exactly as with the
 * paged listing.
 *
 * <p>Per station: an item is a station with its assets; a missing item (404) is a station {@link
 * DiscoveredStation#unknown unknown} to the feed; any other failure (5xx, a cut body, invalid JSON)
 * leaves the station out of this discovery, logged with the item's URL, so it is asked for again at
 * the next one. Stations whose split is already planned are not asked for at all.
 */
final class StacItemStationLister implements StationLister {
  private static final Logger LOG = LoggerFactory.getLogger(StacItemStationLister.class);

  private final FeedStoreFactory stores;
  private final String itemsUrl;
  private final List<String> codes;
  private volatile Map<String, String> lastFailures = Map.of();

  /**
   * @param stores opens the store the items are read through
   * @param itemsUrl the STAC items URL; a query on it (such as {@code ?limit=}) is dropped
   * @param codes the station codes
   */
  StacItemStationLister(FeedStoreFactory stores, String itemsUrl, Collection<String> codes) {
    this.stores = stores;
    this.itemsUrl = itemsUrl;
    this.codes = List.copyOf(codes);
  }

  /**
   * The URL of the STAC item of station {@code code}: {@code <items>/<code in lower case>}, without
   * the query the items URL may carry.
   */
  static String itemUrl(String itemsUrl, String code) {
    int query = itemsUrl.indexOf('?');
    String base = query < 0 ? itemsUrl : itemsUrl.substring(0, query);
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return base + "/" + code.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public List<DiscoveredStation> list() {
    return list(code -> false);
  }

  @Override
  public List<DiscoveredStation> list(Predicate<String> planned) {
    List<DiscoveredStation> found = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (String code : codes) {
      if (planned.test(code)) {
        continue;
      }
      String url = itemUrl(itemsUrl, code);
      try {
        DiscoveredStation station =
            StacStationLister.station(StacStationLister.readJson(stores, url));
        if (station == null || !station.code().equalsIgnoreCase(code)) {
          throw new RemoteStoreException(
              "STAC answer at " + url + " is not the item of station " + code, null, url);
        }
        found.add(station);
      } catch (NotFound e) {
        found.add(
            DiscoveredStation.unknown(
                code, "station " + code + " does not exist: no STAC item at " + url + " (404)"));
      } catch (IOException | RuntimeException e) {
        String message =
            "STAC item of station "
                + code
                + " at "
                + url
                + " could not be read, retried at the next discovery: "
                + e.getMessage();
        LOG.warn("MeteoSwiss {}", message);
        failures.put(code, message);
      }
    }
    lastFailures = Collections.unmodifiableMap(failures);
    return found;
  }

  /** The stations the last {@link #list} could not read, with the error naming the item's URL. */
  Map<String, String> lastFailures() {
    return lastFailures;
  }
}
