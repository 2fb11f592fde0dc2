package org.remotestore.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.remotestore.FileSizeReporting;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GET. It counts the bytes against the response's {@code Content-Length}: a body read
 * to its end (whether or not the caller read the {@code -1}) releases its connection for reuse;
 * closing it before the end aborts the connection instead of draining a possibly huge remainder. It
 * reports the object's size from {@code Content-Range} (or the length of a whole-object body). SDK
 * failures while reading surface as {@link org.remotestore.RemoteStoreException
 * RemoteStoreExceptions}.
 */
final class S3ObjectInputStream extends InputStream implements FileSizeReporting {
  private final ResponseInputStream<?> body;
  private final String backend;
  private final String bucket;
  private final String key;
  private final long fileSize;
  private long remaining;
  private boolean eof;
  private boolean closed;

  /**
   * @param wholeObject whether the GET asked for the whole object (no {@code Range}), so that its
   *     length is the object's size
   */
  S3ObjectInputStream(
      ResponseInputStream<?> body, String backend, String bucket, String key, boolean wholeObject) {
    this.body = body;
    this.backend = backend;
    this.bucket = bucket;
    this.key = key;
    long length = -1;
    long size = -1;
    if (body.response() instanceof GetObjectResponse response) {
      length = response.contentLength() == null ? -1 : response.contentLength();
      size = totalOf(response.contentRange());
      if (size < 0 && (wholeObject || response.contentRange() == null)) {
        size = length; // a complete object (200): its length is the size
      }
    }
    this.remaining = length;
    this.fileSize = size;
    if (length == 0) {
      eof = true;
    }
  }

  /** The total of a {@code Content-Range: bytes a-b/total} header, or -1. */
  static long totalOf(String contentRange) {
    if (contentRange == null) {
      return -1;
    }
    int end = contentRange.length();
    while (end > 0 && Character.isWhitespace(contentRange.charAt(end - 1))) {
      end--;
    }
    int slash = contentRange.lastIndexOf('/', end - 1);
    if (slash < 0 || slash == end - 1) {
      return -1;
    }
    long total = 0;
    for (int i = slash + 1; i < end; i++) {
      char c = contentRange.charAt(i);
      if (c < '0' || c > '9' || total > (Long.MAX_VALUE - 9) / 10) {
        return -1; // "*" (unknown) or not a number
      }
      total = total * 10 + (c - '0');
    }
    return total;
  }

  @Override
  public long fileSize() {
    return fileSize;
  }

  private void consumed(long n) {
    if (remaining > 0) {
      remaining -= n;
      if (remaining <= 0) {
        eof = true;
      }
    }
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    try {
      int b = body.read();
      if (b < 0) {
        eof = true;
      } else {
        consumed(1);
      }
      return b;
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, backend, bucket, "read", key);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    ensureOpen();
    if (length == 0) {
      return 0;
    }
    try {
      int n = body.read(buffer, offset, length);
      if (n < 0) {
        eof = true;
      } else {
        consumed(n);
      }
      return n;
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, backend, bucket, "read", key);
    }
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    return body.available();
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream closed: s3://" + bucket + "/" + key);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!eof) {
        body.abort();
      }
      body.close();
    } catch (SdkException | UncheckedIOException | IOException e) {
      // the connection is released either way; nothing the caller can act on
    }
  }
}
