package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.remotestore.meteoswiss.Granularity;

/**
 * The immutable configuration of a {@link MeteoSwissSource}, built by {@link
 * MeteoSwissSource#builder()}.
 *
 * @param baseUrl the data root, ending in {@code /}
 * @param stacItemsUrl the URL of the STAC items listing (it may carry a query such as {@code
 *     ?limit=50}); the following pages come from its {@code next} links
 * @param discovery where stations come from
 * @param stations the stations to read (upper-case codes); with discovery empty means every
 *     discovered station, with {@link StationDiscovery#EXPLICIT} it means none
 * @param granularity the time resolution read
 * @param period which files are read
 * @param bounded whether the source ends after reading each file once
 * @param timing poll interval, jitter and backoff
 * @param maxConcurrentRequestsPerHost how many requests one reader sends to one host at a time
 * @param discoveryInterval how often stations are discovered again (continuous mode)
 * @param maxConsecutiveDiscoveryFailures after how many failed discoveries in a row the job fails
 * @param revisionWindow how far back (event time) corrected rows are noticed
 * @param historicalFirstYear the first year tried for historical files when STAC does not list them
 * @param columns the parameter codes to keep (lower case); {@code null} keeps all
 * @param storeFactory opens the store the feed is read through
 * @param timeRange the {@code reference_timestamp}s read ({@link TimeRange#ALL} for every one)
 * @param limit in a bounded scan, each reader stops after emitting this many records; {@code -1}
 *     for no limit (a continuous scan ignores it)
 */
public record MeteoSwissSourceConfig(
    String baseUrl,
    String stacItemsUrl,
    StationDiscovery discovery,
    Set<String> stations,
    Granularity granularity,
    PeriodMode period,
    boolean bounded,
    PollTiming timing,
    int maxConcurrentRequestsPerHost,
    Duration discoveryInterval,
    int maxConsecutiveDiscoveryFailures,
    Duration revisionWindow,
    int historicalFirstYear,
    Set<String> columns,
    FeedStoreFactory storeFactory,
    TimeRange timeRange,
    long limit)
    implements Serializable {

  /** {@link #limit()} when there is none. */
  public static final long NO_LIMIT = -1;

  /** The public data root of the SwissMetNet collection. */
  public static final String DEFAULT_BASE_URL =
      "https://data.geo.admin.ch/ch.meteoschweiz.ogd-smn/";

  /** Validates and normalises. */
  public MeteoSwissSourceConfig {
    baseUrl = withSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
    stacItemsUrl = stacItemsUrl == null ? defaultStacItemsUrl(baseUrl) : stacItemsUrl.trim();
    Objects.requireNonNull(discovery, "discovery");
    Set<String> upper = new LinkedHashSet<>();
    for (String s : Objects.requireNonNull(stations, "stations")) {
      upper.add(s.trim().toUpperCase(Locale.ROOT));
    }
    stations = Collections.unmodifiableSet(upper);
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(period, "period");
    period.checkSupports(granularity);
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(discoveryInterval, "discoveryInterval");
    Objects.requireNonNull(revisionWindow, "revisionWindow");
    Objects.requireNonNull(storeFactory, "storeFactory");
    timeRange = timeRange == null ? TimeRange.ALL : timeRange;
    if (limit < NO_LIMIT) {
      throw new IllegalArgumentException("limit must be -1 (none) or at least 0: " + limit);
    }
    if (maxConcurrentRequestsPerHost < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentRequestsPerHost must be at least 1: " + maxConcurrentRequestsPerHost);
    }
    if (maxConsecutiveDiscoveryFailures < 0) {
      throw new IllegalArgumentException(
          "maxConsecutiveDiscoveryFailures must not be negative: "
              + maxConsecutiveDiscoveryFailures);
    }
    if (discoveryInterval.isZero() || discoveryInterval.isNegative()) {
      throw new IllegalArgumentException(
          "discoveryInterval must be positive: " + discoveryInterval);
    }
    if (revisionWindow.isNegative()) {
      throw new IllegalArgumentException("revisionWindow must not be negative: " + revisionWindow);
    }
    if (columns != null) {
      Set<String> lower = new LinkedHashSet<>();
      for (String c : columns) {
        lower.add(c.trim().toLowerCase(Locale.ROOT));
      }
      columns = Collections.unmodifiableSet(lower);
    }
  }

  /** This configuration reading only {@code range} of it (the intersection). */
  public MeteoSwissSourceConfig narrowedTo(TimeRange range) {
    return with(timeRange.intersect(range), limit);
  }

  /** This configuration with a per-reader limit ({@link #NO_LIMIT} for none). */
  public MeteoSwissSourceConfig withLimit(long newLimit) {
    return with(timeRange, newLimit);
  }

  private MeteoSwissSourceConfig with(TimeRange newRange, long newLimit) {
    return new MeteoSwissSourceConfig(
        baseUrl,
        stacItemsUrl,
        discovery,
        stations,
        granularity,
        period,
        bounded,
        timing,
        maxConcurrentRequestsPerHost,
        discoveryInterval,
        maxConsecutiveDiscoveryFailures,
        revisionWindow,
        historicalFirstYear,
        columns,
        storeFactory,
        newRange,
        newLimit);
  }

  /** Whether a bounded scan stops after {@link #limit()} records per reader. */
  public boolean hasLimit() {
    return bounded && limit != NO_LIMIT;
  }

  /** Whether {@code code} passes the station filter. */
  public boolean wantsStation(String code) {
    return stations.isEmpty() || stations.contains(code.toUpperCase(Locale.ROOT));
  }

  /**
   * The STAC items URL for a data root: {@code https://host/ch.x/} becomes {@code
   * https://host/api/stac/v1/collections/ch.x/items}.
   */
  public static String defaultStacItemsUrl(String baseUrl) {
    String b = withSlash(baseUrl);
    String trimmed = b.substring(0, b.length() - 1);
    int slash = trimmed.lastIndexOf('/');
    String collection = trimmed.substring(slash + 1);
    String root = trimmed.substring(0, slash + 1);
    return root + "api/stac/v1/collections/" + collection + "/items";
  }

  private static String withSlash(String url) {
    String u = url.trim();
    return u.endsWith("/") ? u : u + "/";
  }
}
