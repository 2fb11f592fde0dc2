package org.remotestore.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.remotestore.AlreadyExists;
import org.remotestore.Store;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A write that becomes visible only on {@link #close()}: below the multipart threshold a single
 * PUT, above it a multipart upload whose parts are uploaded in the background while the caller
 * keeps writing. At most {@code upload-concurrency} parts are in flight, so memory stays bounded by
 * {@code (upload-concurrency + 1) * part-size} whatever the file size. {@link #abort()} (or a
 * failure) aborts the multipart upload so nothing is published and no parts linger.
 */
final class S3OutputStream extends Store.AtomicOutputStream {
  private final S3Backend backend;
  private final String key;
  private final boolean overwrite;
  private final long threshold;
  private final int partSize;
  private final int concurrency;
  private final ExecutorService pool;
  private final Semaphore permits;
  private final ConcurrentSkipListMap<Integer, CompletedPart> completed =
      new ConcurrentSkipListMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private byte[] buffer = new byte[8192];
  private int length;
  private String uploadId;
  private int nextPartNumber = 1;
  private long written;
  private boolean closed;
  private boolean aborted;

  S3OutputStream(
      S3Backend backend, String key, boolean overwrite, S3Settings settings, ExecutorService pool) {
    this.backend = backend;
    this.key = key;
    this.overwrite = overwrite;
    this.threshold = settings.multipartThreshold();
    this.partSize = (int) Math.min(settings.partSize(), Integer.MAX_VALUE - 64);
    this.concurrency = settings.uploadConcurrency();
    this.pool = pool;
    this.permits = new Semaphore(concurrency);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int count) throws IOException {
    ensureWritable();
    if (count < 0 || offset < 0 || offset + count > data.length) {
      throw new IndexOutOfBoundsException();
    }
    while (count > 0) {
      if (uploadId == null) {
        if (length + (long) count <= threshold) {
          append(data, offset, count);
          written += count;
          return;
        }
        switchToMultipart();
        continue;
      }
      int n = Math.min(count, partSize - length);
      append(data, offset, n);
      written += n;
      offset += n;
      count -= n;
      if (length == partSize) {
        submitPart();
      }
    }
  }

  private void append(byte[] data, int offset, int count) {
    if (length + count > buffer.length) {
      long wanted = Math.max((long) buffer.length * 2, (long) length + count);
      long cap = uploadId == null ? Math.max(threshold, partSize) : partSize;
      buffer = Arrays.copyOf(buffer, (int) Math.min(wanted, cap));
    }
    System.arraycopy(data, offset, buffer, length, count);
    length += count;
  }

  /** Starts the multipart upload and re-cuts what was buffered into parts. */
  private void switchToMultipart() throws IOException {
    uploadId = backend.uploads().createMultipartUpload(key);
    byte[] pending = buffer;
    int pendingLength = length;
    buffer = new byte[partSize];
    length = 0;
    int offset = 0;
    while (offset < pendingLength) {
      int n = Math.min(pendingLength - offset, partSize - length);
      System.arraycopy(pending, offset, buffer, length, n);
      length += n;
      offset += n;
      if (length == partSize) {
        submitPart();
      }
    }
  }

  private void submitPart() throws IOException {
    rethrowFailure();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while uploading s3 part for " + key);
    }
    final byte[] data = buffer;
    final int size = length;
    final int partNumber = nextPartNumber++;
    if (partNumber > 10_000) {
      permits.release();
      throw new IOException(
          "s3://"
              + backend.bucket()
              + "/"
              + key
              + ": more than 10000 parts; raise part-size of backend '"
              + backend.name()
              + "'");
    }
    buffer = new byte[partSize];
    length = 0;
    try {
      pool.execute(
          () -> {
            try {
              if (failure.get() == null) {
                completed.put(
                    partNumber,
                    backend.uploads().uploadPart(key, uploadId, partNumber, data, size));
              }
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              permits.release();
            }
          });
    } catch (RuntimeException e) {
      permits.release();
      throw new IOException("Could not schedule s3 part upload for " + key, e);
    }
  }

  private void awaitInFlight() throws InterruptedIOException {
    try {
      permits.acquire(concurrency);
      permits.release(concurrency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for s3 part uploads of " + key);
    }
  }

  private void rethrowFailure() throws IOException {
    Throwable t = failure.get();
    if (t == null) {
      return;
    }
    abortQuietly();
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof SdkException sdk) {
      throw S3Errors.map(sdk, backend.name(), backend.bucket(), "upload part", key);
    }
    throw new IOException("s3 part upload failed for " + key + ": " + t, t);
  }

  private void ensureWritable() throws IOException {
    if (closed || aborted) {
      throw new IOException("Stream for s3://" + backend.bucket() + "/" + key + " is closed");
    }
  }

  /** Bytes written so far. */
  long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    if (closed || aborted) {
      return;
    }
    closed = true;
    try {
      // Servers without conditional writes ignore If-None-Match: check again just before
      // publishing.
      checkTargetAbsent();
      if (uploadId == null) {
        byte[] data = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        buffer = null;
        backend.uploads().putObject(key, data, overwrite);
        return;
      }
      if (length > 0) {
        submitPart();
      }
      awaitInFlight();
      rethrowFailure();
      List<CompletedPart> parts = new ArrayList<>(completed.values());
      buffer = null;
      backend.uploads().completeMultipartUpload(key, uploadId, parts, overwrite);
      uploadId = null;
    } catch (IOException | RuntimeException e) {
      abortQuietly();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (aborted) {
      return;
    }
    aborted = true;
    buffer = null;
    abortQuietly();
  }

  private void abortQuietly() {
    String id = uploadId;
    if (id == null) {
      return;
    }
    uploadId = null;
    try {
      awaitInFlight();
    } catch (InterruptedIOException e) {
      // abort anyway
    }
    backend.uploads().abortMultipartUploadQuietly(key, id);
  }

  /** Fails fast when the target exists and overwriting is off. */
  void checkTargetAbsent() throws IOException {
    if (!overwrite && backend.stat(key) != null) {
      throw new AlreadyExists(
          "File exists and overwrite is off: s3://"
              + backend.bucket()
              + "/"
              + key
              + " (backend '"
              + backend.name()
              + "')",
          backend.name(),
          key);
    }
  }
}
