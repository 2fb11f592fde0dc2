package org.remotestore.medallion.silver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.remotestore.meteoswiss.ParameterMeta;
import org.remotestore.meteoswiss.StationMeta;
import org.remotestore.meteoswiss.source.FeedStoreFactory;

/**
 * Turns a deduplicated {@link SilverValue} into a {@link SilverRecord}: parameter code mapped to
 * its English description and unit, station enriched with name, canton, elevation and WGS84
 * coordinates from the feed's metadata files ({@link FeedMetadata}). Unknown codes trigger a reload
 * (rate-limited); a station or parameter still unknown leaves those columns {@code null} rather
 * than holding the row back. {@code ingested_at} is the processing time.
 */
public final class SilverEnricher extends RichMapFunction<SilverValue, SilverRecord> {
  private static final long serialVersionUID = 1L;

  private final String feedBaseUrl;
  private final FeedStoreFactory storeFactory;
  private final Duration minRefreshInterval;
  private transient FeedStoreFactory.OpenedStore store;
  private transient FeedMetadata metadata;

  /**
   * Creates the enricher.
   *
   * @param feedBaseUrl the feed's data root, where the metadata files are
   * @param storeFactory opens a store at the data root
   * @param minRefreshInterval the least time between two reloads triggered by unknown codes
   */
  public SilverEnricher(
      String feedBaseUrl, FeedStoreFactory storeFactory, Duration minRefreshInterval) {
    this.feedBaseUrl = feedBaseUrl;
    this.storeFactory = storeFactory;
    this.minRefreshInterval = minRefreshInterval;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    store = storeFactory.open(feedBaseUrl);
    metadata = new FeedMetadata(store.store(), minRefreshInterval, Clock.systemUTC());
    metadata.refresh();
  }

  @Override
  public SilverRecord map(SilverValue v) {
    StationMeta s = metadata.station(v.station());
    ParameterMeta p = metadata.parameter(v.parameter());
    return new SilverRecord(
        v.station(),
        s == null ? null : s.name(),
        s == null ? null : s.canton(),
        s == null ? null : s.heightMasl(),
        s == null ? null : s.latitude(),
        s == null ? null : s.longitude(),
        v.referenceTimestamp(),
        v.parameter(),
        p == null ? null : p.descriptionEn(),
        p == null ? null : p.unit(),
        v.value(),
        v.granularity(),
        v.revision(),
        Instant.now());
  }

  @Override
  public void close() throws Exception {
    if (store != null) {
      store.close();
    }
  }
}
