package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.observe.StoreObserver;
import org.remotestore.meteoswiss.MeasurementReader;
import org.remotestore.meteoswiss.MeteoSwissCsvParser;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * Fetches feed files through a {@link org.remotestore.Store} with {@link
 * org.remotestore.Store#readIfChanged conditional reads} and parses them with {@link
 * MeteoSwissCsvParser}, keeping only the configured columns.
 *
 * <p>A body whose last line has no terminator is taken as cut short: that line is dropped and the
 * result is flagged {@link FetchResult#truncated() truncated}, so the reader fetches the file
 * again. If the same body comes back, its last line is accepted as it is.
 */
final class StoreFileFetcher implements FileFetcher {
  private final FeedStoreFactory.OpenedStore data;
  private final MeteoSwissCsvParser strict;
  private final MeteoSwissCsvParser lenient;

  StoreFileFetcher(FeedStoreFactory.OpenedStore data, MeteoSwissSourceConfig config) {
    this.data = data;
    this.strict = parser(config, true);
    this.lenient = parser(config, false);
  }

  /**
   * The factory used by default: the configured store at the data root; with an observer, that
   * store wrapped in an {@link ObservedStore} reporting to it (the outermost wrapper).
   */
  static Factory factory() {
    return new Factory() {
      private static final long serialVersionUID = 1L;

      @Override
      public FileFetcher create(MeteoSwissSourceConfig config) throws IOException {
        return new StoreFileFetcher(config.storeFactory().open(config.baseUrl()), config);
      }

      @Override
      public FileFetcher create(MeteoSwissSourceConfig config, StoreObserver observer)
          throws IOException {
        FeedStoreFactory.OpenedStore opened = config.storeFactory().open(config.baseUrl());
        return new StoreFileFetcher(
            new FeedStoreFactory.OpenedStore(ObservedStore.wrap(opened.store(), observer), opened),
            config);
      }
    };
  }

  private static MeteoSwissCsvParser parser(MeteoSwissSourceConfig config, boolean strictEnd) {
    return MeteoSwissCsvParser.builder()
        .granularity(config.granularity())
        .parameters(config.columns())
        .rejectUnterminatedLastLine(strictEnd)
        .build();
  }

  @Override
  public FetchResult fetch(FetchRequest request) throws IOException {
    try (ConditionalRead answer =
        data.store().readIfChanged(request.file(), request.etag(), request.lastModified())) {
      FileInfo info = answer.info();
      String etag = info == null ? null : info.etag();
      java.time.Instant lastModified = info == null ? null : info.lastModified();
      if (!answer.isModified()) {
        return FetchResult.notModified(etag, lastModified);
      }
      SpooledBytes body;
      try (InputStream in = answer.body()) {
        body = SpooledBytes.read(in, SpooledBytes.MEMORY_LIMIT);
      }
      String sha256 = body.sha256();
      if (sha256.equals(request.previousSha256())) {
        body.release();
        return new FetchResult(
            true,
            true,
            etag,
            lastModified,
            sha256,
            body.length(),
            FileFetcher.Body.of(List.of(), false));
      }
      boolean acceptCut = sha256.equals(request.acceptUnterminatedSha256());
      return new FetchResult(
          true,
          false,
          etag,
          lastModified,
          sha256,
          body.length(),
          new CsvBody(body, acceptCut ? lenient : strict, request.file()));
    }
  }

  /** A body parsed as it is read; a cut-off last line ends it and flags it truncated. */
  private record CsvBody(SpooledBytes bytes, MeteoSwissCsvParser parser, String file)
      implements FileFetcher.Body {
    @Override
    public FileFetcher.LineCursor open() throws IOException {
      MeasurementReader reader = parser.open(bytes.open(), file);
      return new FileFetcher.LineCursor() {
        private boolean truncated;

        @Override
        public ParsedLine next() throws IOException {
          if (truncated) {
            return null;
          }
          ParsedLine line = reader.next();
          if (line instanceof RejectedRow r && r.reason() == RejectReason.TRUNCATED) {
            truncated = true; // only ever the last line
            return null;
          }
          return line;
        }

        @Override
        public boolean truncated() {
          return truncated;
        }

        @Override
        public void close() throws IOException {
          reader.close();
        }
      };
    }

    @Override
    public void release() {
      bytes.release();
    }
  }

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
