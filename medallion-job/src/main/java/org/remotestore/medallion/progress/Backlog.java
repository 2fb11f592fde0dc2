package org.remotestore.medallion.progress;

/**
 * The MeteoSwiss source's progress and backlog, summed over its readers: what its Flink metrics
 * report ({@code filesRead}, {@code backlogFiles}, {@code backlogSplits}, {@code rowsEmitted},
 * {@code bytesReceived}, and the smallest {@code eventTimeMs}).
 *
 * @param filesRead files read to their end
 * @param filesPending files the readers' splits have still to read once
 * @param splitsPending splits (stations) not finished
 * @param rows measurement rows emitted
 * @param bytes body bytes received from the feed
 * @param eventTimeMs how far the slowest unfinished station has come (epoch ms), {@code -1} if
 *     unknown
 */
public record Backlog(
    long filesRead,
    long filesPending,
    long splitsPending,
    long rows,
    long bytes,
    long eventTimeMs) {

  /** Files known so far: read and pending. */
  public long filesKnown() {
    return filesRead + filesPending;
  }
}
