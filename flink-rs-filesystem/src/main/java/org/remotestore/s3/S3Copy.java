package org.remotestore.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.remotestore.AlreadyExists;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/** Server-side copies of an {@code s3} backend: CopyObject, or UploadPartCopy above 5 GiB. */
final class S3Copy {
  private final S3Backend backend;
  private final S3Uploads uploads;
  private final String name;
  private final S3Settings settings;
  private final S3Client client;

  S3Copy(S3Backend backend, S3Uploads uploads, S3Client client) {
    this.backend = backend;
    this.uploads = uploads;
    this.name = backend.name();
    this.settings = backend.settings();
    this.client = client;
  }

  private String bucket() {
    return settings.bucket();
  }

  /** Copies server-side; multipart copy above 5 GiB. */
  boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    FileInfo source = backend.stat(sourceKey);
    if (source == null) {
      throw new NotFound(
          "No such file: s3://" + bucket() + "/" + sourceKey + " (backend '" + name + "')",
          name,
          sourceKey);
    }
    if (!overwrite && backend.stat(targetKey) != null) {
      throw new AlreadyExists(
          "File exists and overwrite is off: s3://"
              + bucket()
              + "/"
              + targetKey
              + " (backend '"
              + name
              + "')",
          name,
          targetKey);
    }
    if (source.size() > S3Backend.MAX_SINGLE_COPY) {
      multipartCopy(sourceKey, targetKey, source.size(), overwrite);
      return true;
    }
    CopyObjectRequest.Builder request =
        CopyObjectRequest.builder()
            .sourceBucket(bucket())
            .sourceKey(sourceKey)
            .destinationBucket(bucket())
            .destinationKey(targetKey);
    S3Uploads.applyEncryption(settings, request);
    try {
      client.copyObject(request.build());
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, name, bucket(), "copy from " + sourceKey + " to", targetKey);
    }
    return true;
  }

  private void multipartCopy(String sourceKey, String targetKey, long size, boolean overwrite)
      throws IOException {
    String uploadId = uploads.createMultipartUpload(targetKey);
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long partSize = Math.max(settings.partSize(), (size + 9_999) / 10_000);
      int number = 1;
      for (long from = 0; from < size; from += partSize, number++) {
        long to = Math.min(size, from + partSize) - 1;
        final int partNumber = number;
        final String range = "bytes=" + from + "-" + to;
        UploadPartCopyResponse response;
        try {
          response =
              client.uploadPartCopy(
                  b ->
                      b.sourceBucket(bucket())
                          .sourceKey(sourceKey)
                          .destinationBucket(bucket())
                          .destinationKey(targetKey)
                          .uploadId(uploadId)
                          .partNumber(partNumber)
                          .copySourceRange(range));
        } catch (SdkException | UncheckedIOException e) {
          throw S3Errors.map(
              e,
              name,
              bucket(),
              "copy part " + partNumber + " from " + sourceKey + " to",
              targetKey);
        }
        parts.add(
            CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(response.copyPartResult().eTag())
                .build());
      }
      uploads.completeMultipartUpload(targetKey, uploadId, parts, overwrite);
    } catch (IOException | RuntimeException e) {
      uploads.abortMultipartUploadQuietly(targetKey, uploadId);
      throw e;
    }
  }
}
