package org.remotestore.medallion.config;

import static org.remotestore.medallion.config.MedallionConfig.CHECKPOINTS_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.CHECKPOINTS_PATH;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_CHECKPOINTS;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_ENABLED;
import static org.remotestore.medallion.config.MedallionConfig.COMPACTION_TARGET_SIZE;
import static org.remotestore.medallion.config.MedallionConfig.DEFAULT_LAKE_PATH;
import static org.remotestore.medallion.config.MedallionConfig.FEED_BASE_URL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_BOUNDED;
import static org.remotestore.medallion.config.MedallionConfig.FEED_DISCOVERY;
import static org.remotestore.medallion.config.MedallionConfig.FEED_META_POLL_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_PERIOD;
import static org.remotestore.medallion.config.MedallionConfig.FEED_POLL_INTERVAL;
import static org.remotestore.medallion.config.MedallionConfig.FEED_REVISION_WINDOW;
import static org.remotestore.medallion.config.MedallionConfig.FEED_STAC_URL;
import static org.remotestore.medallion.config.MedallionConfig.GOLD_PREFIX;
import static org.remotestore.medallion.config.MedallionConfig.GRANULARITY;
import static org.remotestore.medallion.config.MedallionConfig.LAKE_PATH;
import static org.remotestore.medallion.config.MedallionConfig.PARALLELISM;
import static org.remotestore.medallion.config.MedallionConfig.SILVER_DEDUPE_TTL;
import static org.remotestore.medallion.config.MedallionConfig.SILVER_METADATA_REFRESH;
import static org.remotestore.medallion.config.MedallionConfig.STATIONS;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_IDLENESS;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_MAX_DRIFT;
import static org.remotestore.medallion.config.MedallionConfig.WATERMARK_OUT_OF_ORDERNESS;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.medallion.gold.GoldConfig;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;

/** The documentation of every key of {@link MedallionConfig}: meaning and default. */
final class MedallionKeys {
  private MedallionKeys() {}

  /** Every key (other than {@code rs.} keys), in documentation order: {@code meaning | default}. */
  static Map<String, String> describe() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put(STATIONS, "station codes (list or comma-separated), or `all` | `all`");
    k.put(
        FEED_BASE_URL, "data root of the feed | `" + MeteoSwissSourceConfig.DEFAULT_BASE_URL + "`");
    k.put(FEED_STAC_URL, "STAC items listing (used when stations = all) | derived from the root");
    k.put(
        FEED_DISCOVERY,
        "how `all` stations are listed: `stac` or `metadata`; `none` with an explicit station list:"
            + " no STAC item read, no checksum verified (a feed copy without the STAC API) | `stac`");
    k.put(
        GRANULARITY,
        "feed files ingested: `t` (10 min), `h`, `d`, `m` or `y`; gold's monthly_summary comes"
            + " from `d` rows when `d`, from 10-minute data otherwise | `t`");
    k.put(
        FEED_PERIOD,
        "`now`, `recent`, `historical` or `backfill`, as published for the granularity"
            + " | `now` (`recent` for `d`, `backfill` for `m`/`y`)");
    k.put(FEED_BOUNDED, "read each file once and finish | `false`");
    k.put(FEED_POLL_INTERVAL, "time between two conditional GETs of a station file | `10 min`");
    k.put(FEED_REVISION_WINDOW, "how far back corrected rows are noticed | `5 d`");
    k.put(FEED_META_POLL_INTERVAL, "time between two checks of the metadata files | `10 min`");
    k.put(WATERMARK_OUT_OF_ORDERNESS, "watermark bound | `10 min`");
    k.put(WATERMARK_IDLENESS, "a station silent this long stops holding back time | `30 min`");
    k.put(
        WATERMARK_MAX_DRIFT,
        "a station this far (event time) ahead of the slowest one is paused | `1 d`");
    k.put(LAKE_PATH, "root of the lake (any Flink path) | `" + DEFAULT_LAKE_PATH + "`");
    k.put(CHECKPOINTS_PATH, "checkpoint directory | `<lake.path>_checkpoints`");
    k.put(CHECKPOINTS_INTERVAL, "time between checkpoints, i.e. between commits | `1 min`");
    k.put(
        COMPACTION_ENABLED,
        "merge silver's and gold's small Parquet files exactly once (readers see only merged"
            + " `compacted-part-*` files) | `true`");
    k.put(
        COMPACTION_TARGET_SIZE,
        "merge a partition's files once they add up to this size | `64 mb`");
    k.put(
        COMPACTION_CHECKPOINTS,
        "merge a partition's files at the latest this many checkpoints after its first new file;"
            + " rows become visible then | `10`");
    k.put(PARALLELISM, "default parallelism of the job | the cluster's");
    k.put(
        SILVER_DEDUPE_TTL,
        "how far behind the watermark silver remembers values to drop exact repeats | `7 d`");
    k.put(SILVER_METADATA_REFRESH, "least time between two metadata reloads | `1 min`");
    k.put(
        GOLD_PREFIX + GoldConfig.ALLOWED_LATENESS,
        "how long a day's summary waits for late rows | `1 h`");
    k.put(
        GOLD_PREFIX + GoldConfig.CORRECTION_PERIOD,
        "how long after its end a day still takes corrections | `6 d`");
    k.put(
        GOLD_PREFIX + GoldConfig.STATS_REFRESH_INTERVAL,
        "event-time interval of station_stats refreshes | `1 h`");
    k.put(GOLD_PREFIX + GoldConfig.HEAT_THRESHOLD_C, "heat alert at tre200s0 >= this | `30`");
    k.put(GOLD_PREFIX + GoldConfig.FROST_THRESHOLD_C, "frost alert at tre200s0 <= this | `0`");
    k.put(
        GOLD_PREFIX + GoldConfig.STORM_GUST_THRESHOLD_KMH,
        "storm gust alert at fu3010z1 >= this | `75`");
    k.put(
        GOLD_PREFIX + GoldConfig.HEAVY_RAIN_THRESHOLD_MM,
        "heavy rain alert at rre150z0 >= this | `5`");
    return Collections.unmodifiableMap(k);
  }
}
