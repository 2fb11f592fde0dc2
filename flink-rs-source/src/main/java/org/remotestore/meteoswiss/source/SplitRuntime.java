package org.remotestore.meteoswiss.source;

import org.apache.flink.api.connector.source.SourceOutput;

/** What a {@link FeedSourceReader} knows of one of its splits beyond the checkpointed progress. */
final class SplitRuntime {
  final SplitProgress progress;
  SourceOutput<?> output;
  long dueAt;
  boolean inFlight;
  int failures;

  /** Checksum mismatches in a row of the current file. */
  int checksumMismatches;

  FeedBatch batch;
  String unterminatedSha;
  boolean pastEnd;

  SplitRuntime(SplitProgress progress) {
    this.progress = progress;
  }
}
