package org.remotestore.azure;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.remotestore.RemoteStoreException;

/**
 * Buffers written bytes and stages them as blocks of one blob, with at most {@code maxInFlight}
 * blocks being uploaded at a time, so memory stays bounded by about {@code (maxInFlight + 1) x
 * blockSize} however long the stream is. Nothing becomes visible until a block list is committed.
 *
 * <p>The buffer starts small and grows up to the block size, so that many small concurrent writers
 * (one per Flink bucket, say) do not each hold a full block. Not thread-safe: one writer thread.
 */
final class BlockWriter {
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final BlobRestClient blob;
  private final String key;
  private final AzureErrors errors;
  private final Executor executor;
  private final int blockSize;
  private final int maxInFlight;
  private final Semaphore permits;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<AzureUploadState.Run> previousRuns;
  private final byte[] session = BlockIds.newSession();
  private final List<Long> sizes = new ArrayList<>();

  private byte[] buffer;
  private int filled;
  private long position;
  private boolean fullBlockSeen;
  private volatile boolean cancelled;

  BlockWriter(
      BlobRestClient blob,
      String key,
      AzureErrors errors,
      Executor executor,
      int blockSize,
      int maxInFlight,
      List<AzureUploadState.Run> previousRuns,
      long startPosition) {
    this.blob = blob;
    this.key = key;
    this.errors = errors;
    this.executor = executor;
    this.blockSize = blockSize;
    this.maxInFlight = maxInFlight;
    this.permits = new Semaphore(maxInFlight);
    this.previousRuns = List.copyOf(previousRuns);
    this.position = startPosition;
  }

  /** Bytes written so far, including those of earlier sessions. */
  long position() {
    return position;
  }

  /** Whether no block has been staged by this writer and no earlier session exists. */
  boolean nothingStaged() {
    return sizes.isEmpty() && previousRuns.stream().allMatch(r -> r.count() == 0);
  }

  /** The bytes buffered and not yet staged (a copy). */
  byte[] bufferedBytes() {
    return buffer == null ? new byte[0] : Arrays.copyOf(buffer, filled);
  }

  void write(byte[] data, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    checkFailure();
    while (length > 0) {
      if (buffer == null || (filled == buffer.length && buffer.length < blockSize)) {
        grow(length);
      }
      int n = Math.min(length, buffer.length - filled);
      System.arraycopy(data, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
      position += n;
      if (filled == blockSize) {
        fullBlockSeen = true;
        stageBuffer();
      }
    }
  }

  private void grow(int wanted) {
    int target;
    if (buffer == null) {
      target = fullBlockSeen ? blockSize : Math.min(blockSize, Math.max(INITIAL_BUFFER, wanted));
    } else {
      target = (int) Math.min(blockSize, Math.max(2L * buffer.length, (long) filled + wanted));
    }
    buffer = buffer == null ? new byte[target] : Arrays.copyOf(buffer, target);
  }

  /** Stages the buffered bytes (if any) as the next block, asynchronously. */
  void stageBuffer() throws IOException {
    if (filled == 0) {
      return;
    }
    byte[] data = filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
    String id = BlockIds.id(session, sizes.size());
    sizes.add((long) filled);
    buffer = null;
    filled = 0;
    submit(id, data);
  }

  private void submit(String id, byte[] data) throws IOException {
    checkFailure();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while staging a block of " + key);
    }
    try {
      executor.execute(
          () -> {
            try {
              if (!cancelled && failure.get() == null) {
                blob.putBlock(key, id, data);
              }
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              permits.release();
            }
          });
    } catch (RejectedExecutionException e) {
      permits.release();
      throw new RemoteStoreException(
          "Cannot stage a block of '" + key + "': the azure backend is closed", null, key);
    }
  }

  /** Waits until every submitted block is staged; fails with the first staging failure. */
  void awaitStaged() throws IOException {
    try {
      permits.acquire(maxInFlight);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while staging blocks of " + key);
    }
    permits.release(maxInFlight);
    checkFailure();
  }

  private void checkFailure() throws IOException {
    Throwable t = failure.get();
    if (t != null) {
      throw errors.translate("stage block", key, t);
    }
  }

  /** Stops staging: blocks not yet sent are dropped; nothing is ever committed by this writer. */
  void cancel() {
    cancelled = true;
    buffer = null;
    filled = 0;
  }

  /** The ids of all blocks of earlier sessions and this one, in order. */
  List<String> blockIds() {
    return state("", "").blockIds();
  }

  /** The state after everything staged so far (callers stage the buffer and wait first). */
  AzureUploadState state(String container, String blobName) {
    List<AzureUploadState.Run> runs = new ArrayList<>(previousRuns);
    // drop empty runs of earlier sessions: they carry no block
    runs.removeIf(r -> r.count() == 0);
    long[] mine = new long[sizes.size()];
    for (int i = 0; i < mine.length; i++) {
      mine[i] = sizes.get(i);
    }
    runs.add(new AzureUploadState.Run(session, mine));
    long staged = position - filled;
    return new AzureUploadState(container, blobName, staged, runs);
  }
}
