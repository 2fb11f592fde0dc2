package org.remotestore.azure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Blob service operations the azure backend uses, on one container, over {@link BlobHttp}:
 * ranged Get Blob, Get Blob Properties, List Blobs (prefix, delimiter, marker), Put Blob, Put
 * Block, Put Block List, Get Block List, Copy Blob and Abort Copy, Delete Blob, Create Container.
 * Failures are {@link BlobServiceException}s (an answer) or {@link java.io.UncheckedIOException}s
 * (the transport), as {@link AzureErrors} expects.
 */
final class BlobRestClient implements AutoCloseable {
  private static final String OCTETS = "application/octet-stream";

  private final BlobHttp http;
  private final String containerUrl;

  /**
   * Creates the client.
   *
   * @param endpoint the service endpoint without a trailing slash ({@code
   *     https://acct.blob.core.windows.net}, or Azurite's {@code http://host:port/acct})
   */
  BlobRestClient(BlobHttp http, String endpoint, String container) {
    this.http = http;
    this.containerUrl = endpoint + "/" + container;
  }

  /** The URL of a blob (without any SAS). */
  String blobUrl(String key) {
    return containerUrl + "/" + encodePath(key);
  }

  /** Ranged Get Blob of {@code [offset, offset + length)} into {@code into}, grown as needed. */
  BlobHttp.Answer getRange(
      String key, long offset, long length, Map<String, String> conditions, byte[] into) {
    Map<String, String> h = new LinkedHashMap<>(conditions);
    h.put("x-ms-range", "bytes=" + offset + "-" + (offset + length - 1));
    return http.send(
        "Get Blob",
        "GET",
        blobUrl(key),
        h,
        null,
        into,
        (int) Math.min(Integer.MAX_VALUE - 8, length));
  }

  /**
   * Get Blob of {@code [offset, offset + length)} with the body streamed as it arrives (see {@link
   * BlobHttp.Streamed#close}).
   */
  BlobHttp.Streamed getRangeStreamed(
      String key, long offset, long length, Map<String, String> conditions) {
    Map<String, String> h = new LinkedHashMap<>(conditions);
    h.put("x-ms-range", "bytes=" + offset + "-" + (offset + length - 1));
    return http.stream("Get Blob", blobUrl(key), h);
  }

  /** The HTTP layer's retry policy, for reads that resume a streamed answer. */
  BlobHttp http() {
    return http;
  }

  /** Get Blob Properties (a HEAD). */
  BlobHttp.Answer properties(String key) {
    return http.send("Get Blob Properties", "HEAD", blobUrl(key), Map.of(), null, null, 0);
  }

  /**
   * One page of List Blobs.
   *
   * @param delimiter {@code "/"} for one level, or {@code null} for a flat listing
   * @param marker the previous page's next marker, or {@code null}
   * @param maxResults at most this many entries, or {@code 0} for the service's default
   */
  BlobXml.Page list(
      String prefix, String delimiter, String marker, int maxResults, boolean uncommitted) {
    StringBuilder q = new StringBuilder("?restype=container&comp=list");
    if (!prefix.isEmpty()) {
      q.append("&prefix=").append(encodeQuery(prefix));
    }
    if (delimiter != null) {
      q.append("&delimiter=").append(encodeQuery(delimiter));
    }
    if (marker != null) {
      q.append("&marker=").append(encodeQuery(marker));
    }
    if (maxResults > 0) {
      q.append("&maxresults=").append(maxResults);
    }
    if (uncommitted) {
      q.append("&include=uncommittedblobs");
    }
    BlobHttp.Answer a = http.send("List Blobs", "GET", containerUrl + q, Map.of(), null, null, 0);
    return BlobXml.page(a.body(), a.length());
  }

  /** Put Blob (a block blob in one request); {@code If-None-Match: *} unless overwriting. */
  void putBlob(String key, byte[] data, boolean overwrite) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-ms-blob-type", "BlockBlob");
    h.put("Content-Type", OCTETS);
    if (!overwrite) {
      h.put("If-None-Match", "*");
    }
    http.send("Put Blob", "PUT", blobUrl(key), h, data, null, 0);
  }

  /** Put Block: stages one uncommitted block. */
  void putBlock(String key, String blockId, byte[] data) {
    http.send(
        "Put Block",
        "PUT",
        blobUrl(key) + "?comp=block&blockid=" + encodeQuery(blockId),
        Map.of("Content-Type", OCTETS),
        data,
        null,
        0);
  }

  /**
   * Put Block List: commits {@code ids} (each the latest of that id) as the blob.
   *
   * @param ifNoneMatch {@code "*"} to refuse an existing blob, or {@code null}
   * @return the new blob's ETag
   */
  String putBlockList(String key, List<String> ids, String ifNoneMatch) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/xml");
    if (ifNoneMatch != null) {
      h.put("If-None-Match", ifNoneMatch);
    }
    return http.send(
            "Put Block List",
            "PUT",
            blobUrl(key) + "?comp=blocklist",
            h,
            BlobXml.blockListBody(ids),
            null,
            0)
        .header("ETag");
  }

  /** Get Block List of {@code type} ({@code committed}, {@code uncommitted} or {@code all}). */
  BlobXml.Blocks blockList(String key, String type) {
    BlobHttp.Answer a =
        http.send(
            "Get Block List",
            "GET",
            blobUrl(key) + "?comp=blocklist&blocklisttype=" + type,
            Map.of(),
            null,
            null,
            0);
    return BlobXml.blocks(a.body(), a.length());
  }

  /**
   * Copy Blob from {@code sourceUrl}, pinned to {@code sourceEtag}.
   *
   * @return the answer ({@code x-ms-copy-status}, {@code x-ms-copy-id})
   */
  BlobHttp.Answer copy(String targetKey, String sourceUrl, String sourceEtag, boolean overwrite) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-ms-copy-source", sourceUrl);
    if (sourceEtag != null) {
      h.put("x-ms-source-if-match", sourceEtag);
    }
    if (!overwrite) {
      h.put("If-None-Match", "*");
    }
    return http.send("Copy Blob", "PUT", blobUrl(targetKey), h, null, null, 0);
  }

  /** Abort Copy Blob. */
  void abortCopy(String key, String copyId) {
    http.send(
        "Abort Copy Blob",
        "PUT",
        blobUrl(key) + "?comp=copy&copyid=" + encodeQuery(copyId),
        Map.of("x-ms-copy-action", "abort"),
        null,
        null,
        0);
  }

  /** Delete Blob with its snapshots, if it still has ETag {@code ifMatch} (unless null). */
  void delete(String key, String ifMatch) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-ms-delete-snapshots", "include");
    if (ifMatch != null) {
      h.put("If-Match", ifMatch);
    }
    http.send("Delete Blob", "DELETE", blobUrl(key), h, null, null, 0);
  }

  /** Create Container; an existing container is fine. */
  void createContainerIfNotExists() {
    try {
      http.send(
          "Create Container", "PUT", containerUrl + "?restype=container", Map.of(), null, null, 0);
    } catch (BlobServiceException e) {
      if (e.status() != 409) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    http.close();
  }

  /** Percent-encodes a blob name for the URL path, keeping {@code /}. */
  static String encodePath(String key) {
    return encode(key, true);
  }

  /** Percent-encodes a query parameter value. */
  static String encodeQuery(String value) {
    return encode(value, false);
  }

  private static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || keepSlash && c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "BlobRestClient{" + containerUrl + "}";
  }
}
