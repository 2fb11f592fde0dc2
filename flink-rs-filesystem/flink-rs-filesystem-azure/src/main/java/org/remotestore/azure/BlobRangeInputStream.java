package org.remotestore.azure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a byte range of one version of a blob (pinned by its ETag with {@code If-Match}) in chunks
 * of at most {@code chunkSize} bytes, one ranged GET per chunk, so memory per open stream is one
 * chunk. A blob replaced while being read fails the next chunk instead of mixing two versions.
 */
final class BlobRangeInputStream extends InputStream implements org.remotestore.FileSizeReporting {
  private final BlobRestClient blob;
  private final String key;
  private final AzureErrors errors;
  private final String etag;
  private final long end;
  private final long fileSize;
  private final int chunkSize;
  private byte[] chunk;
  private long next;
  private int chunkPos;
  private int chunkLen;
  private boolean closed;

  /**
   * Creates the stream with a first chunk already fetched.
   *
   * @param firstChunk the bytes of {@code [start, start + firstLength)}
   * @param chunkSize the size of the later chunks
   * @param end the exclusive end of the range
   * @param fileSize the size of the whole blob, from the first chunk's {@code Content-Range}
   */
  BlobRangeInputStream(
      BlobRestClient blob,
      String key,
      AzureErrors errors,
      String etag,
      byte[] firstChunk,
      int firstLength,
      int chunkSize,
      long start,
      long end,
      long fileSize) {
    this.blob = blob;
    this.key = key;
    this.errors = errors;
    this.etag = etag;
    this.end = end;
    this.fileSize = fileSize;
    this.chunk = firstChunk;
    this.chunkSize = chunkSize;
    this.chunkLen = firstLength;
    this.next = start + firstLength;
  }

  /** A fetched chunk: the response headers, the array holding the bytes and how many arrived. */
  record Fetched(BlobHttp.Answer response, byte[] data, int length) {}

  /**
   * Downloads {@code [offset, offset + length)} into {@code target}, which grows up to {@code
   * length} bytes when the answer is larger than it (so a short blob costs a short array).
   */
  static Fetched fetch(
      BlobRestClient blob,
      String key,
      long offset,
      long length,
      Map<String, String> conditions,
      byte[] target) {
    BlobHttp.Answer answer =
        blob.getRange(key, offset, length, conditions == null ? Map.of() : conditions, target);
    return new Fetched(answer, answer.body(), answer.length());
  }

  @Override
  public long fileSize() {
    return fileSize;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("Stream of '" + key + "' is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (chunkPos == chunkLen && !refill()) {
      return -1;
    }
    int n = Math.min(len, chunkLen - chunkPos);
    System.arraycopy(chunk, chunkPos, b, off, n);
    chunkPos += n;
    return n;
  }

  private boolean refill() throws IOException {
    if (next >= end) {
      return false;
    }
    int want = (int) Math.min(chunkSize, end - next);
    if (chunk.length < want) {
      chunk = new byte[want];
    }
    try {
      Fetched fetched = fetch(blob, key, next, want, Map.of("If-Match", etag), chunk);
      chunk = fetched.data();
      int got = fetched.length();
      if (got != want) {
        throw new IOException(
            "Short read of '"
                + key
                + "' at offset "
                + next
                + ": "
                + got
                + " of "
                + want
                + " bytes");
      }
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 412)) {
        throw new org.remotestore.RemoteStoreException(
            "Blob '" + key + "' changed while it was being read (ETag mismatch)",
            null,
            key,
            new AzureErrors.SanitizedCause(e, errors));
      }
      throw errors.translate("read", key, e);
    }
    chunkPos = 0;
    chunkLen = want;
    next += want;
    return true;
  }

  @Override
  public int available() {
    return chunkLen - chunkPos;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long inChunk = Math.min(n, chunkLen - chunkPos);
    chunkPos += (int) inChunk;
    long rest = Math.min(n - inChunk, end - next);
    next += rest;
    return inChunk + rest;
  }

  @Override
  public void close() {
    closed = true;
  }
}
