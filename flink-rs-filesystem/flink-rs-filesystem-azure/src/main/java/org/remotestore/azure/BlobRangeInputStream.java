package org.remotestore.azure;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;

/**
 * Reads a byte range of one version of a blob (pinned by its ETag with {@code If-Match}): the first
 * chunk (at most {@code read-block-size} bytes, fetched when the stream was opened, which is how a
 * small blob or a Parquet footer costs one GET) from memory, then the rest of the range as one GET
 * whose body is read as it arrives, straight into the caller's buffer. A transport failure in that
 * body resumes from the first byte not yet read, up to {@code max-retries} times without progress;
 * a blob replaced while being read fails instead of mixing two versions. A forward skip of up to
 * {@value #SKIP_IN_STREAM} bytes reads on in the open answer; a longer one closes it, and the next
 * read asks for the range from the new position.
 */
final class BlobRangeInputStream extends InputStream implements org.remotestore.FileSizeReporting {
  /** Forward skips up to this many bytes are read and dropped in the open answer. */
  static final long SKIP_IN_STREAM = 1024 * 1024;

  private final BlobRestClient blob;
  private final String key;
  private final AzureErrors errors;
  private final String etag;
  private final long end;
  private final long fileSize;
  private byte[] chunk;
  private int chunkPos;
  private int chunkLen;

  /** The offset of the first byte after the first chunk not yet read. */
  private long next;

  /** The open answer delivering {@code [next, end)}, or {@code null}. */
  private BlobHttp.Streamed rest;

  private boolean closed;

  /**
   * Creates the stream with a first chunk already fetched.
   *
   * @param firstChunk the bytes of {@code [start, start + firstLength)}
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
    if (chunkPos < chunkLen) {
      int n = Math.min(len, chunkLen - chunkPos);
      System.arraycopy(chunk, chunkPos, b, off, n);
      chunkPos += n;
      if (chunkPos == chunkLen) {
        chunk = null; // the rest streams: the first chunk's array is not needed any more
      }
      return n;
    }
    return next >= end ? -1 : readRest(b, off, (int) Math.min(len, end - next));
  }

  /** Reads from the answer delivering the rest, opening or resuming it as needed. */
  private int readRest(byte[] b, int off, int len) throws IOException {
    for (int failures = 0; ; failures++) {
      try {
        if (rest == null) {
          rest = blob.getRangeStreamed(key, next, end - next, Map.of("If-Match", etag));
        }
        int n = rest.body().read(b, off, len);
        if (n < 0) {
          throw new EOFException(
              "The answer for '" + key + "' ended at offset " + next + " instead of " + end);
        }
        next += n;
        if (next == end) {
          closeRest();
        }
        return n;
      } catch (IOException e) {
        closeRest();
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw e;
        }
        if (failures >= blob.http().maxRetries()) {
          throw errors.translate("read", key, e);
        }
        blob.http().pauseBeforeRetry(failures);
      } catch (RuntimeException e) {
        closeRest();
        if (AzureErrors.isStatus(e, 412)) {
          throw new org.remotestore.RemoteStoreException(
              "Blob '" + key + "' changed while it was being read (ETag mismatch)",
              null,
              key,
              new AzureErrors.SanitizedCause(e, errors));
        }
        throw errors.translate("read", key, e);
      }
    }
  }

  private void closeRest() {
    if (rest != null) {
      BlobHttp.Streamed open = rest;
      rest = null;
      open.close(next == end);
    }
  }

  @Override
  public int available() throws IOException {
    if (chunkPos < chunkLen) {
      return chunkLen - chunkPos;
    }
    return rest == null ? 0 : (int) Math.min(rest.body().available(), end - next);
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0 || closed) {
      return 0;
    }
    long inChunk = Math.min(n, chunkLen - chunkPos);
    chunkPos += (int) inChunk;
    long wanted = Math.min(n - inChunk, end - next);
    if (wanted == 0) {
      return inChunk;
    }
    if (rest != null && wanted <= SKIP_IN_STREAM) {
      byte[] dropped = new byte[(int) Math.min(wanted, 64 * 1024)];
      long skipped = 0;
      while (skipped < wanted) {
        int r = read(dropped, 0, (int) Math.min(dropped.length, wanted - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return inChunk + skipped;
    }
    closeRest();
    next += wanted;
    return inChunk + wanted;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeRest();
      chunk = null;
    }
  }
}
