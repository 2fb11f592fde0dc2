package org.remotestore.azure;

import java.io.IOException;
import org.remotestore.Store;

/**
 * A stream that publishes one blob atomically on {@link #close()}: full blocks are staged while the
 * caller writes (bounded memory), and closing commits the block list in one request. A stream that
 * fits in one block is sent as a single Put Blob instead. {@link #abort()} commits nothing; the
 * staged blocks stay uncommitted, invisible, and Azure discards them (after a week at the latest,
 * or at the next commit of the blob).
 *
 * <p>With {@code overwrite == false} the publishing request carries {@code If-None-Match: *}, so a
 * file created by someone else meanwhile is never replaced.
 */
final class BlockBlobOutputStream extends Store.AtomicOutputStream {
  private final BlobRestClient blob;
  private final String key;
  private final boolean overwrite;
  private final AzureErrors errors;
  private final BlockWriter writer;
  private boolean closed;
  private boolean aborted;

  BlockBlobOutputStream(
      BlobRestClient blob, String key, boolean overwrite, AzureErrors errors, BlockWriter writer) {
    this.blob = blob;
    this.key = key;
    this.overwrite = overwrite;
    this.errors = errors;
    this.writer = writer;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("Stream to '" + key + "' is " + (aborted ? "aborted" : "closed"));
    }
    try {
      writer.write(data, offset, length);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer.nothingStaged()) {
        blob.putBlob(key, writer.bufferedBytes(), overwrite);
      } else {
        writer.stageBuffer();
        writer.awaitStaged();
        blob.putBlockList(key, writer.blockIds(), overwrite ? null : "*");
      }
    } catch (IOException | RuntimeException e) {
      aborted = true;
      writer.cancel();
      throw errors.translate(overwrite ? "write" : "write (no overwrite)", key, e);
    }
  }

  @Override
  public void abort() {
    aborted = true;
    closed = true;
    writer.cancel();
  }
}
