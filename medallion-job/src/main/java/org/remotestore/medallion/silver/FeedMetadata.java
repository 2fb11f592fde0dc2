package org.remotestore.medallion.silver;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.remotestore.ConditionalRead;
import org.remotestore.Store;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.MeteoSwissMetadata;
import org.remotestore.meteoswiss.ParameterMeta;
import org.remotestore.meteoswiss.StationMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station and parameter metadata of the feed ({@value FeedFile#META_STATIONS}, {@value
 * FeedFile#META_PARAMETERS}), read from the feed's data root and reloaded on demand.
 *
 * <p>A lookup that misses (a station or parameter not in the files as last read) reloads both
 * files, at most once per {@code minRefreshInterval}; each reload is a conditional GET, so an
 * unchanged file costs a {@code 304}. A failing reload is logged and the lookup answers {@code
 * null}: enrichment never blocks longer than one request (bounded by the HTTP backend's timeouts).
 */
public final class FeedMetadata {
  private static final Logger LOG = LoggerFactory.getLogger(FeedMetadata.class);

  private final Store feed;
  private final Duration minRefreshInterval;
  private final Clock clock;
  private Map<String, StationMeta> stations = Map.of();
  private Map<String, ParameterMeta> parameters = Map.of();
  private String stationsEtag;
  private String parametersEtag;
  private Instant lastLoad;
  private long loads;

  /**
   * Creates the lookup; nothing is read until the first {@link #refresh()} or lookup.
   *
   * @param feed a store at the feed's data root
   * @param minRefreshInterval the least time between two reloads triggered by misses
   * @param clock the clock the interval is measured with
   */
  public FeedMetadata(Store feed, Duration minRefreshInterval, Clock clock) {
    this.feed = feed;
    this.minRefreshInterval = minRefreshInterval;
    this.clock = clock;
  }

  /** The station {@code abbr} (any case), or {@code null} when unknown even after a reload. */
  public StationMeta station(String abbr) {
    String key = abbr.toUpperCase(Locale.ROOT);
    StationMeta s = stations.get(key);
    if (s == null && refreshDue()) {
      refresh();
      s = stations.get(key);
    }
    return s;
  }

  /** The parameter {@code code} (any case), or {@code null} when unknown even after a reload. */
  public ParameterMeta parameter(String code) {
    String key = code.toLowerCase(Locale.ROOT);
    ParameterMeta p = parameters.get(key);
    if (p == null && refreshDue()) {
      refresh();
      p = parameters.get(key);
    }
    return p;
  }

  /** How many reloads were attempted. */
  public long loads() {
    return loads;
  }

  private boolean refreshDue() {
    return lastLoad == null || !clock.instant().isBefore(lastLoad.plus(minRefreshInterval));
  }

  /** Reloads both files now (conditional GETs); failures are logged, the old content kept. */
  public void refresh() {
    lastLoad = clock.instant();
    loads++;
    try (ConditionalRead answer = feed.readIfChanged(FeedFile.META_STATIONS, stationsEtag, null)) {
      if (answer.isModified()) {
        Map<String, StationMeta> next = new HashMap<>();
        try (InputStream in = answer.body()) {
          for (StationMeta s :
              MeteoSwissMetadata.parseStations(in, FeedFile.META_STATIONS).items()) {
            next.put(s.abbr().toUpperCase(Locale.ROOT), s);
          }
        }
        stations = next;
        stationsEtag = answer.info() == null ? null : answer.info().etag();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Reading {} from the feed failed; keeping what was read before",
          FeedFile.META_STATIONS,
          e);
    }
    try (ConditionalRead answer =
        feed.readIfChanged(FeedFile.META_PARAMETERS, parametersEtag, null)) {
      if (answer.isModified()) {
        Map<String, ParameterMeta> next = new HashMap<>();
        try (InputStream in = answer.body()) {
          for (ParameterMeta p :
              MeteoSwissMetadata.parseParameters(in, FeedFile.META_PARAMETERS).items()) {
            next.put(p.code().toLowerCase(Locale.ROOT), p);
          }
        }
        parameters = next;
        parametersEtag = answer.info() == null ? null : answer.info().etag();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Reading {} from the feed failed; keeping what was read before",
          FeedFile.META_PARAMETERS,
          e);
    }
  }
}
