package org.remotestore.ext.retry;

import java.io.IOException;
import org.remotestore.RecoverableUploads;

/**
 * Recoverable uploads whose repeatable calls are retried: starting and resuming an upload,
 * committing (idempotent by contract), cleaning up and aborting. The bytes and {@code persist} of
 * an upload in progress are not: the upload's state after a failed attempt is unknown, and Flink
 * recovers it from the last checkpoint instead.
 */
final class RetryingUploads implements RecoverableUploads {
  private final RecoverableUploads uploads;
  private final RetryPolicy policy;

  RetryingUploads(RecoverableUploads uploads, RetryPolicy policy) {
    this.uploads = uploads;
    this.policy = policy;
  }

  @Override
  public Upload create(String path) throws IOException {
    return policy.execute("create", () -> uploads.create(path));
  }

  @Override
  public Upload recover(String path, byte[] resumeState) throws IOException {
    return policy.execute("recover", () -> uploads.recover(path, resumeState));
  }

  @Override
  public void commit(String path, byte[] commitState) throws IOException {
    policy.execute(
        "commit",
        () -> {
          uploads.commit(path, commitState);
          return null;
        });
  }

  @Override
  public boolean cleanup(String path, byte[] resumeState) throws IOException {
    return policy.execute("cleanup", () -> uploads.cleanup(path, resumeState));
  }

  @Override
  public boolean requiresCleanup() {
    return uploads.requiresCleanup();
  }

  @Override
  public void abort(String path, byte[] commitState) throws IOException {
    policy.execute(
        "abort",
        () -> {
          uploads.abort(path, commitState);
          return null;
        });
  }
}
