package org.remotestore.meteoswiss.table;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.remotestore.meteoswiss.source.MeteoSwissSourceConfig;

/** The options of the {@code meteoswiss} SQL connector. */
public final class MeteoSwissTableOptions {
  private MeteoSwissTableOptions() {}

  /** The data root of the feed. */
  public static final ConfigOption<String> BASE_URL =
      ConfigOptions.key("base-url")
          .stringType()
          .defaultValue(MeteoSwissSourceConfig.DEFAULT_BASE_URL)
          .withDescription("Data root of the SwissMetNet collection.");

  /** Comma-separated station codes, or {@code all}. */
  public static final ConfigOption<String> STATIONS =
      ConfigOptions.key("stations")
          .stringType()
          .defaultValue("all")
          .withDescription("Comma-separated station codes (BER,KLO) or 'all'.");

  /** The granularity letter. */
  public static final ConfigOption<String> GRANULARITY =
      ConfigOptions.key("granularity")
          .stringType()
          .defaultValue("t")
          .withDescription("t (10 min), h (hourly), d (daily), m (monthly) or y (yearly).");

  /** Which files are read. */
  public static final ConfigOption<String> PERIOD =
      ConfigOptions.key("period")
          .stringType()
          .defaultValue("now")
          .withDescription(
              "now, recent, historical or backfill (historical, recent, then now). When not set:"
                  + " now for t and h, recent for d, backfill for m and y. The feed has no d now"
                  + " file; m and y are one file each (historical or backfill).");

  /** Time between two polls of a file. */
  public static final ConfigOption<Duration> POLL_INTERVAL =
      ConfigOptions.key("poll-interval")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription("Time between two conditional requests for the same file.");

  /** Whether the scan ends after reading each file once. */
  public static final ConfigOption<Boolean> SCAN_BOUNDED =
      ConfigOptions.key("scan.bounded")
          .booleanType()
          .defaultValue(false)
          .withDescription("Read each file once and finish.");

  /** How corrected rows are emitted. */
  public static final ConfigOption<String> CHANGELOG_MODE =
      ConfigOptions.key("changelog-mode")
          .stringType()
          .defaultValue("append")
          .withDescription(
              "append: corrected rows are new rows (see the 'revision' metadata column); upsert:"
                  + " corrected rows update the row keyed on (station_abbr, reference_timestamp).");

  /**
   * Where stations are listed when {@code stations = all}; {@code none} with an explicit list for a
   * feed without the STAC API.
   */
  public static final ConfigOption<String> DISCOVERY =
      ConfigOptions.key("discovery")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "stac or metadata: how 'all' stations are listed (default stac). An explicit list"
                  + " reads each station's STAC item for the checksums of its files; 'none' with"
                  + " an explicit list fetches nothing before reading (for a copy of the feed"
                  + " without the STAC API: no checksum is verified).");

  /** The URL of the STAC items listing. */
  public static final ConfigOption<String> STAC_URL =
      ConfigOptions.key("stac-url")
          .stringType()
          .noDefaultValue()
          .withDescription("URL of the STAC items listing; derived from base-url by default.");

  /** The revision window. */
  public static final ConfigOption<Duration> REVISION_WINDOW =
      ConfigOptions.key("revision-window")
          .durationType()
          .defaultValue(Duration.ofDays(5))
          .withDescription("How far back (event time) corrected rows are noticed.");

  /** Requests per reader at a time. */
  public static final ConfigOption<Integer> MAX_CONCURRENT_REQUESTS =
      ConfigOptions.key("max-concurrent-requests")
          .intType()
          .defaultValue(2)
          .withDescription("Requests one reader sends to the feed's host at a time.");

  /** Discovery interval. */
  public static final ConfigOption<Duration> DISCOVERY_INTERVAL =
      ConfigOptions.key("discovery-interval")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription("How often stations are listed again in continuous mode.");

  /** The first {@code reference_timestamp} read (inclusive). */
  public static final ConfigOption<String> TIME_RANGE_START =
      ConfigOptions.key("scan.time-range.start")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "First reference_timestamp read, inclusive, in UTC: 2026-06-01, 2026-06-01 06:00[:ss]"
                  + " or 2026-06-01T06:00:00Z. Decade files before it are not fetched.");

  /** The first {@code reference_timestamp} no longer read (exclusive). */
  public static final ConfigOption<String> TIME_RANGE_END =
      ConfigOptions.key("scan.time-range.end")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "First reference_timestamp no longer read, exclusive, same formats as"
                  + " scan.time-range.start. A station's read ends once its feed passed it.");
}
