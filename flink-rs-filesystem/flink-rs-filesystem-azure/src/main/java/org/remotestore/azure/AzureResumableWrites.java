package org.remotestore.azure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.ResumableWrites;

/**
 * Exactly-once writes on staged blocks, the basis of the Flink RecoverableWriter on Azure Blob
 * Storage (Flink itself offers this only on ADLS Gen2).
 *
 * <ul>
 *   <li><b>write</b>: bytes are buffered and staged as uncommitted blocks of the target blob; an
 *       uncommitted block is invisible to readers and listings.
 *   <li><b>persist</b>: stages the buffered tail as a (possibly short) block, waits until every
 *       block is staged, and returns the state: container, blob, the ordered block ids (as runs of
 *       per-session ids, see {@link AzureUploadState}) with their sizes, and the position.
 *   <li><b>resume</b>: checks that every block of the state is still staged with its size, then
 *       continues in a new session whose block ids cannot collide with anything staged before.
 *       Blocks staged after the persist point are not in the state and are dropped by the commit.
 *       The block the persisting writer would have staged next is overwritten with a marker of a
 *       different size, so that states persisted later by that writer can no longer be resumed
 *       (resuming an earlier state invalidates later ones, as with a truncated file).
 *   <li><b>closeForCommit</b>: stages the tail; <b>commit</b> commits the block list in one
 *       request, which publishes the blob atomically. Committing again (after a restart) finds the
 *       blob with exactly these committed blocks and the expected size and succeeds without
 *       writing.
 * </ul>
 *
 * <p><b>No cleanup is needed</b> ({@link #requiresCleanup()} is {@code false}): uncommitted blocks
 * cannot be deleted one by one, and need not be. Azure discards them when a block list is committed
 * for the blob, and at the latest after seven days. Nothing but uncommitted blocks is ever created
 * before commit, so no temporary object can leak. The flip side: a state cannot be resumed or
 * committed more than seven days after its blocks were staged, and a blob holds at most 50,000
 * committed blocks (one per persist or per {@code block-size} bytes).
 */
final class AzureResumableWrites implements ResumableWrites {
  private final AzureBlobBackend backend;

  AzureResumableWrites(AzureBlobBackend backend) {
    this.backend = backend;
  }

  @Override
  public PendingUpload begin(String key) throws IOException {
    backend.ensureContainer();
    return new PendingBlockUpload(key, backend.newWriter(key, List.of(), 0));
  }

  @Override
  public PendingUpload resume(byte[] resumeState) throws IOException {
    AzureUploadState state = decode(resumeState);
    String key = state.blob();
    BlobRestClient blob = backend.rest();
    Map<String, Long> staged = stagedBlocks(blob, key);
    List<String> ids = state.blockIds();
    List<Long> sizes = state.blockSizes();
    for (int i = 0; i < ids.size(); i++) {
      Long size = staged.get(ids.get(i));
      if (size == null || size.longValue() != sizes.get(i).longValue()) {
        throw new RemoteStoreException(
            "Cannot resume the upload to '"
                + key
                + "' on backend '"
                + backend.name()
                + "' at position "
                + state.position()
                + ": staged block "
                + (i + 1)
                + " of "
                + ids.size()
                + " is "
                + (size == null ? "gone" : "different")
                + " (the upload was committed, resumed from an earlier state, or its uncommitted"
                + " blocks expired: Azure keeps them for seven days)",
            backend.name(),
            key);
      }
    }
    invalidateLaterStates(blob, key, state, staged);
    return new PendingBlockUpload(key, backend.newWriter(key, state.runs(), state.position()));
  }

  /** Overwrites the next block of the persisting session with a marker of another size. */
  private void invalidateLaterStates(
      BlobRestClient blob, String key, AzureUploadState state, Map<String, Long> staged)
      throws IOException {
    String next = state.nextBlockIdOfWriter();
    Long existing = staged.get(next);
    byte[] marker = new byte[existing != null && existing == 1L ? 2 : 1];
    try {
      blob.putBlock(key, next, marker);
    } catch (RuntimeException e) {
      throw backend.errors().translate("resume upload", key, e);
    }
  }

  /** Uncommitted blocks of the blob by id with their sizes; empty when the blob has none. */
  private Map<String, Long> stagedBlocks(BlobRestClient blob, String key) throws IOException {
    Map<String, Long> out = new HashMap<>();
    try {
      for (BlobXml.Block b : blob.blockList(key, "uncommitted").uncommitted()) {
        out.put(b.name(), b.size());
      }
    } catch (RuntimeException e) {
      if (!AzureErrors.isStatus(e, 404)) {
        throw backend.errors().translate("list staged blocks", key, e);
      }
    }
    return out;
  }

  @Override
  public void commit(byte[] commitState) throws IOException {
    AzureUploadState state = decode(commitState);
    String key = state.blob();
    BlobRestClient blob = backend.rest();
    List<String> ids = state.blockIds();
    if (alreadyCommitted(blob, key, state, ids)) {
      return;
    }
    try {
      blob.putBlockList(key, ids, null);
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 400) && "InvalidBlockList".equals(AzureErrors.errorCode(e))) {
        if (alreadyCommitted(blob, key, state, ids)) {
          return;
        }
        throw new RemoteStoreException(
            "Cannot commit the upload to '"
                + key
                + "' on backend '"
                + backend.name()
                + "': its staged blocks are gone (committed over by another write, or expired"
                + " after seven days)",
            backend.name(),
            key,
            new AzureErrors.SanitizedCause(e, backend.errors()));
      }
      throw backend.errors().translate("commit upload", key, e);
    }
  }

  /** Whether the blob exists with exactly these committed blocks and the expected size. */
  private boolean alreadyCommitted(
      BlobRestClient blob, String key, AzureUploadState state, List<String> ids)
      throws IOException {
    List<BlobXml.Block> committed;
    try {
      committed = blob.blockList(key, "committed").committed();
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return false;
      }
      throw backend.errors().translate("list committed blocks", key, e);
    }
    List<String> names = new ArrayList<>();
    long size = 0;
    for (BlobXml.Block b : committed) {
      names.add(b.name());
      size += b.size();
    }
    if (!names.equals(ids) || size != state.position()) {
      return false;
    }
    // an empty block list also matches a blob someone else created empty: check the size
    return ids.isEmpty() ? sizeIs(key, 0) : true;
  }

  private boolean sizeIs(String key, long expected) throws IOException {
    var info = backend.stat(key);
    return info != null && info.size() == expected;
  }

  @Override
  public boolean cleanup(byte[] resumeState) throws IOException {
    decode(resumeState);
    // Uncommitted blocks cannot be deleted individually; Azure discards them on the next commit of
    // the blob or after seven days. Nothing else was created, so there is nothing to release.
    return false;
  }

  @Override
  public String targetKey(byte[] state) throws IOException {
    return decode(state).blob();
  }

  @Override
  public boolean requiresCleanup() {
    return false;
  }

  private AzureUploadState decode(byte[] bytes) throws IOException {
    AzureUploadState state = AzureUploadState.decode(bytes);
    if (!state.container().equals(backend.containerName())) {
      throw new RemoteStoreException(
          "Upload state for container '"
              + state.container()
              + "' given to backend '"
              + backend.name()
              + "' of container '"
              + backend.containerName()
              + "'",
          backend.name(),
          state.blob());
    }
    return state;
  }

  /** One upload in progress. */
  private final class PendingBlockUpload implements PendingUpload {
    private final String key;
    private final BlockWriter writer;
    private boolean closed;

    PendingBlockUpload(String key, BlockWriter writer) {
      this.key = key;
      this.writer = writer;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      ensureOpen();
      writer.write(buffer, offset, length);
    }

    @Override
    public long position() {
      return writer.position();
    }

    @Override
    public byte[] persist() throws IOException {
      ensureOpen();
      writer.stageBuffer();
      writer.awaitStaged();
      return writer.state(backend.containerName(), key).encode();
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      ensureOpen();
      writer.stageBuffer();
      writer.awaitStaged();
      closed = true;
      return writer.state(backend.containerName(), key).encode();
    }

    private void ensureOpen() throws IOException {
      if (closed) {
        throw new IOException("Upload to '" + key + "' is closed");
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        writer.cancel();
      }
    }
  }
}
