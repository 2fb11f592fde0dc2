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

  /** Lines of a fetched body, parsed one at a time as they are read. */
  interface LineCursor extends AutoCloseable {
    /**
     * The next line in file order, or {@code null} at the end (a cut-off last line is left out).
     */
    ParsedLine next() throws IOException;

    /** Whether the body ended inside a line; known once {@link #next()} returned {@code null}. */
    boolean truncated();

    @Override
    void close() throws IOException;
  }

  /**
   * A fetched body, read line by line as its rows are emitted (so a large file is never held as
   * parsed rows); {@link #release()} frees what it holds (a spill file).
   */
  interface Body {
    /** A new cursor over the lines, from the first. */
    LineCursor open() throws IOException;

    /** Frees the body; it is not opened again. */
    void release();

    /** A body of lines parsed already (small files and fakes). */
    static Body of(List<ParsedLine> lines, boolean truncated) {
      List<ParsedLine> copy = List.copyOf(lines);
      return new Body() {
        @Override
        public LineCursor open() {
          return new LineCursor() {
            private int next;

            @Override
            public ParsedLine next() {
              return next < copy.size() ? copy.get(next++) : null;
            }

            @Override
            public boolean truncated() {
              return truncated;
            }

            @Override
            public void close() {}
          };
        }

        @Override
        public void release() {}
      };
    }
  }

  /**
   * The answer.
   *
   * @param modified {@code false} for "not modified" (no body was transferred)
   * @param unchanged a body was transferred but it equals the previous one
   * @param etag the ETag of the version read
   * @param lastModified the Last-Modified of the version read
   * @param sha256 SHA-256 of the body, hex
   * @param bodyBytes body bytes received
   * @param body the lines, read lazily (empty when not modified or unchanged)
   */
  record FetchResult(
      boolean modified,
      boolean unchanged,
      String etag,
      Instant lastModified,
      String sha256,
      long bodyBytes,
      Body body) {

    /** A "not modified" answer. */
    static FetchResult notModified(String etag, Instant lastModified) {
      return new FetchResult(false, false, etag, lastModified, null, 0, Body.of(List.of(), false));
    }

    /** Every line, read at once (for small files and tests). */
    List<ParsedLine> lines() throws IOException {
      List<ParsedLine> out = new java.util.ArrayList<>();
      try (LineCursor c = body.open()) {
        for (ParsedLine l = c.next(); l != null; l = c.next()) {
          out.add(l);
        }
      }
      return out;
    }

    /** Whether the body ended inside a line (reads it all). */
    boolean truncated() throws IOException {
      try (LineCursor c = body.open()) {
        while (c.next() != null) {
          // to the end
        }
        return c.truncated();
      }
    }
  }
}
