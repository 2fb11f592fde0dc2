package org.remotestore.medallion.gold;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The gold streams, before their sinks (for example to print the newest rows).
 *
 * @param dailySummaries rows of {@code daily_summary}
 * @param stationStats rows of {@code station_stats}
 * @param alerts rows of {@code alerts}
 * @param monthlySummaries rows of {@code monthly_summary}
 */
public record GoldStreams(
    DataStream<DailySummary> dailySummaries,
    DataStream<StationStats> stationStats,
    DataStream<Alert> alerts,
    DataStream<MonthlySummary> monthlySummaries) {}
