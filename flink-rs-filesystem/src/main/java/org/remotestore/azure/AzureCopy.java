package org.remotestore.azure;

import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import java.io.IOException;
import java.time.Duration;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;

/** Server-side copies of an {@code azure} backend (Copy Blob, polled until it completes). */
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
    BlobClient target = backend.container().getBlobClient(targetKey);
    String sourceUrl = backend.container().getBlobClient(sourceKey).getBlobUrl();
    if (sasForCopySource != null) {
      sourceUrl = sourceUrl + "?" + sasForCopySource;
    }
    BlobBeginCopyOptions options =
        new BlobBeginCopyOptions(sourceUrl)
            .setPollInterval(Duration.ofMillis(250))
            .setSourceRequestConditions(
                new BlobBeginCopySourceRequestConditions()
                    .setIfMatch(AzureBlobBackend.quoteEtag(source.etag())));
    if (!overwrite) {
      options.setDestinationRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    }
    try {
      SyncPoller<BlobCopyInfo, Void> poller = target.beginCopy(options);
      PollResponse<BlobCopyInfo> done = poller.waitForCompletion(settings.copyTimeout);
      BlobCopyInfo info = done.getValue();
      if (done.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED
          || info == null
          || info.getCopyStatus() != CopyStatusType.SUCCESS) {
        if (info != null && info.getCopyStatus() == CopyStatusType.PENDING) {
          try {
            target.abortCopyFromUrl(info.getCopyId());
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
                + (info == null ? done.getStatus() : info.getCopyStatus()),
            backend.name(),
            targetKey);
      }
      return true;
    } catch (RuntimeException e) {
      BlobErrorCode code = AzureErrors.errorCode(e);
      if (AzureErrors.isStatus(e, 412)
          && (BlobErrorCode.SOURCE_CONDITION_NOT_MET.equals(code)
              || BlobErrorCode.CONDITION_NOT_MET.equals(code) && overwrite)) {
        throw new RemoteStoreException(
            "Azure copy of '" + sourceKey + "' failed: the source changed during the copy",
            backend.name(),
            sourceKey,
            new AzureErrors.SanitizedCause(e, errors));
      }
      if (AzureErrors.isStatus(e, 404)) {
        throw errors.translate("copy (source)", sourceKey, e);
      }
      if (AzureErrors.isStatus(e, 409)
          && !overwrite
          && !BlobErrorCode.PENDING_COPY_OPERATION.equals(code)) {
        throw new org.remotestore.AlreadyExists(
            "File exists: '" + targetKey + "' on backend '" + backend.name() + "'",
            backend.name(),
            targetKey,
            new AzureErrors.SanitizedCause(e, errors));
      }
      throw errors.translate("copy to", targetKey, e);
    }
  }
}
