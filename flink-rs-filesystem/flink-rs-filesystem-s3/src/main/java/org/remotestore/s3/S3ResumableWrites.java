package org.remotestore.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.ResumableWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Exactly-once writes on S3 multipart uploads, the basis of the Flink {@code RecoverableWriter} on
 * {@code s3} backends.
 *
 * <ul>
 *   <li>{@code begin} starts a multipart upload on the target key; full parts (of {@code
 *       part-size}, at least 5 MiB) are uploaded as the data arrives.
 *   <li>{@code persist} stores the tail (the bytes after the last full part) in a temporary object
 *       {@code <tmp-prefix><token>/tail-<position>-<nonce>}, a fresh one per persist so that no two
 *       states ever share a tail, and returns a state naming upload, parts and tail.
 *   <li>{@code resume} checks that the upload still exists, downloads the tail into the buffer and
 *       continues at exactly the persisted position. Parts written after that persist by a failed
 *       attempt are overwritten or left out of the final part list.
 *   <li>{@code closeForCommit} uploads the rest as the last part; {@code commit} completes the
 *       upload. Committing again after success is a no-op (the upload is gone and the object has
 *       the expected size). Commit and abort delete the whole temporary folder of the write, so
 *       tails never accumulate even when cleanup calls are lost.
 *   <li>{@code cleanup} deletes the tail of a superseded state. It never aborts the upload, which
 *       later states still need.
 *   <li>Closing a pending upload that was never persisted aborts it (no state can refer to it);
 *       closing one that was persisted or resumed leaves it for recovery.
 * </ul>
 */
final class S3ResumableWrites implements ResumableWrites {
  private static final Logger LOG = LoggerFactory.getLogger(S3ResumableWrites.class);

  private final S3Backend backend;

  S3ResumableWrites(S3Backend backend) {
    this.backend = backend;
  }

  private String tmpFolder(String token) {
    return backend.settings().tmpPrefix() + token + "/";
  }

  @Override
  public PendingUpload begin(String key) throws IOException {
    String uploadId = backend.uploads().createMultipartUpload(key);
    String token = UUID.randomUUID().toString();
    return new S3PendingUpload(key, uploadId, token, new ArrayList<>(), new byte[0], 0, false);
  }

  @Override
  public PendingUpload resume(byte[] resumeState) throws IOException {
    S3UploadState state = S3UploadState.fromBytes(resumeState, false);
    checkBucket(state);
    if (!uploadExists(state.key(), state.uploadId())) {
      throw new NotFound(
          "Cannot resume the write of s3://"
              + state.bucket()
              + "/"
              + state.key()
              + " (backend '"
              + backend.name()
              + "'): its multipart upload no longer exists (committed, aborted or expired)",
          backend.name(),
          state.key());
    }
    byte[] tail = new byte[state.tailLength()];
    if (state.tailLength() > 0) {
      try (InputStream in = backend.read(state.tailKey(), 0, -1)) {
        int read = in.readNBytes(tail, 0, tail.length);
        if (read != tail.length || in.read() >= 0) {
          throw new RemoteStoreException(
              "Tail object s3://"
                  + state.bucket()
                  + "/"
                  + state.tailKey()
                  + " has not the persisted length "
                  + state.tailLength(),
              backend.name(),
              state.tailKey());
        }
      } catch (NotFound e) {
        throw new NotFound(
            "Cannot resume the write of s3://"
                + state.bucket()
                + "/"
                + state.key()
                + ": its tail object "
                + state.tailKey()
                + " is gone (was this state cleaned up?)",
            backend.name(),
            state.key(),
            e);
      }
    }
    return new S3PendingUpload(
        state.key(),
        state.uploadId(),
        state.token(),
        new ArrayList<>(state.parts()),
        tail,
        state.tailLength(),
        true);
  }

  /**
   * Whether the multipart upload is still in progress. Asks ListMultipartUploads rather than
   * ListParts: some S3-compatible servers still list the parts of a completed upload.
   */
  private boolean uploadExists(String key, String uploadId) throws IOException {
    return backend.uploads().listMultipartUploads(key).stream()
        .anyMatch(u -> u.key().equals(key) && u.uploadId().equals(uploadId));
  }

  private void checkBucket(S3UploadState state) throws IOException {
    if (!state.bucket().equals(backend.bucket())) {
      throw new IOException(
          "The s3 upload state belongs to bucket '"
              + state.bucket()
              + "' but backend '"
              + backend.name()
              + "' uses bucket '"
              + backend.bucket()
              + "'");
    }
  }

  @Override
  public void commit(byte[] commitState) throws IOException {
    S3UploadState state = S3UploadState.fromBytes(commitState, true);
    checkBucket(state);
    List<CompletedPart> parts = new ArrayList<>();
    for (S3UploadState.Part part : state.parts()) {
      parts.add(CompletedPart.builder().partNumber(part.number()).eTag(part.etag()).build());
    }
    for (int attempt = 1; ; attempt++) {
      try {
        backend.uploads().completeMultipartUpload(state.key(), state.uploadId(), parts, true);
        break;
      } catch (RemoteStoreException e) {
        // Either the upload is gone (S3 says NoSuchUpload, some servers InvalidPart), or the
        // answer was lost while the server completed it. Both are a success if exactly this
        // object exists; an upload still open after a transient failure is completed again.
        boolean stillOpen;
        try {
          stillOpen = uploadExists(state.key(), state.uploadId());
        } catch (IOException probe) {
          e.addSuppressed(probe);
          throw e;
        }
        if (stillOpen) {
          if (!e.isRetryable() || attempt >= COMMIT_ATTEMPTS) {
            throw e;
          }
          pause(attempt);
          continue;
        }
        checkAlreadyCommitted(state, e);
        break;
      }
    }
    if (!state.tailKey().isEmpty()) {
      deleteTmpFolder(state.token());
    }
  }

  /** How often commit completes an upload that is still open after a transient failure. */
  private static final int COMMIT_ATTEMPTS = 4;

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(200L * attempt);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while committing");
    }
  }

  /** Succeeds when the object of a vanished upload has the committed size; fails otherwise. */
  private void checkAlreadyCommitted(S3UploadState state, RemoteStoreException cause)
      throws IOException {
    FileInfo existing = backend.stat(state.key());
    if (existing == null || existing.size() != state.position()) {
      throw new NotFound(
          "Cannot commit s3://"
              + state.bucket()
              + "/"
              + state.key()
              + " (backend '"
              + backend.name()
              + "'): its multipart upload no longer exists and the object is "
              + (existing == null
                  ? "missing"
                  : "of size " + existing.size() + " instead of " + state.position()),
          backend.name(),
          state.key(),
          cause);
    }
    LOG.debug("s3://{}/{} was already committed", state.bucket(), state.key());
  }

  @Override
  public void abort(byte[] commitState) throws IOException {
    S3UploadState state = S3UploadState.fromBytes(commitState, true);
    checkBucket(state);
    backend.uploads().abortMultipartUpload(state.key(), state.uploadId());
    deleteTmpFolder(state.token());
  }

  private void deleteTmpFolder(String token) {
    try {
      List<String> keys = new ArrayList<>();
      backend.scan(tmpFolder(token), "list temporary objects").forEach(o -> keys.add(o.key()));
      backend.deleteKeys(keys);
    } catch (IOException e) {
      LOG.warn(
          "Could not delete temporary objects under s3://{}/{} (backend '{}'): {}",
          backend.bucket(),
          tmpFolder(token),
          backend.name(),
          e.getMessage());
    }
  }

  @Override
  public boolean cleanup(byte[] resumeState) throws IOException {
    S3UploadState state = S3UploadState.fromBytes(resumeState, false);
    checkBucket(state);
    if (state.tailKey().isEmpty()) {
      return false;
    }
    backend.deleteKeys(List.of(state.tailKey()));
    return true;
  }

  @Override
  public String targetKey(byte[] state) throws IOException {
    boolean commit = state != null && state.length > 0 && state[0] == S3UploadState.COMMIT;
    S3UploadState decoded = S3UploadState.fromBytes(state, commit);
    checkBucket(decoded);
    return decoded.key();
  }

  @Override
  public boolean requiresCleanup() {
    return true;
  }

  /** An upload in progress; single-threaded like the Flink stream that drives it. */
  private final class S3PendingUpload implements PendingUpload {
    private final String key;
    private final String uploadId;
    private final String token;
    private final List<S3UploadState.Part> parts;
    private final int partSize;
    private byte[] buffer;
    private int length;
    private long position;
    private boolean recoverable;
    private boolean temporaries;
    private boolean closedForCommit;
    private boolean closed;

    S3PendingUpload(
        String key,
        String uploadId,
        String token,
        List<S3UploadState.Part> parts,
        byte[] tail,
        int tailLength,
        boolean recoverable) {
      this.key = key;
      this.uploadId = uploadId;
      this.token = token;
      this.parts = parts;
      this.partSize = (int) Math.min(backend.settings().partSize(), Integer.MAX_VALUE - 64);
      this.buffer = tail;
      this.length = tailLength;
      long inParts = 0;
      for (S3UploadState.Part part : parts) {
        inParts += part.size();
      }
      this.position = inParts + tailLength;
      this.recoverable = recoverable;
      // a resumed upload may have tails from its own and from earlier attempts' persists
      this.temporaries = recoverable;
    }

    @Override
    public void write(byte[] data, int offset, int count) throws IOException {
      if (closed || closedForCommit) {
        throw new IOException(
            "The write of s3://" + backend.bucket() + "/" + key + " is already closed");
      }
      while (count > 0) {
        int n = Math.min(count, partSize - length);
        ensureCapacity(length + n);
        System.arraycopy(data, offset, buffer, length, n);
        length += n;
        position += n;
        offset += n;
        count -= n;
        if (length == partSize) {
          uploadBuffer();
        }
      }
    }

    private void ensureCapacity(int needed) {
      if (needed > buffer.length) {
        int grown = (int) Math.min(partSize, Math.max(needed, Math.max(8192L, buffer.length * 2L)));
        buffer = Arrays.copyOf(buffer, grown);
      }
    }

    private void uploadBuffer() throws IOException {
      int number = parts.isEmpty() ? 1 : parts.get(parts.size() - 1).number() + 1;
      CompletedPart part = backend.uploads().uploadPart(key, uploadId, number, buffer, length);
      parts.add(new S3UploadState.Part(number, part.eTag(), length));
      length = 0;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public byte[] persist() throws IOException {
      if (closed || closedForCommit) {
        throw new IOException(
            "The write of s3://" + backend.bucket() + "/" + key + " is already closed");
      }
      String tailKey = "";
      if (length > 0) {
        tailKey = tmpFolder(token) + "tail-" + position + "-" + UUID.randomUUID();
        backend
            .uploads()
            .putObject(tailKey, buffer, length, S3Leftovers.tailMetadata(key, uploadId));
        temporaries = true;
      }
      recoverable = true;
      return new S3UploadState(
              false, backend.bucket(), key, uploadId, token, parts, tailKey, length, position)
          .toBytes();
    }

    @Override
    public byte[] closeForCommit() throws IOException {
      if (closed || closedForCommit) {
        throw new IOException(
            "The write of s3://" + backend.bucket() + "/" + key + " is already closed");
      }
      if (length > 0 || parts.isEmpty()) {
        uploadBuffer();
      }
      closedForCommit = true;
      buffer = null;
      // a commit state names the folder of temporary objects to delete at commit, if any
      String cleanup = temporaries ? tmpFolder(token) : "";
      return new S3UploadState(
              true, backend.bucket(), key, uploadId, token, parts, cleanup, 0, position)
          .toBytes();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      buffer = null;
      if (!recoverable && !closedForCommit) {
        // No state refers to this upload: nothing may ever resume or commit it.
        backend.uploads().abortMultipartUploadQuietly(key, uploadId);
      }
    }
  }
}
