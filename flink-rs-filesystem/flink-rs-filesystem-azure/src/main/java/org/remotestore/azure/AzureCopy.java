package org.remotestore.azure;

import java.io.IOException;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;

/**
 * Server-side copies of an {@code azure} backend (Copy Blob, its status polled until it completes).
 */
final class AzureCopy {
  private final AzureBlobBackend backend;
  private final AzureBlobSettings settings;
  private final AzureErrors errors;
  private final String sasForCopySource;

  AzureCopy(AzureBlobBackend backend, String sasForCopySource) {
    this.backend = backend;
    this.settings = backend.settings();
    this.errors = backend.errors();
    this.sasForCopySource = sasForCopySource;
  }

  /** A server-side Copy Blob, pinned to the source version and polled until done. */
  boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    backend.ensureContainer();
    FileInfo source = backend.stat(sourceKey);
    if (source == null) {
      throw new NotFound("No such file: " + sourceKey, backend.name(), sourceKey);
    }
    BlobRestClient rest = backend.rest();
    String sourceUrl = rest.blobUrl(sourceKey);
    if (sasForCopySource != null) {
      sourceUrl = sourceUrl + "?" + sasForCopySource;
    }
    try {
      BlobHttp.Answer started =
          rest.copy(targetKey, sourceUrl, AzureBlobBackend.quoteEtag(source.etag()), overwrite);
      String status = started.header("x-ms-copy-status");
      String copyId = started.header("x-ms-copy-id");
      long deadline = System.nanoTime() + settings.copyTimeout.toNanos();
      while ("pending".equalsIgnoreCase(status) && System.nanoTime() < deadline) {
        sleep();
        status = rest.properties(targetKey).header("x-ms-copy-status");
      }
      if (!"success".equalsIgnoreCase(status)) {
        if ("pending".equalsIgnoreCase(status) && copyId != null) {
          try {
            rest.abortCopy(targetKey, copyId);
          } catch (RuntimeException ignored) {
            // the copy may have finished meanwhile; the error below still stands
          }
        }
        throw new RemoteStoreException(
            "Azure copy of '"
                + sourceKey
                + "' to '"
                + targetKey
                + "' on backend '"
                + backend.name()
                + "' did not complete: "
                + status,
            backend.name(),
            targetKey);
      }
      return true;
    } catch (RuntimeException e) {
      String code = AzureErrors.errorCode(e);
      if (AzureErrors.isStatus(e, 412)
          && ("SourceConditionNotMet".equals(code)
              || "ConditionNotMet".equals(code) && overwrite)) {
        throw new RemoteStoreException(
            "Azure copy of '" + sourceKey + "' failed: the source changed during the copy",
            backend.name(),
            sourceKey,
            new AzureErrors.SanitizedCause(e, errors));
      }
      if (AzureErrors.isStatus(e, 404)) {
        throw errors.translate("copy (source)", sourceKey, e);
      }
      if (AzureErrors.isStatus(e, 409) && !overwrite && !"PendingCopyOperation".equals(code)) {
        throw new org.remotestore.AlreadyExists(
            "File exists: '" + targetKey + "' on backend '" + backend.name() + "'",
            backend.name(),
            targetKey,
            new AzureErrors.SanitizedCause(e, errors));
      }
      throw errors.translate("copy to", targetKey, e);
    }
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a copy");
    }
  }
}
