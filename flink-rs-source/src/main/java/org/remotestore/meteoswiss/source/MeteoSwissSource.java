package org.remotestore.meteoswiss.source;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;

/**
 * A FLIP-27 source polling the MeteoSwiss SwissMetNet open-data feed. Each split is one long-lived
 * (station, granularity) feed such as {@code ber/ogd-smn_ber_t_now.csv}.
 *
 * <pre>{@code
 * MeteoSwissSource<ParsedLine> source = MeteoSwissSource.builder()
 *     .stations("BER", "KLO")
 *     .granularity(Granularity.T)
 *     .period(PeriodMode.BACKFILL)
 *     .build();
 * DataStream<ParsedLine> lines =
 *     env.fromSource(source, MeteoSwissSource.watermarks(), "meteoswiss");
 * SingleOutputStreamOperator<MeasurementRow> rows = RejectedLines.split(lines);
 * }</pre>
 *
 * <p>See the module README for polling, backfill, catch-up, revisions, restore semantics and
 * metrics.
 *
 * @param <T> the output type, decided by the {@link FeedRecordMapper}
 */
public final class MeteoSwissSource<T>
    implements Source<T, FeedSplit, EnumeratorState>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  private final MeteoSwissSourceConfig config;
  private final FeedRecordMapper<T> mapper;
  private final FileFetcher.Factory fetcherFactory;
  private final ReaderTimers.Factory timersFactory;
  private final StationListerFactory listerFactory;

  MeteoSwissSource(
      MeteoSwissSourceConfig config,
      FeedRecordMapper<T> mapper,
      FileFetcher.Factory fetcherFactory,
      ReaderTimers.Factory timersFactory,
      StationListerFactory listerFactory) {
    this.config = config;
    this.mapper = mapper;
    this.fetcherFactory = fetcherFactory;
    this.timersFactory = timersFactory;
    this.listerFactory = listerFactory;
  }

  /** Starts configuring a source of {@link ParsedLine}s (rows and rejected lines). */
  public static Builder<ParsedLine> builder() {
    return new Builder<>(FeedRecordMapper.parsedLines());
  }

  /**
   * The recommended watermark strategy: event time from {@code reference_timestamp}, 10 minutes of
   * out-of-orderness and 30 minutes of idleness, applied per split by the source.
   */
  public static <T> WatermarkStrategy<T> watermarks() {
    return watermarks(Duration.ofMinutes(10), Duration.ofMinutes(30));
  }

  /**
   * A watermark strategy with the given bounds. The source emits every record with its {@code
   * reference_timestamp} as event time, so no timestamp assigner is needed; per-split generation
   * and idleness let a silent station go idle instead of stalling the job.
   */
  public static <T> WatermarkStrategy<T> watermarks(Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<T>forBoundedOutOfOrderness(outOfOrderness).withIdleness(idleness);
  }

  /** The configuration. */
  public MeteoSwissSourceConfig config() {
    return config;
  }

  /** The same source (mapper included) with another configuration. */
  public MeteoSwissSource<T> withConfig(MeteoSwissSourceConfig newConfig) {
    return new MeteoSwissSource<>(
        Objects.requireNonNull(newConfig, "config"),
        mapper,
        fetcherFactory,
        timersFactory,
        listerFactory);
  }

  @Override
  public Boundedness getBoundedness() {
    return config.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<T, FeedSplit> createReader(SourceReaderContext readerContext) {
    return new FeedSourceReader<>(readerContext, config, mapper, fetcherFactory, timersFactory);
  }

  @Override
  public SplitEnumerator<FeedSplit, EnumeratorState> createEnumerator(
      SplitEnumeratorContext<FeedSplit> enumContext) {
    return restoreEnumerator(enumContext, EnumeratorState.initial());
  }

  @Override
  public SplitEnumerator<FeedSplit, EnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<FeedSplit> enumContext, EnumeratorState checkpoint) {
    return new FeedSplitEnumerator(
        enumContext, config, listerFactory, Clock.systemUTC(), checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<FeedSplit> getSplitSerializer() {
    return FeedSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<EnumeratorState> getEnumeratorCheckpointSerializer() {
    return EnumeratorStateSerializer.INSTANCE;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return mapper.producedType();
  }

  /**
   * Configures a {@link MeteoSwissSource}. Defaults: the public data root, stations from STAC,
   * 10-minute data, period {@code now}, continuous, poll every 10 minutes with 10 % jitter, 2
   * requests at a time per reader, re-discovery every hour tolerating 5 failures in a row, a 5-day
   * revision window.
   *
   * @param <T> the output type
   */
  public static final class Builder<T> {
    private final FeedRecordMapper<T> mapper;
    private String baseUrl = MeteoSwissSourceConfig.DEFAULT_BASE_URL;
    private String stacItemsUrl;
    private StationDiscovery discovery = StationDiscovery.STAC;
    private Set<String> stations = new LinkedHashSet<>();
    private Granularity granularity = Granularity.T;
    private PeriodMode period;
    private boolean bounded;
    private PollTiming timing = PollTiming.DEFAULT;
    private int maxConcurrentRequestsPerHost = 2;
    private Duration discoveryInterval = Duration.ofHours(1);
    private int maxConsecutiveDiscoveryFailures = 5;
    private Duration revisionWindow = Duration.ofDays(5);
    private int historicalFirstYear = 1980;
    private Set<String> columns;
    private TimeRange timeRange = TimeRange.ALL;
    private long limit = MeteoSwissSourceConfig.NO_LIMIT;
    private FeedStoreFactory storeFactory = HttpFeedStores.standard();
    private FileFetcher.Factory fetcherFactory = StoreFileFetcher.factory();
    private ReaderTimers.Factory timersFactory = ReaderTimers::system;
    private StationListerFactory listerFactory = StationListerFactory.standard();

    private Builder(FeedRecordMapper<T> mapper) {
      this.mapper = mapper;
    }

    private <R> Builder<R> copyWith(FeedRecordMapper<R> newMapper) {
      Builder<R> b = new Builder<>(newMapper);
      b.baseUrl = baseUrl;
      b.stacItemsUrl = stacItemsUrl;
      b.discovery = discovery;
      b.stations = stations;
      b.granularity = granularity;
      b.period = period;
      b.bounded = bounded;
      b.timing = timing;
      b.maxConcurrentRequestsPerHost = maxConcurrentRequestsPerHost;
      b.discoveryInterval = discoveryInterval;
      b.maxConsecutiveDiscoveryFailures = maxConsecutiveDiscoveryFailures;
      b.revisionWindow = revisionWindow;
      b.historicalFirstYear = historicalFirstYear;
      b.columns = columns;
      b.timeRange = timeRange;
      b.limit = limit;
      b.storeFactory = storeFactory;
      b.fetcherFactory = fetcherFactory;
      b.timersFactory = timersFactory;
      b.listerFactory = listerFactory;
      return b;
    }

    /** Emits whatever {@code newMapper} makes of each line. */
    public <R> Builder<R> mapper(FeedRecordMapper<R> newMapper) {
      return copyWith(Objects.requireNonNull(newMapper, "mapper"));
    }

    /** Emits measurement rows only (rejected lines are still counted). */
    public Builder<MeasurementRow> measurementsOnly() {
      return copyWith(FeedRecordMapper.measurements());
    }

    /** The data root, default {@value MeteoSwissSourceConfig#DEFAULT_BASE_URL}. */
    public Builder<T> baseUrl(String url) {
      this.baseUrl = Objects.requireNonNull(url, "baseUrl");
      return this;
    }

    /** The STAC items URL (it may carry {@code ?limit=}); by default derived from the data root. */
    public Builder<T> stacItemsUrl(String url) {
      this.stacItemsUrl = url;
      return this;
    }

    /** Where stations come from (default STAC; explicit when {@link #stations} is called). */
    public Builder<T> discovery(StationDiscovery how) {
      this.discovery = Objects.requireNonNull(how, "discovery");
      return this;
    }

    /**
     * Reads only these stations. With the default discovery this also switches to {@link
     * StationDiscovery#EXPLICIT}: nothing is listed. Call {@link #discovery} afterwards to filter a
     * discovered list instead.
     */
    public Builder<T> stations(String... codes) {
      return stations(Arrays.asList(codes));
    }

    /** See {@link #stations(String...)}. */
    public Builder<T> stations(Collection<String> codes) {
      this.stations = new LinkedHashSet<>(codes);
      if (discovery == StationDiscovery.STAC) {
        this.discovery = StationDiscovery.EXPLICIT;
      }
      return this;
    }

    /** The time resolution (default {@code t}). */
    public Builder<T> granularity(Granularity g) {
      this.granularity = Objects.requireNonNull(g, "granularity");
      return this;
    }

    /**
     * Which files are read (default {@link PeriodMode#defaultFor}: {@code now} for {@code t} and
     * {@code h}, {@code recent} for {@code d}, {@code backfill} for {@code m} and {@code y}). A
     * mode the feed does not publish for the granularity fails {@link #build()}.
     */
    public Builder<T> period(PeriodMode mode) {
      this.period = Objects.requireNonNull(mode, "period");
      return this;
    }

    /** Read each file once and finish (default: poll forever). */
    public Builder<T> bounded(boolean isBounded) {
      this.bounded = isBounded;
      return this;
    }

    /** The poll interval (default 10 minutes). */
    public Builder<T> pollInterval(Duration interval) {
      this.timing = timing.withPollInterval(interval);
      return this;
    }

    /** Poll interval, jitter and backoff together. */
    public Builder<T> timing(PollTiming newTiming) {
      this.timing = Objects.requireNonNull(newTiming, "timing");
      return this;
    }

    /** How many requests one reader sends to the feed's host at a time (default 2). */
    public Builder<T> maxConcurrentRequestsPerHost(int max) {
      this.maxConcurrentRequestsPerHost = max;
      return this;
    }

    /** How often stations are discovered again in continuous mode (default 1 hour). */
    public Builder<T> discoveryInterval(Duration interval) {
      this.discoveryInterval = Objects.requireNonNull(interval, "discoveryInterval");
      return this;
    }

    /** After how many failed discoveries in a row the job fails (default 5). */
    public Builder<T> maxConsecutiveDiscoveryFailures(int max) {
      this.maxConsecutiveDiscoveryFailures = max;
      return this;
    }

    /** How far back in event time corrected rows are noticed (default 5 days). */
    public Builder<T> revisionWindow(Duration window) {
      this.revisionWindow = Objects.requireNonNull(window, "revisionWindow");
      return this;
    }

    /** First year tried for historical files when STAC does not list them (default 1980). */
    public Builder<T> historicalFirstYear(int year) {
      this.historicalFirstYear = year;
      return this;
    }

    /** Parses only these parameter columns (default: all). */
    public Builder<T> columns(Collection<String> codes) {
      this.columns = codes == null ? null : new LinkedHashSet<>(codes);
      return this;
    }

    /**
     * Reads only rows whose {@code reference_timestamp} is in {@code [start, end)} (a {@code null}
     * bound is open): decade files outside are not fetched, rows outside are dropped, and a station
     * ends once its feed passed {@code end}.
     *
     * @throws IllegalArgumentException when {@code start} is after {@code end}
     */
    public Builder<T> timeRange(java.time.Instant start, java.time.Instant end) {
      this.timeRange = new TimeRange(start, end);
      return this;
    }

    /**
     * In a bounded scan, each reader stops after emitting {@code max} records ({@link
     * MeteoSwissSourceConfig#NO_LIMIT} for none). A continuous scan ignores it.
     */
    public Builder<T> limit(long max) {
      this.limit = max;
      return this;
    }

    /** How the store is opened (default: the {@code http} backend, see {@link HttpFeedStores}). */
    public Builder<T> storeFactory(FeedStoreFactory factory) {
      this.storeFactory = Objects.requireNonNull(factory, "storeFactory");
      return this;
    }

    Builder<T> fetcherFactory(FileFetcher.Factory factory) {
      this.fetcherFactory = factory;
      return this;
    }

    Builder<T> timersFactory(ReaderTimers.Factory factory) {
      this.timersFactory = factory;
      return this;
    }

    Builder<T> listerFactory(StationListerFactory factory) {
      this.listerFactory = factory;
      return this;
    }

    /** The configuration this builder describes. */
    public MeteoSwissSourceConfig buildConfig() {
      return new MeteoSwissSourceConfig(
          baseUrl,
          stacItemsUrl,
          discovery,
          stations,
          granularity,
          period == null ? PeriodMode.defaultFor(granularity) : period,
          bounded,
          timing,
          maxConcurrentRequestsPerHost,
          discoveryInterval,
          maxConsecutiveDiscoveryFailures,
          revisionWindow,
          historicalFirstYear,
          columns,
          storeFactory,
          timeRange,
          limit);
    }

    /** Builds the source. */
    public MeteoSwissSource<T> build() {
      return new MeteoSwissSource<>(
          buildConfig(), mapper, fetcherFactory, timersFactory, listerFactory);
    }
  }
}
