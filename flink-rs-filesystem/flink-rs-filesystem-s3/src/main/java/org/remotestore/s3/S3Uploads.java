package org.remotestore.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.remotestore.AlreadyExists;
import org.remotestore.RemoteStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Object writes of an {@code s3} backend: single puts (conditional with {@code If-None-Match: *}
 * when overwrite is off), the multipart upload steps the output stream and the resumable writes
 * use, listing uploads in progress, and server-side encryption on every write.
 */
final class S3Uploads {
  private static final Logger LOG = LoggerFactory.getLogger(S3Uploads.class);

  private final String name;
  private final S3Settings settings;
  private final S3Client client;

  S3Uploads(String name, S3Settings settings, S3Client client) {
    this.name = name;
    this.settings = settings;
    this.client = client;
  }

  private String bucket() {
    return settings.bucket();
  }

  void putObject(String key, byte[] data, boolean overwrite) throws IOException {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket()).key(key);
    applyEncryption(settings, request);
    if (!overwrite) {
      request.ifNoneMatch("*");
    }
    try {
      client.putObject(request.build(), RequestBody.fromBytes(data));
    } catch (SdkException | UncheckedIOException e) {
      throw failWrite(e, key, overwrite, "write");
    }
  }

  /** Puts a small object with user metadata (used for resumable-write tails). */
  void putObject(String key, byte[] data, int length, Map<String, String> metadata)
      throws IOException {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(bucket()).key(key).metadata(metadata);
    applyEncryption(settings, request);
    try {
      client.putObject(
          request.build(),
          RequestBody.fromInputStream(new ByteArrayInputStream(data, 0, length), length));
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, name, bucket(), "write", key);
    }
  }

  private RemoteStoreException failWrite(
      RuntimeException e, String key, boolean overwrite, String operation) {
    if (!overwrite && (S3Errors.hasStatus(e, 412) || S3Errors.hasStatus(e, 409))) {
      return new AlreadyExists(
          "File exists and overwrite is off: s3://"
              + bucket()
              + "/"
              + key
              + " (backend '"
              + name
              + "')",
          name,
          key,
          S3Errors.detached(e));
    }
    return S3Errors.map(e, name, bucket(), operation, key);
  }

  String createMultipartUpload(String key) throws IOException {
    CreateMultipartUploadRequest.Builder request =
        CreateMultipartUploadRequest.builder().bucket(bucket()).key(key);
    if (settings.sse() != null) {
      request.serverSideEncryption(ServerSideEncryption.fromValue(settings.sse()));
      if (settings.sseKmsKeyId() != null) {
        request.ssekmsKeyId(settings.sseKmsKeyId());
      }
    }
    try {
      return client.createMultipartUpload(request.build()).uploadId();
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, name, bucket(), "start multipart upload", key);
    }
  }

  CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] data, int length)
      throws IOException {
    try {
      String etag =
          client
              .uploadPart(
                  b -> b.bucket(bucket()).key(key).uploadId(uploadId).partNumber(partNumber),
                  RequestBody.fromInputStream(new ByteArrayInputStream(data, 0, length), length))
              .eTag();
      return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, name, bucket(), "upload part " + partNumber, key);
    }
  }

  void completeMultipartUpload(
      String key, String uploadId, List<CompletedPart> parts, boolean overwrite)
      throws IOException {
    try {
      client.completeMultipartUpload(
          b -> {
            b.bucket(bucket())
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build());
            if (!overwrite) {
              b.ifNoneMatch("*");
            }
          });
    } catch (SdkException | UncheckedIOException e) {
      throw failWrite(e, key, overwrite, "complete multipart upload");
    }
  }

  void abortMultipartUpload(String key, String uploadId) throws IOException {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId));
    } catch (SdkException | UncheckedIOException e) {
      if (S3Errors.hasStatus(e, 404)) {
        return; // already gone
      }
      throw S3Errors.map(e, name, bucket(), "abort multipart upload", key);
    }
  }

  void abortMultipartUploadQuietly(String key, String uploadId) {
    try {
      abortMultipartUpload(key, uploadId);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Could not abort multipart upload of s3://{}/{} (backend '{}'): {}",
          bucket(),
          key,
          name,
          e.getMessage());
    }
  }

  static void applyEncryption(S3Settings settings, PutObjectRequest.Builder request) {
    if (settings.sse() != null) {
      request.serverSideEncryption(ServerSideEncryption.fromValue(settings.sse()));
      if (settings.sseKmsKeyId() != null) {
        request.ssekmsKeyId(settings.sseKmsKeyId());
      }
    }
  }

  static void applyEncryption(S3Settings settings, CopyObjectRequest.Builder request) {
    if (settings.sse() != null) {
      request.serverSideEncryption(ServerSideEncryption.fromValue(settings.sse()));
      if (settings.sseKmsKeyId() != null) {
        request.ssekmsKeyId(settings.sseKmsKeyId());
      }
    }
  }

  /** The multipart uploads in progress whose keys start with {@code keyPrefix}. */
  List<S3Backend.MultipartUploadInfo> listMultipartUploads(String keyPrefix) throws IOException {
    List<S3Backend.MultipartUploadInfo> out = new ArrayList<>();
    try {
      String keyMarker = null;
      String uploadIdMarker = null;
      while (true) {
        final String km = keyMarker;
        final String um = uploadIdMarker;
        ListMultipartUploadsResponse page =
            client.listMultipartUploads(
                b -> b.bucket(bucket()).prefix(keyPrefix).keyMarker(km).uploadIdMarker(um));
        for (MultipartUpload upload : page.uploads()) {
          out.add(
              new S3Backend.MultipartUploadInfo(
                  upload.key(), upload.uploadId(), upload.initiated()));
        }
        if (!Boolean.TRUE.equals(page.isTruncated())) {
          return out;
        }
        keyMarker = page.nextKeyMarker();
        uploadIdMarker = page.nextUploadIdMarker();
      }
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, name, bucket(), "list multipart uploads", keyPrefix);
    }
  }

  /** The user metadata of an object (keys in lower case), or {@code null} when it is missing. */
  Map<String, String> metadata(String key) throws IOException {
    try {
      return client.headObject(b -> b.bucket(bucket()).key(key)).metadata();
    } catch (SdkException | UncheckedIOException e) {
      if (S3Errors.hasStatus(e, 404)) {
        return null;
      }
      throw S3Errors.map(e, name, bucket(), "read metadata", key);
    }
  }

  /** The bytes uploaded so far to a multipart upload (the sum of its parts' sizes). */
  long uploadedBytes(String key, String uploadId) throws IOException {
    long total = 0;
    try {
      Integer marker = null;
      while (true) {
        final Integer m = marker;
        ListPartsResponse page =
            client.listParts(
                b -> b.bucket(bucket()).key(key).uploadId(uploadId).partNumberMarker(m));
        for (Part part : page.parts()) {
          total += part.size() == null ? 0 : part.size();
        }
        if (!Boolean.TRUE.equals(page.isTruncated())) {
          return total;
        }
        marker = page.nextPartNumberMarker();
      }
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, name, bucket(), "list parts", key);
    }
  }
}
