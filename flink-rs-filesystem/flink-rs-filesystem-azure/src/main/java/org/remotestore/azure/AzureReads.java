package org.remotestore.azure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;

/**
 * Reads of an {@code azure} backend: one ranged GET for the first chunk (no HEAD first), the rest
 * streamed pinned to the version seen, and conditional reads whose 304 answer carries no body.
 */
final class AzureReads {
  /** The first chunk's array starts this small and grows with the answer, up to the chunk size. */
  private static final int FIRST_ARRAY_BYTES = 64 * 1024;

  private static final Pattern CONTENT_RANGE_TOTAL = Pattern.compile("/(\\d+)\\s*$");

  private final AzureBlobBackend backend;
  private final AzureBlobSettings settings;
  private final AzureErrors errors;

  AzureReads(AzureBlobBackend backend) {
    this.backend = backend;
    this.settings = backend.settings();
    this.errors = backend.errors();
  }

  /** A ranged read together with the metadata of the version it reads. */
  record Opened(FileInfo info, InputStream stream) {}

  /**
   * Fetches the first chunk of {@code [offset, offset + length)} (one GET, no HEAD first), then
   * streams the rest pinned to the version seen. {@code extra} conditions apply to the first GET.
   */
  Opened openRange(String key, long offset, long length, Map<String, String> extra)
      throws IOException {
    BlobRestClient blob = backend.rest();
    long firstLength =
        length < 0 ? settings.readBlockSize : Math.min(length, (long) settings.readBlockSize);
    if (firstLength == 0) {
      FileInfo info = backend.stat(key);
      if (info == null) {
        throw new NotFound("No such file: " + key, backend.name(), key);
      }
      return new Opened(info, InputStream.nullInputStream());
    }
    byte[] chunk = new byte[(int) Math.min(firstLength, FIRST_ARRAY_BYTES)];
    BlobRangeInputStream.Fetched first;
    try {
      first = BlobRangeInputStream.fetch(blob, key, offset, firstLength, extra, chunk);
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 416)) {
        // the range starts at or after the end (an empty blob included): the blob exists
        FileInfo info = backend.stat(key);
        if (info == null) {
          throw new NotFound("No such file: " + key, backend.name(), key);
        }
        return new Opened(info, InputStream.nullInputStream());
      }
      if (AzureErrors.isStatus(e, 304)) {
        throw new NotModifiedSignal(e);
      }
      throw errors.translate("read", key, e);
    }
    BlobHttp.Answer headers = first.response();
    long total = totalSize(headers, offset, first.length());
    FileInfo info =
        new FileInfo(
            key,
            total,
            BlobXml.date(headers.header("Last-Modified")),
            AzureBlobBackend.normaliseEtag(headers.header("ETag")),
            BlobXml.md5Hex(headers.header("x-ms-blob-content-md5")));
    long end = length < 0 ? total : Math.min(total, offset + length);
    InputStream stream =
        new BlobRangeInputStream(
            blob,
            key,
            errors,
            headers.header("ETag"),
            first.data(),
            first.length(),
            offset,
            end,
            total);
    return new Opened(info, stream);
  }

  private static long totalSize(BlobHttp.Answer headers, long offset, int received) {
    String range = headers.header("Content-Range");
    if (range != null) {
      Matcher m = CONTENT_RANGE_TOTAL.matcher(range);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return offset + received;
  }

  /** Thrown inside {@link #openRange} when a conditional GET answered 304. */
  private static final class NotModifiedSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RuntimeException response;

    NotModifiedSignal(RuntimeException response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  /** A conditional GET: {@code If-None-Match} or {@code If-Modified-Since}; 304 reads no body. */
  ConditionalRead readIfChanged(String key, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    Map<String, String> conditions = new LinkedHashMap<>();
    if (ifNoneMatchEtag != null) {
      conditions.put("If-None-Match", AzureBlobBackend.quoteEtag(ifNoneMatchEtag));
    } else if (ifModifiedSince != null) {
      conditions.put(
          "If-Modified-Since",
          DateTimeFormatter.RFC_1123_DATE_TIME.format(
              ZonedDateTime.ofInstant(ifModifiedSince, ZoneOffset.UTC)));
    }
    try {
      Opened opened = openRange(key, 0, -1, conditions);
      return ConditionalRead.modified(opened.info, opened.stream);
    } catch (NotModifiedSignal notModified) {
      return ConditionalRead.notModified(infoFromNotModified(key, notModified.response));
    }
  }

  /** Metadata from a 304 answer's headers; a HEAD (still no body) when they are incomplete. */
  private FileInfo infoFromNotModified(String key, RuntimeException response) throws IOException {
    BlobServiceException headers = null;
    for (Throwable c = response; c != null; c = c.getCause()) {
      if (c instanceof BlobServiceException b) {
        headers = b;
        break;
      }
    }
    if (headers != null) {
      String etag = headers.header("ETag");
      String lastModified = headers.header("Last-Modified");
      String range = headers.header("Content-Range");
      Matcher m = range == null ? null : CONTENT_RANGE_TOTAL.matcher(range);
      if (etag != null && lastModified != null && m != null && m.find()) {
        return new FileInfo(
            key,
            Long.parseLong(m.group(1)),
            BlobXml.date(lastModified),
            AzureBlobBackend.normaliseEtag(etag),
            null);
      }
    }
    return backend.stat(key);
  }
}
