package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.remotestore.ext.observe.StoreObserver;
import org.remotestore.meteoswiss.ParsedLine;

/**
 * Fetches and parses one feed file, conditionally. Blocking; called from the reader's fetch
 * threads. Failures are thrown: {@link org.remotestore.NotFound} for a missing file, any other
 * {@link IOException} for a failure worth retrying later.
 */
interface FileFetcher extends AutoCloseable {

  /** Fetches {@code request.file()}. */
  FetchResult fetch(FetchRequest request) throws IOException;

  @Override
  void close() throws IOException;

  /** Creates the fetcher of one reader. */
  @FunctionalInterface
  interface Factory extends Serializable {
    FileFetcher create(MeteoSwissSourceConfig config) throws IOException;

    /**
     * Creates the fetcher of one reader whose store operations are also reported to {@code
     * observer} (the reader's Flink metrics); fetchers without a store ignore it.
     */
    default FileFetcher create(MeteoSwissSourceConfig config, StoreObserver observer)
        throws IOException {
      return create(config);
    }
  }

  /**
   * What to fetch.
   *
   * @param file the feed path
   * @param etag ETag for If-None-Match, or {@code null}
   * @param lastModified date for If-Modified-Since, or {@code null}
   * @param previousSha256 SHA-256 of the last fully read body; an equal body is answered {@link
   *     FetchResult#unchanged()} without parsing
   * @param acceptUnterminatedSha256 a body with this SHA-256 is taken as complete even if its last
   *     line has no terminator (it came back identical, so it is not a cut transfer)
   */
  record FetchRequest(
      String file,
      String etag,
      Instant lastModified,
      String previousSha256,
      String acceptUnterminatedSha256) {}

  /**
   * The answer.
   *
   * @param modified {@code false} for "not modified" (no body was transferred)
   * @param unchanged a body was transferred but it equals the previous one
   * @param etag the ETag of the version read
   * @param lastModified the Last-Modified of the version read
   * @param sha256 SHA-256 of the body, hex
   * @param bodyBytes body bytes received
   * @param lines the parsed lines in file order (without a cut-off last line)
   * @param truncated whether the body ended inside a line (the cut line is not in {@code lines})
   */
  record FetchResult(
      boolean modified,
      boolean unchanged,
      String etag,
      Instant lastModified,
      String sha256,
      long bodyBytes,
      List<ParsedLine> lines,
      boolean truncated) {

    /** A "not modified" answer. */
    static FetchResult notModified(String etag, Instant lastModified) {
      return new FetchResult(false, false, etag, lastModified, null, 0, List.of(), false);
    }
  }
}
