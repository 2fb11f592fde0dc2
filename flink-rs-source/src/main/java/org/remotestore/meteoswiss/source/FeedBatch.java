package org.remotestore.meteoswiss.source;

import java.io.IOException;
import org.remotestore.meteoswiss.ParsedLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fetched file of one split being emitted by {@link FeedSourceReader}: its lines are parsed and
 * planned one at a time, one line ahead of emission, so only the next line is held in memory.
 */
final class FeedBatch {
  private static final Logger LOG = LoggerFactory.getLogger(FeedBatch.class);

  final String file;
  final FileFetcher.FetchResult result;
  final FetchMetadata meta;
  final SplitProgress.Planner planner;
  FileFetcher.LineCursor cursor;
  SplitProgress.Emission peeked;
  boolean truncated;

  FeedBatch(
      String file,
      FileFetcher.FetchResult result,
      FetchMetadata meta,
      SplitProgress.Planner planner) {
    this.file = file;
    this.result = result;
    this.meta = meta;
    this.planner = planner;
  }

  void open() throws IOException {
    cursor = result.unchanged() ? null : result.body().open();
  }

  /** Reads to the next line to emit; {@link #peeked} is {@code null} at the end. */
  void advance() throws IOException {
    peeked = null;
    if (cursor == null) {
      return;
    }
    for (ParsedLine line = cursor.next(); line != null; line = cursor.next()) {
      SplitProgress.Emission e = planner.offer(line);
      if (e != null) {
        peeked = e;
        return;
      }
    }
    truncated = cursor.truncated();
    close();
  }

  void close() {
    try {
      if (cursor != null) {
        cursor.close();
      }
    } catch (IOException e) {
      LOG.debug("Closing the body of {} failed", file, e);
    } finally {
      cursor = null;
      result.body().release();
    }
  }
}
