package org.remotestore.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The body of a GET. Closing it before the end aborts the connection instead of draining a possibly
 * huge remainder; SDK failures while reading surface as {@link org.remotestore.RemoteStoreException
 * RemoteStoreExceptions}.
 */
final class S3ObjectInputStream extends InputStream {
  private final ResponseInputStream<?> body;
  private final String backend;
  private final String bucket;
  private final String key;
  private boolean eof;
  private boolean closed;

  S3ObjectInputStream(ResponseInputStream<?> body, String backend, String bucket, String key) {
    this.body = body;
    this.backend = backend;
    this.bucket = bucket;
    this.key = key;
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    try {
      int b = body.read();
      if (b < 0) {
        eof = true;
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
