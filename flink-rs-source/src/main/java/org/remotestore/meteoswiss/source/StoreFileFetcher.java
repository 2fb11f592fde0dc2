package org.remotestore.meteoswiss.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
      byte[] body;
      try (InputStream in = answer.body()) {
        body = in.readAllBytes();
      }
      String sha256 = sha256(body);
      if (sha256.equals(request.previousSha256())) {
        return new FetchResult(
            true, true, etag, lastModified, sha256, body.length, List.of(), false);
      }
      boolean acceptCut = sha256.equals(request.acceptUnterminatedSha256());
      List<ParsedLine> lines = new ArrayList<>();
      MeteoSwissCsvParser parser = acceptCut ? lenient : strict;
      try (MeasurementReader reader = parser.open(new ByteArrayInputStream(body), request.file())) {
        for (ParsedLine line = reader.next(); line != null; line = reader.next()) {
          lines.add(line);
        }
      }
      boolean truncated = false;
      if (!lines.isEmpty()
          && lines.get(lines.size() - 1) instanceof RejectedRow last
          && last.reason() == RejectReason.TRUNCATED) {
        lines.remove(lines.size() - 1);
        truncated = true;
      }
      return new FetchResult(
          true, false, etag, lastModified, sha256, body.length, lines, truncated);
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
